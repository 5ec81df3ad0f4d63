"""Writes through the service pass the checks of a load (SHACL, HermiT) or change nothing.

A real server with ``--allow-updates`` and a token, over a store holding the ontology and the
Microsoft–OpenAI deal; the hostile writes come from ``tests/data/hostile/``.  After refused
writes, ``alliancekg load`` of a valid file still succeeds (before, the bad data a write left
made every later load fail).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from alliancekg.data import DEALS_DIR
from alliancekg.graph.build import build_store
from alliancekg.graph.store import OxigraphStore
from alliancekg.loaders.registry import ontology_input, yamlld_input
from alliancekg.server.operations import GraphJob, OperationError, UpdateJob, graph_put, run_update
from alliancekg.server.write_checks import checked_write, commit_update, graph_contents
from tests.servers import LiveServer

pytestmark = pytest.mark.server

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
TOKEN = "write-checks-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STAKE_PERCENT = ("ASK { GRAPH ?g { <https://w3id.org/alliance-kg/id/stk/msft-openai-2024-32-5> "
                 "<https://w3id.org/alliance-kg/ontology#percent> ?p } FILTER(?p = {value}) }")

#: hostile update -> a fragment of the refusal
UPDATES = {
    "update-percent-out-of-range.rq": "percent must be a number from 0 to 100",
    "update-organization-as-agreement.rq": "ent:microsoft",
}
#: hostile graph for PUT and POST -> a fragment of the refusal
GRAPHS = {
    "gsp-percent-out-of-range.ttl": "percent must be a number from 0 to 100",
    "gsp-organization-as-asset.ttl": "HermiT",
}


def quads(path: Path) -> list[str]:
    with OxigraphStore(path, read_only=True) as store:
        return sorted(str(quad) for quad in store.oxigraph)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A read-write server (worker processes, HermiT on) and its store directory."""
    from alliancekg.server.app import create_app

    path = tmp_path_factory.mktemp("write-checks") / "store"
    build_store(path, [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml")], reason=False)
    server = LiveServer(create_app(path, allow_updates=True, token=TOKEN, workers=1, query_timeout=120)).start()
    yield server.url, path
    server.stop()


def ask(url: str, query: str) -> bool:
    response = httpx.get(f"{url}/sparql", params={"query": query},
                         headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(UPDATES))
def test_hostile_update_is_refused_with_its_violations(served: tuple[str, Path], name: str) -> None:
    url, path = served
    before = quads(path)
    response = httpx.post(f"{url}/sparql", content=(CORPUS / name).read_bytes(), timeout=120,
                          headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert response.status_code == 422, response.text
    assert "nothing was changed" in response.text and UPDATES[name] in response.text
    assert quads(path) == before
    assert ask(url, STAKE_PERCENT.replace("{value}", "32.5"))


@pytest.mark.slow
@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_hostile_graph_store_write_is_refused(served: tuple[str, Path], name: str, method: str) -> None:
    url, path = served
    before = quads(path)
    response = httpx.request(method, f"{url}/store", params={"graph": "https://w3id.org/alliance-kg/graph/user/gsp"},
                             content=(CORPUS / name).read_bytes(), timeout=120,
                             headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 422, response.text
    assert GRAPHS[name] in response.text
    assert quads(path) == before


@pytest.mark.slow
def test_valid_write_is_committed_and_later_loads_still_succeed(served: tuple[str, Path]) -> None:
    url, path = served
    refused = httpx.post(f"{url}/sparql", content=(CORPUS / "update-percent-out-of-range.rq").read_bytes(),
                         timeout=120, headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert refused.status_code == 422
    hostile = (CORPUS / "update-percent-out-of-range.rq").read_text(encoding="utf-8")
    valid = hostile.replace("percent 150.0", "percent 33.0")
    accepted = httpx.post(f"{url}/sparql", content=valid.encode(), timeout=120,
                          headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert accepted.status_code == 204, accepted.text
    assert ask(url, STAKE_PERCENT.replace("{value}", "33.0"))
    load = subprocess.run([sys.executable, "-m", "alliancekg", "--store", str(path), "load",
                           str(DEALS_DIR / "msft-openai-2026.yaml")], capture_output=True, text=True, timeout=300)
    assert load.returncode == 0, load.stdout + load.stderr
    assert "consistent" in load.stdout


def test_refused_write_leaves_an_in_memory_store_unchanged() -> None:
    store = ox.Store()
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }")
    before = sorted(map(str, store))
    stake = "<urn:s> a <https://w3id.org/alliance-kg/ontology#EquityStake> ."
    with pytest.raises(OperationError) as caught:
        checked_write(graph_put, store, GraphJob(graph="urn:g", payloads=((stake.encode(), "text/turtle"),)),
                      reason=False)
    assert caught.value.status == 422 and "a stake needs one owner organization" in caught.value.message
    assert sorted(map(str, store)) == before


def test_what_is_committed_is_what_was_validated() -> None:
    store = ox.Store()
    update = "INSERT { GRAPH <urn:g> { <urn:a> <urn:id> ?id . <urn:a> <urn:n> _:n . _:n <urn:v> 1 } } " \
             "WHERE { BIND(STRUUID() AS ?id) }"
    assert checked_write(run_update, store, UpdateJob(update), reason=False).status == 204
    (row,) = store.query("SELECT ?id ?v WHERE { GRAPH <urn:g> { <urn:a> <urn:id> ?id ; <urn:n> [ <urn:v> ?v ] } }")
    assert row["v"].value == "1" and len(row["id"].value) == 36
    assert len(store) == 3


def test_commit_keeps_empty_graphs_and_shared_blank_nodes() -> None:
    source = ox.Store()
    source.update("INSERT DATA { GRAPH <urn:g> { _:x <urn:p> 1 } GRAPH <urn:h> { _:x <urn:q> 2 } }")
    source.add_graph(ox.NamedNode("urn:empty"))
    after = graph_contents(source)
    target = ox.Store()
    target.update(commit_update(sorted(after, key=str), after))
    assert {g.value for g in target.named_graphs()} == {"urn:g", "urn:h", "urn:empty"}
    assert target.query("ASK { GRAPH <urn:g> { ?x <urn:p> 1 } GRAPH <urn:h> { ?x <urn:q> 2 } }")
