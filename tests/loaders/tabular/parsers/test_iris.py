"""Address parsers: http(s) IRIs, described sources, CURIEs."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from alliancekg.loaders.tabular.parsers.iris import parse_curie, parse_iri, parse_iri_value
from alliancekg.ontology.namespaces import AKG, ENT, PUB


def test_only_http_addresses_are_iris(make_cell) -> None:
    cell = make_cell({"value": "x"})
    assert parse_iri(cell.run, " https://a.org/x ", cell.row, "value") == URIRef("https://a.org/x")
    assert parse_iri(cell.run, "javascript:alert(1)", cell.row, "value") is None
    assert parse_iri_value("ftp://a.org", {}, cell) == []
    assert [p.message for p in cell.run.problems] == ["'javascript:alert(1)' is not an http(s) address",
                                                      "'ftp://a.org' is not an http(s) address"]


def test_a_described_source_gets_the_note_at_its_position(make_cell) -> None:
    cell = make_cell({"urls": "https://a.org/1 | https://b.org/2",
                      "notes": "A Corp (wire story), 2025-01 (URL) | b.org, n.d. (says 2024)"})
    describe = {"urls": "urls", "column": "notes"}
    for url in ("https://a.org/1", "https://b.org/2"):
        assert parse_iri_value(url, {"describe": describe}, cell) == [URIRef(url)]
    graph, a, b = cell.run.graph, URIRef("https://a.org/1"), URIRef("https://b.org/2")
    assert (a, RDF.type, AKG.Source) in graph and cell.run.problems == []
    assert graph.value(a, AKG.publisher) == PUB["a.org"]
    assert (PUB["a.org"], RDF.type, AKG.Publisher) in graph
    assert graph.value(PUB["a.org"], RDFS.label) == Literal("A Corp")
    assert graph.value(PUB["a.org"], AKG.webDomain) == Literal("a.org")
    assert graph.value(a, AKG.publishedOn) == Literal("2025-01-01", datatype=XSD.date)
    assert graph.value(a, AKG.datePrecision) == Literal("month")
    assert graph.value(a, AKG.dateBasis) == Literal("date in the address")
    assert graph.value(a, RDFS.comment) == Literal("wire story")
    assert graph.value(b, AKG.undated) == Literal(True) and graph.value(b, AKG.publishedOn) is None
    assert graph.value(b, AKG.dateBasis) == Literal("says 2024")


def test_a_source_note_without_a_readable_date_is_reported_at_its_column(make_cell) -> None:
    cell = make_cell({"urls": "https://a.org/1", "notes": "a.org, sometime"})
    parse_iri_value("https://a.org/1", {"describe": {"urls": "urls", "column": "notes"}}, cell)
    assert [(p.field, p.message) for p in cell.run.problems] == [
        ("notes", "'a.org, sometime': not a date the table uses (YYYY-MM-DD, YYYY-MM, YYYY, 'Oct 28 2025', "
                  "'13 Jun 2025', a day and month with the deal's year, or n.d.)")]
    assert cell.run.graph.value(URIRef("https://a.org/1"), AKG.publisher) is None


def test_curie(make_cell) -> None:
    assert parse_curie("ent:acme", {}, make_cell()) == [ENT["acme"]]
