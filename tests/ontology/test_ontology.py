"""The ontology parses, documents every term, stays OWL 2 DL-friendly and is consistent under HermiT."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from alliancekg.graph.quality.reasoning import check_consistency, java_available
from alliancekg.ontology import ALIGNMENTS_FILE, load_ontology, load_shapes
from alliancekg.ontology.namespaces import AKG

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


def akg_terms(graph: Graph) -> set:
    return {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t) if str(s).startswith(str(AKG))}


def test_ontology_parses_and_declares_core_terms() -> None:
    graph = load_ontology()
    for term in (AKG.Agreement, AKG.Provision, AKG.Right, AKG.Obligation, AKG.Prohibition, AKG.Power,
                 AKG.Permission, AKG.EquityStake, AKG.Condition, AKG.Qualification, AKG.Event, AKG.Conflict):
        assert (term, RDF.type, OWL.Class) in graph, term


def test_every_term_has_label_and_definition() -> None:
    graph = load_ontology()
    terms = akg_terms(graph)
    assert len(terms) > 80
    missing = sorted(str(t) for t in terms
                     if graph.value(t, RDFS.label) is None or graph.value(t, SKOS.definition) is None)
    assert missing == []


def test_every_property_has_a_domain_or_says_why_not() -> None:
    graph = load_ontology()
    properties = {s for t in (OWL.ObjectProperty, OWL.DatatypeProperty) for s in graph.subjects(RDF.type, t)}
    assert len(properties) > 60
    missing = sorted(str(p) for p in properties if graph.value(p, RDFS.domain) is None
                     and "No domain:" not in str(graph.value(p, SKOS.definition)))
    assert missing == []


def test_no_datatype_outside_the_owl2_map_is_used_as_a_range() -> None:
    graph = load_ontology()
    ranges = {o for o in graph.objects(None, RDFS.range) if str(o).startswith(str(XSD))}
    assert XSD.date not in ranges and XSD.gYearMonth not in ranges


def test_alignments_are_skos_mappings_only() -> None:
    graph = Graph().parse(ALIGNMENTS_FILE)
    predicates = set(graph.predicates())
    assert predicates <= {SKOS.closeMatch, SKOS.exactMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}
    targets = {str(o) for o in graph.objects()}
    for vocabulary in ("http://www.w3.org/ns/odrl/2/", "https://spec.edmcouncil.org/fibo/", "http://www.w3.org/ns/prov#",
                       "http://www.w3.org/ns/org#", "http://www.w3.org/2006/time#", "https://schema.org/",
                       "https://www.gleif.org/ontology/L2/"):
        assert any(t.startswith(vocabulary) for t in targets), vocabulary


def test_shapes_parse() -> None:
    assert len(load_shapes()) > 100


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_ontology_is_consistent_under_hermit() -> None:
    report = check_consistency(load_ontology())
    assert report.consistent, report.message
