"""Property-based tests of parameter binding: no bound value can change a query's structure.

Whatever string is bound as a ``string`` or ``iri`` parameter, the embedded store answers as if
the value had been substituted by pyoxigraph (SEP-0007) and as a plain filter over the unbound
query would; values that are not IRIs are rejected with :class:`CatalogError` before any query
runs.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from alliancekg.graph.sparql.binding import inline_bindings
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.terms import to_oxigraph
from alliancekg.ontology.namespaces import GRAPH, PREFIXES
from alliancekg.queries.catalog import CatalogError, load_catalog, parse_query_file

HOSTILE = ['" } ; DROP ALL ; SELECT * { "', "} UNION { ?s ?p ?o }", "\\", '"""', "'''", "#", "\n\r\t", "\x00",
           "?s", "$s", "<urn:x>", "é \U0001f600", "BIND(1 AS ?label)"]

QUERY = parse_query_file(
    "# title: labelled\n# param: label string = x ; a label\n# param: thing iri = urn:ex:none ; a thing\n"
    "SELECT ?thing ?label ?s WHERE {\n"
    "  { ?s rdfs:label ?label } UNION { ?thing rdfs:label ?other . BIND(?other AS ?otherLabel) }\n"
    "  FILTER(?s != ?thing)\n"
    "}\nORDER BY ?s\n",
    "labelled",
)
NAMED = parse_query_file(
    "# title: named\n# param: label string = x ; a label\n"
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label . FILTER(STRLEN(?label) >= 0) # } comment\n}\n",
    "named",
)

texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    """A small store whose labels are hostile strings."""
    store = OxigraphStore()
    store.replace_graph(GRAPH["test/labels"], [
        (URIRef(f"urn:ex:n{i}"), RDFS.label, Literal(text)) for i, text in enumerate(HOSTILE)
    ])
    return store


def baseline(store: OxigraphStore, label: str) -> list[tuple[str, str]]:
    """The answer computed without binding: every labelled node, filtered in Python."""
    rows = store.query("SELECT ?s ?label WHERE { ?s rdfs:label ?label }").rows
    return sorted((str(r["s"]), str(r["label"])) for r in rows if str(r["label"]) == label)


def substituted(store: OxigraphStore, text: str, bindings: dict[str, object]) -> list[dict[str, str]]:
    """The answer with pyoxigraph's own substitutions (no text edit at all)."""
    answer = store.oxigraph.query(text, prefixes=PREFIXES, **store.dataset_options(),
                                  substitutions={ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()})
    return [{v.value: s[v.value].value for v in answer.variables if s[v.value] is not None} for s in answer]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=texts)
@example(label=HOSTILE[0])
def test_any_string_parameter_is_one_literal(store: OxigraphStore, label: str) -> None:
    bindings = NAMED.bindings({"label": label}) if label else None
    if bindings is None:
        with pytest.raises(CatalogError):
            NAMED.bindings({"label": label})
        return
    result = store.query(NAMED.text, bindings)
    assert result.variables == ["s", "label"]
    assert sorted((str(r["s"]), str(r["label"])) for r in result.rows) == baseline(store, label)
    expected = substituted(store, NAMED.text, bindings)
    assert sorted((r["s"], r["label"]) for r in (
        {k: str(v) for k, v in row.items()} for row in result.rows)) == sorted((r["s"], r["label"]) for r in expected)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=texts, thing=st.one_of(st.sampled_from(["urn:ex:n1", "ent:microsoft", "urn:ex:none"]), texts))
def test_string_and_iri_parameters_never_change_the_structure(store: OxigraphStore, label: str, thing: str) -> None:
    try:
        bindings = QUERY.bindings({"label": label, "thing": thing})
    except CatalogError as exc:
        assert "thing" in str(exc) or "label" in str(exc)
        return
    result = store.query(QUERY.text, bindings)
    assert result.variables == ["thing", "label", "s"]
    got = sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in result.rows)
    want = sorted(tuple(sorted(row.items())) for row in substituted(store, QUERY.text, bindings))
    assert got == want
    for row in result.rows:  # the parameters keep their bound values in every row
        assert row["label"] == bindings["label"] and row["thing"] == bindings["thing"]


@settings(max_examples=200, deadline=None)
@given(value=texts)
def test_iri_parameters_are_validated_before_any_query(value: str) -> None:
    query = load_catalog()["equity-stake"]
    try:
        bound = query.bindings({"owner": value})
    except CatalogError as exc:
        assert "owner" in str(exc)
        return
    ox.NamedNode(str(bound["owner"]))  # a valid IRI: pyoxigraph accepts it
    assert " " not in str(bound["owner"]) and ">" not in str(bound["owner"])


@settings(max_examples=100, deadline=None)
@given(value=texts)
def test_inlined_text_always_parses(value: str) -> None:
    """The edited text is valid SPARQL whatever the literal (or inlining declines)."""
    for query in load_catalog().values():
        strings = {p.name: Literal(value) for p in query.parameters if p.kind == "string"}
        iris = {p.name: p.bind(p.default) for p in query.parameters if p.kind != "string" and p.default}
        bindings = {k: to_oxigraph(v) for k, v in {**iris, **strings}.items()}
        text = inline_bindings(query.text, bindings)
        if text is not None:
            ox.Store().query(text, prefixes=PREFIXES)


def test_every_catalog_query_inlines() -> None:
    """Inlining never has to fall back for the bundled catalog (so all of it gets good plans)."""
    for query in load_catalog().values():
        bindings = {k: to_oxigraph(v) for k, v in query.bindings({}).items()}
        assert inline_bindings(query.text, bindings) is not None, query.name


def test_inlining_declines_where_a_term_cannot_go() -> None:
    assert inline_bindings("SELECT ?x WHERE { BIND(1 AS ?x) }", {"x": ox.Literal("1")}) is None
    assert inline_bindings("SELECT ?x WHERE { VALUES ?x { 1 } }", {"x": ox.Literal("1")}) is None
    assert inline_bindings("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }", {"x": ox.NamedNode("urn:a")}) is None
    assert inline_bindings("SELECT ?x WHERE { ?x ?p ?o }", {"x": ox.BlankNode("b")}) is None


def test_fallback_to_substitutions_keeps_answers(store: OxigraphStore) -> None:
    """A literal bound where only an IRI can go (a predicate) falls back to substitutions."""
    text = "SELECT ?p ?s WHERE { ?s ?p ?o }"
    assert store.query(text, {"p": Literal("not a predicate")}).rows == []
    labels = store.query(text, {"p": RDFS.label}).rows
    assert len(labels) == len(HOSTILE) and all(r["p"] == RDFS.label for r in labels)
