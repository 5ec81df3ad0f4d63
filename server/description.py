"""The SPARQL 1.1 Service Description answered on a GET of the endpoint with no query."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from alliancekg.server.negotiation import GRAPH_TYPES

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS = "http://purl.org/dc/terms/"

#: Result formats the endpoint writes (W3C format IRIs).
RESULT_FORMATS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML",
)

DESCRIPTION_PREFIXES = {"sd": SD, "formats": FORMATS, "dcterms": DCTERMS}


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def service_description(endpoint: str, graphs: Iterable[str], *, updates: bool = False,
                        federation: bool = False) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint`` and its dataset of named ``graphs``.

    Examples
    --------
    >>> triples = service_description("http://127.0.0.1:8080/sparql", ["urn:g"])
    >>> any(t.predicate.value.endswith("#endpoint") and t.object.value.endswith("/sparql") for t in triples)
    True
    """
    service = ox.BlankNode()
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, ox.NamedNode(DCTERMS + "title"), ox.Literal("alliance-kg SPARQL endpoint")),
        ox.Triple(service, ox.NamedNode(DCTERMS + "description"), ox.Literal(
            "A knowledge graph of AI-industry alliances. Unless a request names its dataset, the default graph "
            "is the union of the data graphs; scenario graphs are reachable only with GRAPH.")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    triples += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + f)) for f in RESULT_FORMATS]
    # Without a dataset in the request, the default graph is the union of the (data) named graphs.
    triples.append(ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")))
    if updates:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    if federation:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for graph in graphs:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(graph)),
        ]
    return triples


def serialize_description(triples: list[ox.Triple], media_type: str) -> bytes:
    """Write the description in one of :data:`~alliancekg.server.negotiation.GRAPH_TYPES`."""
    fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media_type])
    prefixes = DESCRIPTION_PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes)


__all__ = ["RESULT_FORMATS", "SD", "serialize_description", "service_description"]
