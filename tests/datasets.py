"""Fixtures of the loader tests: the bundle mapped once, writable copies of the built store,
and a local ``oxigraph serve`` loaded with the Wikidata-shaped fixture."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from alliancekg.devtools.processes import free_port, stop_process, wait_for_http
from alliancekg.loaders.datasets import Bundle, bundled
from tests.conftest import REPO, shared_dir

DATA = Path(__file__).resolve().parent / "loaders" / "data"


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    """Every bundled dataset, mapped once."""
    return bundled()


@pytest.fixture
def writable_store(built_store_path: Path, tmp_path: Path) -> Path:
    """A copy of the built store that a test may write to."""
    target = tmp_path / "store"
    shutil.copytree(built_store_path, target)
    return target


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """``shared/datasets`` beside the repository (skips when absent)."""
    path = shared_dir() / "datasets"
    if not path.is_dir():
        pytest.skip(f"shared datasets not found at {path}")
    return path


@pytest.fixture
def wikidata_endpoint(tmp_path: Path) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port, loaded with tests/loaders/data/wikidata-sample.ttl."""
    cli = Path(sys.executable).parent / "oxigraph"
    binary = str(cli) if cli.exists() else shutil.which("oxigraph")
    if not binary:
        pytest.fail("the oxigraph CLI is missing: install the test extras (pip install -e '.[test]')")
    location = tmp_path / "wikidata-store"
    subprocess.run([binary, "load", "--location", str(location), "--file", str(DATA / "wikidata-sample.ttl")],
                   check=True, capture_output=True, timeout=120)
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    process = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/query?query=ASK%7B%7D", process=process)
        yield f"{base}/query"
    finally:
        stop_process(process)
        log.close()


__all__ = ["DATA", "REPO"]
