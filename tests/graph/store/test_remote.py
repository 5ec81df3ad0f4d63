"""RemoteStore against a real ``oxigraph serve`` (PyPI ``oxigraph``) on loopback, compared with the embedded store;
the protocol comparisons (``pair``) run against a real Virtuoso too (``tests/graph/store/test_virtuoso.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.remote import Digest, RemoteStore, RemoteStoreError, auth_from_environment, prepare_query
from alliancekg.queries.catalog import load_catalog
from tests.servers import DATA_A, DATA_B, HOSTILE, SCENARIO_S, assert_same, copy_store, fill, run_cli, sample_graphs
from tests.virtuoso import writer

pytestmark = pytest.mark.server


@pytest.fixture
def remote(oxigraph_server: str) -> RemoteStore:
    return RemoteStore(f"{oxigraph_server}/query", update_endpoint=f"{oxigraph_server}/update",
                       gsp_endpoint=f"{oxigraph_server}/store")


@pytest.fixture(params=["oxigraph", pytest.param("virtuoso", marks=pytest.mark.slow)])
def pair(request: pytest.FixtureRequest) -> tuple[RemoteStore, OxigraphStore]:
    """The sample graphs on a remote server (``oxigraph serve``, or Virtuoso written through ``/sparql-auth``)
    and in an embedded store."""
    if request.param == "virtuoso":
        remote = writer(request.getfixturevalue("virtuoso"))
    else:
        remote = request.getfixturevalue("remote")
    embedded = OxigraphStore()
    fill(remote, sample_graphs())
    fill(embedded, sample_graphs())
    return remote, embedded


QUERIES = [
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", None),
    ("SELECT ?p WHERE { <urn:ex:msft> akg:percent ?p }", None),
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", None),
    ("ASK { <urn:ex:openai> rdfs:label 'OpenAI'@en }", None),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None),
    ("DESCRIBE <urn:ex:msft>", None),
    # The embedded store binds through pyoxigraph substitutions, which need bound variables projected.
    ("SELECT ?s ?p WHERE { ?s akg:percent ?p }", {"p": Literal(27)}),
    ("SELECT ?s ?p WHERE { ?s akg:percent ?p }", {"p": Literal(99)}),
    ("SELECT ?s ?label WHERE { ?s rdfs:label ?label }", {"s": URIRef("urn:ex:openai")}),
    # Written into the patterns on both stores: a sub-SELECT projecting the variable sees the value, one that
    # does not project it keeps a local variable of the same name.
    ("SELECT ?s ?label WHERE { ?s akg:percent ?p { SELECT ?s ?label WHERE { ?s rdfs:label ?label } } }",
     {"s": URIRef("urn:ex:msft")}),
    ("SELECT ?s ?n WHERE { ?s akg:percent ?p { SELECT ?s (COUNT(?p) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }",
     {"p": Literal(27)}),
]


@pytest.mark.parametrize(("query", "bindings"), QUERIES)
def test_remote_answers_like_the_embedded_store(pair: tuple[RemoteStore, OxigraphStore], query: str,
                                                bindings: dict | None) -> None:
    remote, embedded = pair
    assert_same(remote.query(query, bindings), embedded.query(query, bindings), query)


def test_scenario_graphs_stay_out_of_the_default_graph(pair: tuple[RemoteStore, OxigraphStore]) -> None:
    remote, _ = pair
    assert remote.query("SELECT ?p WHERE { <urn:ex:msft> akg:percent ?p }").python_rows() == [{"p": 27}]
    rows = remote.query("SELECT ?p WHERE { GRAPH ?g { <urn:ex:msft> akg:percent ?p } } ORDER BY ?p").python_rows()
    assert rows == [{"p": 27}, {"p": 99}]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_bound_not_spliced(pair: tuple[RemoteStore, OxigraphStore], value: str) -> None:
    remote, embedded = pair
    query = "SELECT ?s ?v WHERE { ?s <urn:ex:note> ?v }"
    assert remote.query(query, {"v": Literal(value)}).values("s") == [URIRef("urn:ex:openai")]
    assert remote.query(query, {"v": Literal(value)}) == embedded.query(query, {"v": Literal(value)})
    assert remote.graphs() == embedded.graphs()  # nothing was dropped


def test_graphs_counts_and_drop(pair: tuple[RemoteStore, OxigraphStore]) -> None:
    """Only the project's graphs are listed (Virtuoso keeps graphs of its own), counted and dropped alike."""
    remote, embedded = pair
    assert remote.graphs() == embedded.graphs() == sorted([DATA_A, DATA_B, SCENARIO_S])
    assert remote.data_graphs() == [DATA_A, DATA_B]
    assert remote.triple_count(DATA_B) == embedded.triple_count(DATA_B) == 1 + len(HOSTILE)
    assert remote.triple_count() == embedded.triple_count()
    remote.drop_graph(DATA_B)
    remote.drop_graph(URIRef("urn:g:never-there"))
    assert remote.graphs() == [DATA_A, SCENARIO_S]


@pytest.fixture(params=["graph-store-protocol", "sparql-update", pytest.param("virtuoso", marks=pytest.mark.slow)])
def written(request: pytest.FixtureRequest) -> RemoteStore:
    """An empty remote store to write to: ``oxigraph serve`` through the Graph Store Protocol or SPARQL updates,
    or Virtuoso through ``/sparql-auth`` (SPARQL updates, staged when large)."""
    if request.param == "virtuoso":
        return writer(request.getfixturevalue("virtuoso"))
    server = request.getfixturevalue("oxigraph_server")
    return RemoteStore(f"{server}/query", update_endpoint=f"{server}/update",
                       gsp_endpoint=f"{server}/store" if request.param == "graph-store-protocol" else None)


