"""RDF terms: conversion both ways, validated constructors, display."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from alliancekg.graph.store.terms import (
    TermError,
    compact,
    escape_control_characters,
    json_value,
    make_date,
    make_iri,
    parse_term,
    to_oxigraph,
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
