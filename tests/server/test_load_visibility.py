"""A load committed while the server runs is seen at once by every route (before, ``/sparql``
kept answering from the data its workers had opened until a restart)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Literal, URIRef

from alliancekg.data import DEALS_DIR
from alliancekg.graph.build import build_store
from alliancekg.graph.store import OxigraphStore, bump_store_version, store_version
from alliancekg.loaders.registry import ontology_input, yamlld_input
from tests.servers import LiveServer

pytestmark = pytest.mark.server

NEW_DEAL = DEALS_DIR / "msft-openai-2026.yaml"
GRAPH_2026 = "https://w3id.org/alliance-kg/graph/user/msft-openai-2026"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A read-only server with two workers over a store holding the 2025 deal only."""
    from alliancekg.server.app import create_app

    path = tmp_path / "store"
    build_store(path, [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml")], reason=False)
    server = LiveServer(create_app(path, workers=2)).start()
    yield server.url, path
    server.stop()


def has_graph(url: str) -> list[bool]:
    """Whether /sparql sees the 2026 graph, asked often enough to reach every worker."""
    answers = []
    for _ in range(6):
        response = httpx.get(f"{url}/sparql", params={"query": f"ASK {{ GRAPH <{GRAPH_2026}> {{ ?s ?p ?o }} }}"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert response.status_code == 200, response.text
        answers.append(response.json()["boolean"])
    return answers


def agreements_2026(url: str) -> tuple[bool, bool]:
    """Whether /api/rights and OpenAI's page show provisions of a 2026 agreement."""
    rights = httpx.get(f"{url}/api/rights", params={"at": "2026-06-01"}, timeout=60).json()["provisions"]
    page = httpx.get(f"{url}/api/pages/org/ent:openai", params={"at": "2026-06-01"}, timeout=60).json()
    on_page = page["rights"]["scenario"]["held"] + page["rights"]["scenario"]["owed"]
    return any("2026" in p["agreement"] for p in rights), any("2026" in p["agreement"] for p in on_page)


@pytest.mark.slow
def test_sparql_sees_a_load_as_soon_as_it_is_committed(served: tuple[str, Path]) -> None:
    url, path = served
    assert has_graph(url) == [False] * 6
    # Every worker reads and keeps the provisions (see insight_operations.worker_view) before the load.
    assert [agreements_2026(url) for _ in range(4)] == [(False, False)] * 4
    load = subprocess.run([sys.executable, "-m", "alliancekg", "--store", str(path), "load", "--no-reason",
                           str(NEW_DEAL)], capture_output=True, text=True, timeout=300)
    assert load.returncode == 0, load.stdout + load.stderr
    assert has_graph(url) == [True] * 6
    assert [agreements_2026(url) for _ in range(4)] == [(True, True)] * 4


def test_store_version_changes_with_each_committed_write(tmp_path: Path) -> None:
    path = tmp_path / "store"
    graph = URIRef("urn:g")
    with OxigraphStore(path) as store:
        versions = [store_version(path), bump_store_version(path)]
        store.replace_graph(graph, [(URIRef("urn:a"), URIRef("urn:b"), Literal(1))])
        versions.append(store_version(path))
        store.drop_graph(graph)
        versions.append(store_version(path))
    assert versions[0] is None and len(set(versions)) == 4
    assert store_version(tmp_path / "missing") is None
