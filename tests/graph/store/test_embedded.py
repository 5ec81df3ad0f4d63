"""The embedded store: the default graph, bound queries, answers as rdflib terms, graph writes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from alliancekg.graph.store import OxigraphStore, QueryError, StoreError, result_from_oxigraph
from alliancekg.graph.store.terms import TermError

DEALS = URIRef("https://w3id.org/alliance-kg/graph/deals")
MORE = URIRef("https://w3id.org/alliance-kg/graph/more")
SCENARIO = URIRef("https://w3id.org/alliance-kg/scenario/agi-2028")
A, B, P = URIRef("urn:ex:a"), URIRef("urn:ex:b"), URIRef("urn:ex:p")


@pytest.fixture
def store() -> OxigraphStore:
    store = OxigraphStore()
    store.replace_graph(DEALS, [(A, P, Literal("2025-10-28", datatype=XSD.date)), (A, P, B)])
    store.replace_graph(MORE, [(B, P, Literal("x", lang="en"))])
    return store


def test_the_default_graph_is_the_union_of_data_graphs_without_scenarios(store: OxigraphStore) -> None:
    assert store.dataset_options() == {"use_default_graph_as_union": True}
    assert store.triple_count() == 3
    store.replace_graph(SCENARIO, [(A, P, Literal("scenario only"))])
    assert "default_graph" in store.dataset_options()
    values = store.query("SELECT ?o { ?s ?p ?o }").values("o")
    assert Literal("scenario only") not in values and len(values) == 3
    assert store.triple_count() == 3 and store.triple_count(SCENARIO) == 1
    assert store.data_graphs() == [DEALS, MORE] and store.graphs() == [DEALS, MORE, SCENARIO]


def test_bound_values_select_and_stay_in_the_answer(store: OxigraphStore) -> None:
    result = store.query("SELECT ?s ?o { ?s ?p ?o }", {"s": B})
    assert result.rows == [{"s": B, "o": Literal("x", lang="en")}]
    # Values are validated terms, never pasted text: an IRI that would close the pattern is refused.
    with pytest.raises(TermError, match="invalid IRI"):
        store.query("SELECT ?o { ?s ?p ?o }", {"s": URIRef("urn:ex:a> ?p ?o } #")})
    assert store.query("SELECT ?s { ?s ?p ?o }", {"o": Literal('x" } #', lang="en")}).rows == []


def test_answers_keep_datatypes_languages_and_unbound_values(store: OxigraphStore) -> None:
    rows = store.query("SELECT ?o ?none { ?s ?p ?o OPTIONAL { ?o <urn:ex:missing> ?none } } ORDER BY STR(?o)").rows
    assert [row["o"] for row in rows] == [Literal("2025-10-28", datatype=XSD.date), URIRef("urn:ex:b"),
                                          Literal("x", lang="en")]
    assert all("none" not in row for row in rows)
    assert store.query("ASK { ?s ?p ?s }").boolean is False
    triples = store.query("CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o FILTER(isIRI(?o)) }").triples
    assert triples == [(B, P, A)]


def test_each_distinct_term_is_converted_once_per_answer() -> None:
    # Regression (speed): answers repeat terms, and converting each occurrence cost a third of
    # the time of a 700-row answer.
    raw = ox.Store()
    raw.add(ox.Quad(ox.NamedNode("urn:ex:a"), ox.NamedNode("urn:ex:p"), ox.BlankNode("n"), ox.DefaultGraph()))
    rows = result_from_oxigraph(raw.query("SELECT ?s ?o { VALUES ?k { 1 2 3 } ?s ?p ?o }")).rows
    assert len(rows) == 3 and all(row["s"] is rows[0]["s"] for row in rows)
    assert isinstance(rows[0]["o"], BNode) and rows[0]["s"] == A


def test_replace_graph_is_all_or_nothing(store: OxigraphStore) -> None:
    store.replace_graph(DEALS, [(A, P, Literal(1))])
    assert store.triple_count(DEALS) == 1
    with pytest.raises(ValueError):
        store.replace_graph(DEALS, [(B, P, Literal(2)), (URIRef("not an iri"), P, Literal(3))])
    assert store.query("SELECT ?o { GRAPH ?g { ?s ?p ?o } }", {"g": DEALS}).values("o") == [Literal(1)]
    store.replace_graph(DEALS, [])
    store.drop_graph(MORE)
    store.drop_graph(MORE)  # dropping twice is no error
    assert store.triple_count() == 0


def test_replace_graphs_is_one_transaction(store: OxigraphStore) -> None:
    # Regression: `alliancekg load` replaced graph after graph, so a failure (or a kill) on the second
    # left the first written.
    before = sorted(str(quad) for quad in store.oxigraph)
    with pytest.raises(ValueError):
        store.replace_graphs({DEALS: [(A, P, Literal("new"))], MORE: [(URIRef("not an iri"), P, Literal(3))]})
    assert sorted(str(quad) for quad in store.oxigraph) == before
    store.replace_graphs({DEALS: [(A, P, Literal("new"))], MORE: [], SCENARIO: [(B, P, Literal(1))]})
    assert store.query("SELECT ?o { GRAPH ?g { ?s ?p ?o } }", {"g": DEALS}).values("o") == [Literal("new")]
    assert store.triple_count(MORE) == 0 and store.triple_count(SCENARIO) == 1


def test_errors_are_named(store: OxigraphStore, tmp_path: Path) -> None:
    with pytest.raises(SyntaxError):
        store.query("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryError):
        store.query("SELECT ?s WHERE { ?s ?p ?o SERVICE <http://127.0.0.1:9/none> { ?s ?p ?o } }")
    with pytest.raises(StoreError, match="cannot open the store"):
        OxigraphStore(tmp_path / "missing", read_only=True)
