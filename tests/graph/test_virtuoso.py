"""RemoteStore and the command line against a real OpenLink Virtuoso on loopback, compared with the
embedded store: reads on ``/sparql``, writes on ``/sparql-auth`` with HTTP Digest."""

from __future__ import annotations

import httpx
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS

from alliancekg.graph.remote import CHUNK_TRIPLES, Digest, RemoteStore, RemoteStoreError
from alliancekg.graph.store import OxigraphStore
from tests.graph.conftest import DATA_A, DATA_B, SCENARIO_S
from tests.graph.test_remote import HOSTILE, QUERIES, assert_same, fill, sample_graphs
from tests.graph.virtuoso import PASSWORD, USER

pytestmark = [pytest.mark.server, pytest.mark.slow]


def writer(virtuoso: object) -> RemoteStore:
    """Queries on ``/sparql``, updates on ``/sparql-auth`` with the test account."""
    return RemoteStore(virtuoso.query_endpoint, update_endpoint=virtuoso.auth_endpoint,
                       auth=Digest(USER, PASSWORD))


@pytest.fixture
def pair(virtuoso: object) -> tuple[RemoteStore, OxigraphStore]:
    remote, embedded = writer(virtuoso), OxigraphStore()
    fill(remote, sample_graphs())
    fill(embedded, sample_graphs())
    return remote, embedded


@pytest.mark.parametrize(("query", "bindings"), QUERIES)
def test_virtuoso_answers_like_the_embedded_store(pair: tuple[RemoteStore, OxigraphStore], query: str,
                                                  bindings: dict | None) -> None:
    remote, embedded = pair
    assert_same(remote.query(query, bindings), embedded.query(query, bindings), query)


def test_scenario_graphs_stay_out_of_the_default_graph(pair: tuple[RemoteStore, OxigraphStore]) -> None:
    remote, _ = pair
    assert remote.query("SELECT ?p WHERE { <urn:ex:msft> akg:percent ?p }").python_rows() == [{"p": 27}]
    rows = remote.query("SELECT ?p WHERE { GRAPH ?g { <urn:ex:msft> akg:percent ?p } } ORDER BY ?p").python_rows()
    assert rows == [{"p": 27}, {"p": 99}]


def test_only_the_projects_graphs_are_listed(pair: tuple[RemoteStore, OxigraphStore]) -> None:
    remote, embedded = pair
    assert remote.graphs() == embedded.graphs() == sorted([DATA_A, DATA_B, SCENARIO_S])
    assert remote.triple_count() == embedded.triple_count()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_bound_not_spliced(pair: tuple[RemoteStore, OxigraphStore], value: str) -> None:
    remote, embedded = pair
    query = "SELECT ?s ?v WHERE { ?s <urn:ex:note> ?v }"
    assert remote.query(query, {"v": Literal(value)}) == embedded.query(query, {"v": Literal(value)})
    assert remote.graphs() == embedded.graphs()


def test_writes_need_the_digest_account(virtuoso: object) -> None:
    triples = [(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal("x"))]
    for auth in (None, Digest(USER, "wrong")):
        refused = RemoteStore(virtuoso.query_endpoint, update_endpoint=virtuoso.auth_endpoint, auth=auth)
        with pytest.raises(RemoteStoreError, match="401"):
            refused.replace_graph(DATA_A, triples)
    assert writer(virtuoso).graphs() == []


def test_replace_graph_replaces(virtuoso: object) -> None:
    remote = writer(virtuoso)
    remote.replace_graph(DATA_A, [(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal(v)) for v in HOSTILE])
    remote.replace_graph(DATA_A, [(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal("only")),
                                  (BNode("x"), URIRef("urn:ex:p"), Literal(HOSTILE[1]))])
    assert remote.triple_count(DATA_A) == 2
    values = sorted(str(v) for v in remote.query("SELECT ?v WHERE { ?s <urn:ex:p> ?v }").values("v"))
    assert values == sorted(["only", HOSTILE[1]])
    remote.replace_graphs({DATA_A: [], DATA_B: [(URIRef("urn:ex:b"), URIRef("urn:ex:p"), Literal("c"))]})
    assert remote.graphs() == [DATA_B]
    remote.drop_graph(DATA_B)
    remote.drop_graph(URIRef("urn:g:never-there"))
    assert remote.graphs() == []


def test_large_graphs_with_blank_nodes_are_written_whole(virtuoso: object) -> None:
    """More triples than one request takes, in blank-node groups that straddle the chunks: staged, then moved."""
    remote = writer(virtuoso)
    triples = []
    for i in range(CHUNK_TRIPLES):  # three triples per group: groups cross every chunk boundary
        node, inner = BNode(f"n{i}"), BNode(f"m{i}")
        triples += [(URIRef(f"urn:ex:s{i}"), URIRef("urn:ex:next"), node), (node, URIRef("urn:ex:next"), inner),
                    (inner, RDFS.label, Literal(f"s{i}"))]
    remote.replace_graphs({DATA_A: triples, DATA_B: [(URIRef("urn:ex:b"), RDFS.label, Literal("b"))]})
    assert remote.graphs() == [DATA_A, DATA_B]
    assert remote.triple_count(DATA_A) == len(triples)
    walk = remote.query("SELECT ?s ?label WHERE { ?s <urn:ex:next>/<urn:ex:next>/rdfs:label ?label }")
    assert sorted((str(r["s"]), str(r["label"])) for r in walk.rows) == sorted(
        (f"urn:ex:s{i}", f"s{i}") for i in range(CHUNK_TRIPLES))
    remote.replace_graphs({DATA_A: [], DATA_B: triples[-3:]})
    assert remote.graphs() == [DATA_B] and remote.triple_count(DATA_B) == 3
    staging = httpx.get(virtuoso.query_endpoint, headers={"Accept": "application/sparql-results+json"}, params={
        "query": 'SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:alliance-kg:staging")) }'})
    assert staging.json()["results"]["bindings"] == []  # no staging graph left behind
