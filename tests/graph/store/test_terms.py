"""RDF terms: conversion both ways, validated constructors, display."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from alliancekg.graph.store.terms import (
    PlainTerm,
    TermError,
    compact,
    escape_control_characters,
    json_value,
    make_date,
    make_iri,
    parse_oxigraph_term,
    parse_term,
    to_oxigraph,
    to_plain,
    to_rdflib,
)

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("term", [
    URIRef("urn:ex:a"), Literal("chat", lang="fr"), Literal("2.50", datatype=URIRef(XSD + "decimal")), Literal("x"),
])
def test_terms_survive_a_round_trip_through_oxigraph(term: object) -> None:
    assert to_rdflib(to_oxigraph(term)) == term


def test_blank_nodes_and_none_convert() -> None:
    assert isinstance(to_rdflib(ox.BlankNode()), BNode)
    assert to_rdflib(None) is None


def test_constructors_refuse_what_is_not_a_term() -> None:
    assert make_iri(" ent:openai ") == URIRef("https://w3id.org/alliance-kg/id/ent/openai")
    with pytest.raises(TermError, match="not an absolute IRI"):
        make_iri("http://bad iri")
    with pytest.raises(TermError, match="not a valid date"):
        make_date("2025-13-01")
    with pytest.raises(TermError):
        parse_term("twelve", "integer")
    assert parse_term("12", "integer") == Literal(12)


def test_display_helpers_compact_escape_and_give_json_values() -> None:
    assert compact(URIRef("https://w3id.org/alliance-kg/id/ent/microsoft")) == "ent:microsoft"
    assert compact(URIRef("https://example.com/x")) == "https://example.com/x"
    assert compact(None) == ""
    assert escape_control_characters("a\x1bb\tc") == "a\\x1bb\tc"
    assert json_value(Literal("3.0", datatype=URIRef(XSD + "decimal"))) == 3
    assert json_value(Literal("2.5", datatype=URIRef(XSD + "decimal"))) == 2.5
    assert json_value(Literal("2025-01-21", datatype=URIRef(XSD + "date"))) == "2025-01-21"
    assert json_value(URIRef("urn:x")) == "urn:x" and json_value(None) is None


#: Lexical forms per datatype: ones rdflib keeps as they are, and ones it rewrites or cannot read.
LEXICAL_FORMS = {
    "integer": ["0", "12", "-12", "01", "-0", "+1", " 1", "1.0", "twelve"],
    "decimal": ["0", "27", "27.0", "-27.25", "1.50", "0.0000001", "12345678901234567890.123", ".5", "+5", "-0",
                "-0.0", "007", "1e2", "NaN", "x"],
    "boolean": ["true", "false", "1", "0", "TRUE", "yes"],
    "date": ["2025-10-28", "0001-01-01", "2025-1-1", "2025-10-28Z", "2025-02-30", "0000-01-01", "20250-01-01"],
    "double": ["1.0E0", "1e3", "INF"],
    "dateTime": ["2025-10-28T10:00:00"],
    "string": ["plain", "", "b | a", "Evil\x1b[31m"],
}
ODD_TERMS = [
    *(ox.Literal(lexical, datatype=ox.NamedNode(XSD + kind)) for kind, forms in LEXICAL_FORMS.items()
      for lexical in forms),
    ox.Literal("chat", language="fr"), ox.Literal("x", datatype=ox.NamedNode("urn:unknown-type")),
    ox.NamedNode("https://w3id.org/alliance-kg/id/ent/openai"), ox.NamedNode("urn:x"), ox.BlankNode("b1"),
]


@pytest.mark.parametrize("term", ODD_TERMS, ids=repr)
def test_plain_terms_print_as_the_rdflib_terms_do(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
    plain, rdflib_term = to_plain(term), to_rdflib(term)
    assert str(plain) == str(rdflib_term)
    assert compact(plain) == compact(rdflib_term)
    assert json.dumps(json_value(plain)) == json.dumps(json_value(rdflib_term))  # NaN is not NaN
    assert type(json_value(plain)) is type(json_value(rdflib_term))


def test_usual_terms_become_plain_terms_without_rdflib() -> None:
    usual = [ox.NamedNode("urn:x"), ox.BlankNode("b"), ox.Literal("x"), ox.Literal("x", language="en"),
             ox.Literal("27.5", datatype=ox.NamedNode(XSD + "decimal")),
             ox.Literal("2025-10-28", datatype=ox.NamedNode(XSD + "date"))]
    assert all(isinstance(to_plain(term), PlainTerm) for term in usual)
    assert to_plain(ox.Literal("01", datatype=ox.NamedNode(XSD + "integer"))) == Literal(1)


@pytest.mark.parametrize(("value", "kind"), [
    ("ent:openai", "iri"), (" https://example.com/x ", "iri"), ("2030-12-31", "date"), (" 2030-01-02", "date"),
    ("12", "integer"), (" 012 ", "integer"), ("-3", "integer"), ("2.5e3", "decimal"), ("-0.50", "decimal"),
    ("any text", "string"), ("", "string"),
])
def test_oxigraph_parameters_are_the_terms_rdflib_parameters_become(value: str, kind: str) -> None:
    assert parse_oxigraph_term(value, kind) == to_oxigraph(parse_term(value, kind))


@pytest.mark.parametrize(("value", "kind"), [
    ("not an iri", "iri"), ("http://bad iri", "iri"), ("2025-13-01", "date"), ("twelve", "integer"),
    ("1e99999999", "decimal"), ("x", "no-such-kind"),
])
def test_oxigraph_parameters_refuse_what_rdflib_parameters_refuse(value: str, kind: str) -> None:
    with pytest.raises(TermError) as from_rdflib:
        parse_term(value, kind)
    with pytest.raises(TermError) as from_oxigraph:
        parse_oxigraph_term(value, kind)
    assert str(from_oxigraph.value) == str(from_rdflib.value)


def test_pyoxigraph_terms_pass_through_to_oxigraph() -> None:
    term = ox.Literal("x", language="en")
    assert to_oxigraph(term) is term
