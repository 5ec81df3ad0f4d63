"""Amount parsers: money and quantities as numbered nodes with their qualifiers."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from alliancekg.loaders.tabular.mapping import MappingError
from alliancekg.loaders.tabular.parsers.amounts import parse_money, parse_quantity, qualifiers
from alliancekg.ontology.namespaces import AKG

QUALIFIERS = {"isUpperBound": ["up to"], "isApproximate": ["~"], "isReported": ["reported"]}


def test_money_nodes_are_numbered_with_their_qualifiers(make_cell) -> None:
    cell = make_cell()
    spec = {"qualifiers": QUALIFIERS, "currencies": ["USD", "EUR"]}
    nodes = parse_money("up to 5000000000 USD | ~2 EUR and 3 GBP reported", spec, cell)
    graph = cell.run.graph
    assert [str(n).rsplit("/", 1)[-1] for n in nodes] == ["deal-1", "deal-2"]
    first, second = nodes
    assert (first, RDF.type, AKG.MonetaryAmount) in graph and graph.value(first, AKG.currency) == Literal("USD")
    assert graph.value(first, AKG.amount) == Literal("5000000000", datatype=XSD.decimal)
    assert graph.value(first, AKG.isUpperBound) == Literal(True) and graph.value(second, AKG.isUpperBound) is None
    assert graph.value(second, AKG.isApproximate) == Literal(True)
    assert graph.value(first, AKG.isReported) == graph.value(second, AKG.isReported) == Literal(True)


def test_quantities_read_thousands_and_need_units(make_cell) -> None:
    cell = make_cell()
    (node,) = parse_quantity("1,500 MW", {"units": {"MW": "megawatt"}}, cell)
    assert cell.run.graph.value(node, AKG.amount) == Literal("1500", datatype=XSD.decimal)
    assert cell.run.graph.value(node, AKG.unit) == Literal("megawatt")
    with pytest.raises(MappingError, match="needs 'units'"):
        parse_quantity("1 MW", {}, cell)


def test_qualifiers_look_before_the_amount() -> None:
    assert qualifiers("at most ", "at most 1 USD", {"qualifiers": {"isUpperBound": ["up to"]}}) == {}
