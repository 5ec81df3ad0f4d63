"""Query answers independent of the store: columns and Python values."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef

from alliancekg.graph.store.results import QueryResult


def test_values_give_a_column_with_none_where_unbound() -> None:
    result = QueryResult("select", ["a", "b"], [{"a": Literal(1)}, {"a": Literal(2), "b": URIRef("urn:x")}])
    assert result.values("b") == [None, URIRef("urn:x")]


def test_python_rows_turn_literals_into_values_and_iris_into_strings() -> None:
    result = QueryResult("select", ["n", "iri", "missing"],
                         [{"n": Literal("2.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
                           "iri": URIRef("urn:ex:a")}])
    assert result.python_rows() == [{"n": Decimal("2.5"), "iri": "urn:ex:a", "missing": None}]