def test_replace_graph_replaces(written: RemoteStore) -> None:
    written.replace_graph(DATA_A, [(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal(v)) for v in HOSTILE])
    written.replace_graph(DATA_A, [(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal("only")),
                                   (BNode("x"), URIRef("urn:ex:p"), Literal(HOSTILE[1]))])
    assert written.triple_count(DATA_A) == 2
    values = sorted(str(v) for v in written.query("SELECT ?v WHERE { ?s <urn:ex:p> ?v }").values("v"))
    assert values == sorted(["only", HOSTILE[1]])
    written.drop_graph(DATA_A)
    assert written.graphs() == []


def test_replace_graphs_in_one_request(written: RemoteStore) -> None:
    written.replace_graphs({DATA_A: [(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal(HOSTILE[1]))],
                            DATA_B: [(URIRef("urn:ex:b"), URIRef("urn:ex:p"), Literal("b"))]})
    assert (written.triple_count(DATA_A), written.triple_count(DATA_B)) == (1, 1)
    written.replace_graphs({DATA_A: [], DATA_B: [(URIRef("urn:ex:b"), URIRef("urn:ex:p"), Literal("c"))]})
    assert written.query("SELECT ?v WHERE { ?s <urn:ex:p> ?v }").values("v") == [Literal("c")]
    written.drop_graph(DATA_B)
    assert written.graphs() == []


def test_bad_queries_and_unreachable_servers(remote: RemoteStore) -> None:
    with pytest.raises(SyntaxError):
        remote.query("SELECT * WHERE { ?s ?p }")
    gone = RemoteStore("http://127.0.0.1:9/query", timeout=5)
    with pytest.raises(RemoteStoreError) as caught:
        gone.graphs()
    assert isinstance(caught.value, OSError)


def test_prepared_text_declares_prefixes_and_binds() -> None:
    text = prepare_query("SELECT ?x WHERE { ?x akg:percent ?p }", {"p": Literal(HOSTILE[0])})
    assert text.startswith("PREFIX akg: <https://w3id.org/alliance-kg/ontology#>\n")
    assert '?x akg:percent "quote \\" inside"' in text and "VALUES" not in text
    assert text.rstrip().endswith('BIND("quote \\" inside" AS ?p)\n}')


def test_bound_terms_reach_the_sub_selects_that_project_them() -> None:
    """Virtuoso does not see a VALUES row at the top inside a sub-SELECT; a term written there it does."""
    query = ("SELECT ?org ?n WHERE { { SELECT ?org (COUNT(?a) AS ?n) WHERE { ?a akg:party ?org } GROUP BY ?org } "
             "{ SELECT ?x WHERE { ?x akg:party ?org } } }")
    text = prepare_query(query, {"org": URIRef("urn:ex:openai")})
    assert "{ ?a akg:party <urn:ex:openai> } GROUP BY (<urn:ex:openai>)" in text
    assert "{ ?x akg:party ?org }" in text  # not projected there: another variable


def test_bindings_fall_back_to_values_where_no_term_can_go() -> None:
    text = prepare_query("SELECT ?p WHERE { BIND(1 AS ?p) }", {"p": Literal(27)})
    assert 'VALUES (?p) { ("27"^^<http://www.w3.org/2001/XMLSchema#integer>) }' in text


def test_credentials_from_the_environment() -> None:
    assert auth_from_environment({"ALLIANCEKG_ENDPOINT_TOKEN": "t"}) == "t"
    assert auth_from_environment({"ALLIANCEKG_ENDPOINT_USER": "u", "ALLIANCEKG_ENDPOINT_PASSWORD": "p"}) == ("u", "p")
    assert auth_from_environment({}) is None
    digest = {"ALLIANCEKG_ENDPOINT_USER": "u", "ALLIANCEKG_ENDPOINT_PASSWORD": "p",
              "ALLIANCEKG_ENDPOINT_AUTH": "Digest"}
    assert auth_from_environment(digest) == Digest("u", "p")
    with pytest.raises(ValueError, match="basic or digest"):
        auth_from_environment({**digest, "ALLIANCEKG_ENDPOINT_AUTH": "ntlm"})


def test_every_catalog_query_answers_the_same_remotely(remote: RemoteStore, built_store_path: Path) -> None:
    catalog = load_catalog()
    assert "equity-stake" in catalog
    embedded = OxigraphStore(built_store_path, read_only=True)
    try:
        copy_store(embedded, remote)
        assert remote.triple_count() == embedded.triple_count()
        for name, query in catalog.items():
            bindings = query.bindings({})
            assert_same(remote.query(query.text, bindings), embedded.query(query.text, bindings), name)
    finally:
        embedded.close()
    stake = remote.query(catalog["equity-stake"].text, catalog["equity-stake"].bindings({})).python_rows()
    assert any(row["percent"] == 27 for row in stake)


def test_cli_builds_and_queries_a_remote_server(oxigraph_server: str) -> None:
    env = {"ALLIANCEKG_ENDPOINT": f"{oxigraph_server}/query", "ALLIANCEKG_UPDATE_ENDPOINT": f"{oxigraph_server}/update",
           "ALLIANCEKG_GSP_ENDPOINT": f"{oxigraph_server}/store"}
    built = run_cli("build", "--no-reason", env=env)
    assert built.returncode == 0, built.stderr
    answer = run_cli("query", "equity-stake", "--format", "json", env=env)
    assert answer.returncode == 0, answer.stderr
    assert any(row["percent"] == 27 for row in json.loads(answer.stdout))
    rights = run_cli("rights", "--at", "2026-01-01", "--format", "json", env=env)
    assert rights.returncode == 0, rights.stderr
    assert json.loads(rights.stdout)
