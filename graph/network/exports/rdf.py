"""RDF serializations of the data or of a view's triples: Turtle, N-Triples and JSON-LD.

Turtle and N-Triples are written by Oxigraph, which keeps every literal's lexical form (rdflib's
Turtle writer would rewrite ``"250000000000"^^xsd:decimal`` as ``250000000000.0``). JSON-LD is
written by rdflib, compacted with the project's prefixes only: compacting with the full
YAML-LD context (with its ``@set`` and ``@id`` coercions) loses blank-node conditions and
qualifications in rdflib, and a lossless export matters more than short keys.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from alliancekg.graph.store.results import Triple
from alliancekg.graph.store.terms import to_oxigraph
from alliancekg.ontology.namespaces import PREFIXES

RDF_FORMATS = {
    "turtle": ("turtle", "text/turtle"),
    "ntriples": ("nt", "application/n-triples"),
    "jsonld": ("json-ld", "application/ld+json"),
}
_OXIGRAPH = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


def rdf_graph(triples: Iterable[Triple]) -> Graph:
    """An rdflib graph of ``triples`` with the project's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


def generate_rdf(triples: Iterable[Triple], fmt: str) -> bytes:
    """``triples`` serialized as ``turtle``, ``ntriples`` or ``jsonld`` (UTF-8).

    The same triples give the same bytes whatever order they come in (the store's answer order
    is not fixed), so exports can be compared and diffed.

    Examples
    --------
    >>> from rdflib import URIRef, Literal
    >>> t = (URIRef("https://w3id.org/alliance-kg/id/ent/microsoft"),
    ...      URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Microsoft"))
    >>> generate_rdf([t], "ntriples").decode().strip()
    '<https://w3id.org/alliance-kg/id/ent/microsoft> <http://www.w3.org/2000/01/rdf-schema#label> "Microsoft" .'
    """
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; valid: {', '.join(RDF_FORMATS)}")
    if fmt in _OXIGRAPH:
        return generate_oxigraph_rdf([ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples],
                                     fmt)
    in_order = sorted(triples, key=lambda t: tuple(term.n3() for term in t))
    return rdf_graph(in_order).serialize(format="json-ld", context=dict(PREFIXES), indent=1).encode("utf-8")


def ntriples_lines(triples: ox.QueryTriples | Iterable[ox.Triple]) -> list[bytes]:
    """The N-Triples lines of ``triples``, one per triple, in the order they come; a pyoxigraph
    answer is written without making a Python object of each triple.

    Examples
    --------
    >>> s, p = ox.NamedNode("https://w3id.org/alliance-kg/id/ent/openai"), ox.NamedNode("http://schema.org/name")
    >>> [line.strip() for line in ntriples_lines([ox.Triple(s, p, ox.Literal("OpenAI"))])]
    [b'<https://w3id.org/alliance-kg/id/ent/openai> <http://schema.org/name> "OpenAI" .']
    """
    if isinstance(triples, ox.QueryTriples):
        data = triples.serialize(format=ox.RdfFormat.N_TRIPLES)
    else:
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return data.splitlines(keepends=True)


def sorted_ntriples(lines: list[bytes]) -> bytes:
    """N-Triples ``lines`` in the order :func:`generate_rdf` gives (sorting lines is much cheaper than
    sorting triples; a line is the triple's text followed by `` .``, so both orders are the same).

    Examples
    --------
    >>> lines = [b'<urn:b> <urn:p> "1" .', b'<urn:a> <urn:p> "2" .']
    >>> sorted_ntriples([line + bytes([10]) for line in lines]).decode().splitlines()[0]
    '<urn:a> <urn:p> "2" .'
    """
    return b"".join(sorted(lines))


def generate_oxigraph_rdf(triples: ox.QueryTriples | Iterable[ox.Triple], fmt: str) -> bytes:
    """pyoxigraph ``triples`` as ``turtle`` or ``ntriples``, in the order :func:`generate_rdf` gives.

    Examples
    --------
    >>> s, p = ox.NamedNode("https://w3id.org/alliance-kg/id/ent/openai"), ox.NamedNode("http://schema.org/name")
    >>> text = generate_oxigraph_rdf([ox.Triple(s, p, ox.Literal("b")), ox.Triple(s, p, ox.Literal("a"))], "ntriples")
    >>> [line.rsplit(" ", 2)[1] for line in text.decode().splitlines()]
    ['"a"', '"b"']
    """
    if fmt not in _OXIGRAPH:
        raise ValueError(f"pyoxigraph writes {', '.join(_OXIGRAPH)}, not {fmt!r}")
    if fmt == "ntriples":
        return sorted_ntriples(ntriples_lines(triples))
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))


__all__ = ["RDF_FORMATS", "generate_oxigraph_rdf", "generate_rdf", "ntriples_lines", "rdf_graph",
           "sorted_ntriples"]
