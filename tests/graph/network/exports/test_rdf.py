"""View triples written as RDF files: Turtle, N-Triples and JSON-LD with the project's prefixes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from alliancekg.graph.network.exports.rdf import RDF_FORMATS, generate_oxigraph_rdf, generate_rdf, rdf_graph
from alliancekg.graph.store.terms import to_oxigraph

MSFT = URIRef("https://w3id.org/alliance-kg/id/ent/microsoft")
TRIPLES = [(MSFT, RDFS.label, Literal("Microsoft")), (MSFT, RDFS.comment, Literal("Société", lang="fr"))]


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_every_format_reads_back_as_the_same_triples(fmt: str) -> None:
    parsed = Graph().parse(data=generate_rdf(TRIPLES, fmt).decode("utf-8"), format=RDF_FORMATS[fmt][0])
    assert set(parsed) == set(TRIPLES)


def test_turtle_uses_the_project_prefixes() -> None:
    assert "ent:microsoft" in generate_rdf(TRIPLES, "turtle").decode("utf-8")
    assert rdf_graph(TRIPLES).namespace_manager.store.namespace("ent") is not None


def test_an_unknown_format_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="valid: turtle, ntriples, jsonld"):
        generate_rdf(TRIPLES, "rdfxml")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_the_same_triples_in_another_order_give_the_same_bytes(fmt: str) -> None:
    # The store's answer order is not fixed: the CLI and a server worker exported one view differently.
    ent, akg = "https://w3id.org/alliance-kg/id/ent/", "https://w3id.org/alliance-kg/ontology#"
    triples = [(URIRef(ent + name), URIRef(akg + "alias"), Literal(alias))
               for name in ("openai", "softbank", "microsoft") for alias in ("b", "a", "c")]
    assert generate_rdf(triples, fmt) == generate_rdf(list(reversed(triples)), fmt)


def test_pyoxigraph_triples_are_written_in_the_order_of_the_generic_path() -> None:
    # N-Triples lines are sorted as text: the order must be that of the triples themselves.
    ex = "https://example.org/"
    objects = [Literal("a"), Literal("a", lang="en"), Literal("a", datatype=URIRef(ex + "t")), Literal("tab\there"),
               Literal("é"), URIRef(ex + "o"), URIRef(ex + "o/1"), BNode("b1"), BNode("b12")]
    triples = [(subject, RDFS.label, obj) for subject in (BNode("b1"), BNode("b12"), MSFT, URIRef(ex + "s"))
               for obj in objects]
    native = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples]
    for fmt in ("turtle", "ntriples"):
        assert generate_oxigraph_rdf(list(reversed(native)), fmt) == generate_rdf(triples, fmt)
    with pytest.raises(ValueError, match="not 'jsonld'"):
        generate_oxigraph_rdf(native, "jsonld")
