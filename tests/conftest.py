"""Shared fixtures: the bundled data built once per session into an on-disk Oxigraph store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alliancekg.graph.build import build_store
from alliancekg.graph.store import OxigraphStore

REPO = Path(__file__).resolve().parents[1]

#: Live servers and small test stores (tests/servers.py), bundled datasets and a Wikidata-shaped endpoint
#: (tests/datasets.py), for every test folder.
pytest_plugins = ["tests.servers", "tests.datasets"]


def shared_dir() -> Path:
    """The shared datasets folder (``../shared`` beside the repository, or ``$ALLIANCEKG_SHARED``)."""
    return Path(os.environ.get("ALLIANCEKG_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from all bundled data (SHACL-validated; HermiT is tested separately)."""
    path = tmp_path_factory.mktemp("built") / "store"
    build_store(path, reason=False)
    return path


@pytest.fixture(scope="session")
def deal_2025_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding only the ontology and the October 2025 Microsoft–OpenAI deal file.

    The competency questions and the rights-in-force examples are about that agreement as
    signed; the full build also holds the 2026 amendments that supersede parts of it.
    """
    from alliancekg.data import DEALS_DIR
    from alliancekg.loaders.registry import ontology_input, yamlld_input

    path = tmp_path_factory.mktemp("deal-2025") / "store"
    build_store(path, [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml")], reason=False)
    return path


@pytest.fixture(scope="session")
def deal_2025_store(deal_2025_store_path: Path) -> OxigraphStore:
    """The 2025-only store, opened read-only."""
    opened = OxigraphStore(deal_2025_store_path, read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def store(built_store_path: Path) -> OxigraphStore:
    """The built store, opened read-only for queries."""
    opened = OxigraphStore(built_store_path, read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def deal_file() -> Path:
    """The bundled Microsoft–OpenAI 2025 deal file."""
    from alliancekg.data import DEALS_DIR

    return DEALS_DIR / "msft-openai-2025.yaml"


@pytest.fixture
def deal_copy(tmp_path: Path, deal_file: Path) -> Path:
    """A writable copy of the deal file (with its context beside it) for breaking in tests."""
    from alliancekg.data import CONTEXT_FILE

    (tmp_path / "deals").mkdir()
    (tmp_path / "context.jsonld").write_bytes(CONTEXT_FILE.read_bytes())
    copy = tmp_path / "deals" / deal_file.name
    copy.write_bytes(deal_file.read_bytes())
    return copy
