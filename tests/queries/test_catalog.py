"""The catalog: headers parse, parameters are validated and bound, never spliced into the text."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from alliancekg.graph.store import OxigraphStore
from alliancekg.queries.catalog import CatalogError, load_catalog, parse_query_file
from alliancekg.queries.run import run_query


def test_every_catalog_query_has_title_description_and_parses() -> None:
    catalog = load_catalog()
    assert len(catalog) >= 12
    empty = OxigraphStore()
    for query in catalog.values():
        assert query.title and query.description, query.name
        run_query(empty, query)  # defaults bind and the text is valid SPARQL


def test_parameters_are_typed_and_defaults_expand() -> None:
    query = load_catalog()["equity-stake"]
    bindings = query.bindings({"owner": "ent:openai-foundation"})
    assert bindings["owner"] == URIRef("https://w3id.org/alliance-kg/id/ent/openai-foundation")
    assert bindings["issuer"] == URIRef("https://w3id.org/alliance-kg/id/ent/openai-group-pbc")


@pytest.mark.parametrize("hostile", ["ent:x> } ; DROP ALL ; #", "<urn:a>", "not an iri", 'x" . ?s ?p ?o . "'])
def test_hostile_iri_parameter_is_rejected(hostile: str) -> None:
    with pytest.raises(CatalogError, match="owner"):
        load_catalog()["equity-stake"].bindings({"owner": hostile})


def test_unknown_parameter_lists_valid_ones() -> None:
    with pytest.raises(CatalogError, match="valid: owner, issuer"):
        load_catalog()["equity-stake"].bindings({"holder": "ent:microsoft"})


def test_string_parameter_with_sparql_syntax_stays_a_literal() -> None:
    query = parse_query_file(
        "# title: t\n# param: name string = x ; a name\nSELECT ?name ?s WHERE { OPTIONAL { ?s ?p ?name } }", "t"
    )
    hostile = '" } ; DROP ALL ; SELECT * { "'
    result = run_query(OxigraphStore(), query, {"name": hostile})
    assert result.rows == [{"name": Literal(hostile)}]


def test_malformed_parameter_header_is_reported() -> None:
    with pytest.raises(CatalogError, match="unknown type"):
        parse_query_file("# title: t\n# param: x color\nSELECT * {}", "t")


def test_list_headers_name_a_column_and_an_optional_separator() -> None:
    query = parse_query_file('# title: t\n# list: sources\n# list: others ", "\nSELECT * {}', "t")
    assert query.lists == (("sources", " | "), ("others", ", "))
    with pytest.raises(CatalogError, match=r"t\.rq: malformed list column 'others ,'"):
        parse_query_file("# title: t\n# list: others ,\nSELECT * {}", "t.rq")


def test_an_optional_parameter_left_out_stays_unbound() -> None:
    query = parse_query_file(
        "# title: t\n# param: who iri optional ; only this one\n# param: at date = 2026-01-01\n"
        "SELECT ?s WHERE { ?s <urn:q> ?n . ?s <urn:p>? ?who }", "t")
    assert query.parameters[0].optional and not query.parameters[1].optional
    assert set(query.bindings()) == {"at"}
    assert set(query.bindings({"who": ""})) == {"at"}
    assert query.bindings({"who": "ent:x"})["who"] == URIRef("https://w3id.org/alliance-kg/id/ent/x")
    with OxigraphStore() as store:
        a, b, c, p, q = (URIRef(f"urn:{n}") for n in "abcpq")
        store.replace_graph(URIRef("urn:g"), [(a, q, Literal(1)), (b, q, Literal(2)), (b, p, c)])
        assert {r["s"] for r in run_query(store, query).python_rows()} == {"urn:a", "urn:b"}
        assert run_query(store, query, {"who": "urn:c"}).python_rows() == [{"s": "urn:b"}]


@pytest.mark.parametrize("spec", ["who iri optionally", "who iri optional = ent:x"])
def test_a_malformed_optional_marker_is_reported(spec: str) -> None:
    with pytest.raises(CatalogError, match=r"t\.rq: malformed parameter"):
        parse_query_file(f"# title: t\n# param: {spec}\nSELECT * {{}}", "t.rq")


def test_rights_at_takes_an_optional_holder() -> None:
    holder = next(p for p in load_catalog()["rights-at"].parameters if p.name == "holder")
    assert (holder.kind, holder.default, holder.optional) == ("iri", None, True)
    with pytest.raises(CatalogError, match="holder"):
        load_catalog()["rights-at"].bindings({"holder": "ent:x> } ; DROP ALL ; #"})

