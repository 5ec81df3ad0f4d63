"""Labels and parent/subsidiary links of linked organizations, fetched from a Wikidata SPARQL endpoint.

The organizations to look up are those with an ``owl:sameAs`` to a Wikidata item. Their QIDs are
checked against ``Q[1-9][0-9]*`` and only then written as ``wd:Q…`` terms into a ``VALUES`` block
(SPARQLWrapper has no parameter binding, so nothing else from the data reaches the query text).
The answer becomes the graph ``.../graph/links/wikidata``:

- ``wd:Qx rdfs:label "…"`` (English labels, as plain strings);
- ``akg:subsidiaryOf`` between organizations, from P749 (parent organization) and P355
  (subsidiary), written between our own nodes when both ends are linked, otherwise to a ``wd:``
  node typed ``akg:Organization`` with its label and its Wikidata page as source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from alliancekg.loaders.registry import Input
from alliancekg.loaders.yamlld import LoadedFile
from alliancekg.ontology.namespaces import AKG, GRAPH, PUB, WD

#: The public Wikidata query service.
DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
#: Wikidata asks clients to name themselves.
USER_AGENT = "alliance-kg/0.1 (https://w3id.org/alliance-kg; knowledge graph of AI alliances)"
GRAPH_NAME = "links/wikidata"
QID = re.compile(r"^Q[1-9][0-9]*$")
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"
WIKIDATA_PUBLISHER = PUB["wikidata.org"]

LINKED_QUERY = """
SELECT ?org ?item WHERE {
  ?org owl:sameAs ?item .
  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
}
"""


class WikidataError(RuntimeError):
    """The endpoint could not be queried or answered something unexpected."""


@dataclass(frozen=True)
class Relation:
    """One answer row: ``item``'s label, or its parent or subsidiary ``other`` (with its label)."""

    item: str
    relation: str  # label | parent | subsidiary
    other: str | None
    label: str | None


def qid_of(iri: str) -> str | None:
    """The QID of a Wikidata entity IRI, if it is one.

    Examples
    --------
    >>> qid_of("http://www.wikidata.org/entity/Q2283")
    'Q2283'
    >>> qid_of("http://www.wikidata.org/entity/Q2283> } ; DROP ALL ; #") is None
    True
    """
    if not iri.startswith(str(WD)):
        return None
    local = iri[len(str(WD)):]
    return local if QID.match(local) else None


def build_query(qids: Iterable[str]) -> str:
    """The SPARQL query for ``qids``; raises ``ValueError`` on anything that is not a QID.

    Examples
    --------
    >>> "VALUES ?item { wd:Q95 wd:Q2283 }" in build_query(["Q95", "Q2283"])
    True
    >>> build_query(["Q1 } ; DROP ALL"])
    Traceback (most recent call last):
    ...
    ValueError: not a Wikidata QID: 'Q1 } ; DROP ALL'
    """
    terms = []
    for qid in qids:
        if not isinstance(qid, str) or not QID.match(qid):
            raise ValueError(f"not a Wikidata QID: {qid!r}")
        terms.append(f"wd:{qid}")
    if not terms:
        raise ValueError("no Wikidata QIDs to look up")
    return f"""PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?item ?relation ?other ?label WHERE {{
  VALUES ?item {{ {' '.join(terms)} }}
  {{ ?item rdfs:label ?label . FILTER(LANG(?label) = "en") BIND("label" AS ?relation) }}
  UNION {{ ?item wdt:P749 ?other . BIND("parent" AS ?relation)
          OPTIONAL {{ ?other rdfs:label ?label . FILTER(LANG(?label) = "en") }} }}
  UNION {{ ?item wdt:P355 ?other . BIND("subsidiary" AS ?relation)
          OPTIONAL {{ ?other rdfs:label ?label . FILTER(LANG(?label) = "en") }} }}
}}"""


