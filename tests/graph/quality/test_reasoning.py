"""HermiT consistency checks over ontology plus data."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from alliancekg.graph.quality.reasoning import _owl2_literals, check_consistency, java_available
from alliancekg.loaders.yamlld import load_yamlld
from alliancekg.ontology import load_ontology
from alliancekg.ontology.namespaces import AGR, AKG, STK

needs_java = pytest.mark.skipif(not java_available(), reason="HermiT needs Java")


@needs_java
def test_bundled_deal_is_consistent(deal_file) -> None:
    graph = load_ontology() + load_yamlld(deal_file).graph
    report = check_consistency(graph)
    assert report.consistent, report.message
    assert report.individuals > 100


@needs_java
def test_disjoint_classes_make_data_inconsistent() -> None:
    graph = load_ontology()
    graph.add((AGR.x, RDF.type, AKG.Agreement))
    graph.add((AGR.x, RDF.type, AKG.Organization))
    assert not check_consistency(graph).consistent


@needs_java
def test_functional_property_with_two_values_is_inconsistent() -> None:
    graph = load_ontology()
    graph.add((STK.x, RDF.type, AKG.EquityStake))
    graph.add((STK.x, AKG.percent, Literal("27", datatype=XSD.decimal)))
    graph.add((STK.x, AKG.percent, Literal("32.5", datatype=XSD.decimal)))
    assert not check_consistency(graph).consistent


def test_literals_are_moved_into_the_owl2_datatype_map() -> None:
    graph = load_ontology()
    graph.add((AGR.x, AKG.effectiveDate, Literal("2025-10-28", datatype=XSD.date)))
    graph.add((AGR.x, AKG.announcedMonth, Literal("2025-09", datatype=XSD.gYearMonth)))
    converted = _owl2_literals(graph)
    assert converted.value(AGR.x, AKG.effectiveDate) == Literal("2025-10-28T00:00:00Z", datatype=XSD.dateTime)
    assert converted.value(AGR.x, AKG.announcedMonth) == Literal("2025-09", datatype=XSD.string)
