"""Address parsers: http(s) IRIs, described sources, CURIEs."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from alliancekg.loaders.tabular.parsers.iris import parse_curie, parse_iri, parse_iri_value
from alliancekg.ontology.namespaces import AKG, ENT


def test_only_http_addresses_are_iris(make_cell) -> None:
    cell = make_cell({"value": "x"})
    assert parse_iri(cell.run, " https://a.org/x ", cell.row, "value") == URIRef("https://a.org/x")
    assert parse_iri(cell.run, "javascript:alert(1)", cell.row, "value") is None
    assert parse_iri_value("ftp://a.org", {}, cell) == []
    assert [p.message for p in cell.run.problems] == ["'javascript:alert(1)' is not an http(s) address",
                                                      "'ftp://a.org' is not an http(s) address"]


def test_a_described_source_gets_the_note_at_its_position(make_cell) -> None:
    cell = make_cell({"urls": "https://a.org/1 | https://b.org/2", "notes": "A Corp, 2025-01 | B, n.d."})
    describe = {"urls": "urls", "column": "notes"}
    for url in ("https://a.org/1", "https://b.org/2"):
        assert parse_iri_value(url, {"describe": describe}, cell) == [URIRef(url)]
    graph = cell.run.graph
    assert (URIRef("https://a.org/1"), RDF.type, AKG.Source) in graph
    assert graph.value(URIRef("https://a.org/1"), AKG.publisher) == Literal("A Corp")
    assert graph.value(URIRef("https://a.org/1"), AKG.publishedOn) == Literal("2025-01")
    assert graph.value(URIRef("https://b.org/2"), AKG.publishedOn) == Literal("n.d.")


def test_curie(make_cell) -> None:
    assert parse_curie("ent:acme", {}, make_cell()) == [ENT["acme"]]