def fetch(endpoint: str, query: str, *, timeout: float = 60.0) -> list[Relation]:
    """Run ``query`` on ``endpoint`` with SPARQLWrapper and return the rows."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint, agent=USER_AGENT)
    client.setQuery(query)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    try:
        answer = client.query().convert()
    except (SPARQLWrapperException, OSError, ValueError) as exc:
        raise WikidataError(f"{endpoint}: {exc}") from exc
    if not isinstance(answer, dict) or "results" not in answer:
        raise WikidataError(f"{endpoint}: the answer is not SPARQL JSON results")
    rows = []
    for binding in answer["results"]["bindings"]:
        def value(name: str, binding: Mapping[str, dict[str, str]] = binding) -> str | None:
            cell = binding.get(name)
            return cell["value"] if cell else None

        rows.append(Relation(value("item") or "", value("relation") or "", value("other"), value("label")))
    return rows


def links_graph(rows: Iterable[Relation], linked: Mapping[str, URIRef]) -> Graph:
    """Triples for the answer ``rows``; ``linked`` maps QIDs to our organization nodes."""
    graph = Graph()
    labels: dict[str, str] = {}
    edges: set[tuple[str, str]] = set()  # (child QID, parent QID)
    for row in rows:
        item = qid_of(row.item)
        if item is None:
            continue
        if row.relation == "label" and row.label:
            labels.setdefault(item, row.label)
            continue
        other = qid_of(row.other or "")
        if other is None or row.relation not in ("parent", "subsidiary"):
            continue
        if row.label:
            labels.setdefault(other, row.label)
        edges.add((item, other) if row.relation == "parent" else (other, item))

    def node(qid: str) -> URIRef:
        if qid in linked:
            return linked[qid]
        iri = WD[qid]
        graph.add((iri, RDF.type, AKG.Organization))
        graph.add((iri, RDFS.label, Literal(labels.get(qid, qid))))
        graph.add((iri, AKG.wikidataId, Literal(qid)))
        graph.add((iri, PROV.wasDerivedFrom, URIRef(WIKIDATA_PAGE + qid)))
        return iri

    for qid, label in labels.items():
        if qid in linked:
            graph.add((WD[qid], RDFS.label, Literal(label)))
    for child, parent in sorted(edges):
        graph.add((node(child), AKG.subsidiaryOf, node(parent)))
    for qid in sorted(set(labels) | {q for edge in edges for q in edge}):
        graph.add((URIRef(WIKIDATA_PAGE + qid), RDF.type, AKG.Source))
        graph.add((URIRef(WIKIDATA_PAGE + qid), AKG.publisher, WIKIDATA_PUBLISHER))
        graph.add((URIRef(WIKIDATA_PAGE + qid), AKG.undated, Literal(True)))  # an item is edited, not published
    if labels or edges:
        graph.add((WIKIDATA_PUBLISHER, RDF.type, AKG.Publisher))
        graph.add((WIKIDATA_PUBLISHER, RDFS.label, Literal("Wikidata")))
        graph.add((WIKIDATA_PUBLISHER, AKG.webDomain, Literal("wikidata.org")))
    return graph


def linked_items(graph_or_rows: Iterable[tuple[URIRef, URIRef]]) -> dict[str, URIRef]:
    """QID -> our node, from (organization, Wikidata item) pairs; items that are not QIDs are dropped."""
    linked = {}
    for org, item in graph_or_rows:
        qid = qid_of(str(item))
        if qid and qid not in linked:
            linked[qid] = org
    return linked


def linked_from_graph(graph: Graph) -> dict[str, URIRef]:
    """QID -> node for every ``owl:sameAs`` to a Wikidata item in ``graph``."""
    return linked_items((s, o) for s, o in graph.subject_objects(OWL.sameAs) if isinstance(s, URIRef))


def wikidata_input(graph: Graph) -> Input:
    """The fetched links as an input for :func:`alliancekg.graph.build.load_into`."""
    from pathlib import Path

    loaded = LoadedFile(path=Path("wikidata"), graph=graph)
    return Input(GRAPH_NAME, GRAPH[GRAPH_NAME], lambda: loaded)


__all__ = ["DEFAULT_ENDPOINT", "GRAPH_NAME", "Relation", "WikidataError", "build_query", "fetch",
           "linked_from_graph", "linked_items", "links_graph", "qid_of", "wikidata_input"]
