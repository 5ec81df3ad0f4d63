"""GraphML for yEd, Gephi and Cytoscape: every attribute declared with its type, no empty values.

The GraphML schema makes node and edge ids XML name tokens (``xs:NMTOKEN``), which an IRI,
with its ``/`` and ``#``, can never be. Ids are therefore the compact form of the IRI with the
project's prefixes (``ent:microsoft``) when that is a name token, else ``n0``, ``n1``… (``e0``…
for edges), and the whole IRI is kept in the ``iri`` attribute of nodes (edges keep their multigraph key in
``edge_key``). ``iri_ids=True`` writes the IRIs themselves as ids, which tools accept but the schema
does not.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
from lxml import etree
from rdflib import URIRef

from alliancekg.graph.network.exports.prepare import Flat, prepare
from alliancekg.graph.store.terms import compact, escape_control_characters

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_NMTOKEN = re.compile(r"^[A-Za-z0-9._:-]+$")


def _token_ids(values: list[str], fallback: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for index, value in enumerate(values):
        candidate = compact_id(value)
        if not _NMTOKEN.match(candidate) or candidate in taken:
            candidate = f"{fallback}{index}"
        ids[value] = candidate
        taken.add(candidate)
    return ids


def compact_id(iri: str) -> str:
    """The CURIE of ``iri`` when a project prefix fits, else ``iri`` itself.

    Examples
    --------
    >>> compact_id("https://w3id.org/alliance-kg/id/amt/azure-incremental-250b")
    'amt:azure-incremental-250b'
    """
    return compact(URIRef(iri))


def _text(value: object) -> str:
    """Attribute text; control characters, which XML 1.0 cannot hold, written as escapes (``\\x1b``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return escape_control_characters(str(value))


def _keys(root: etree._Element, domain: str, types: dict[str, type], prefix: str) -> dict[str, str]:
    ids = {}
    for index, (name, kind) in enumerate(types.items()):
        key_id = f"{prefix}{index}"
        etree.SubElement(root, f"{{{NS}}}key", {"id": key_id, "for": domain, "attr.name": name,
                                                 "attr.type": TYPES[kind]})
        ids[name] = key_id
    return ids


def _data(element: etree._Element, attrs: dict, keys: dict[str, str]) -> None:
    for name, value in attrs.items():
        etree.SubElement(element, f"{{{NS}}}data", key=keys[name]).text = _text(value)


def graphml_document(flat: Flat, *, iri_ids: bool = False) -> etree._ElementTree:
    """The GraphML document of a prepared graph."""
    root = etree.Element(f"{{{NS}}}graphml", nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    node_types = {"iri": str, **{k: t for k, t in flat.node_types.items() if k != "iri"}}
    edge_types = {"edge_key": str, **{k: t for k, t in flat.edge_types.items() if k != "edge_key"}} if flat.multigraph \
        else dict(flat.edge_types)
    etree.SubElement(root, f"{{{NS}}}key", {"id": "g0", "for": "graph", "attr.name": "name", "attr.type": "string"})
    node_keys = _keys(root, "node", node_types, "n")
    edge_keys = _keys(root, "edge", edge_types, "d")
    graph = etree.SubElement(root, f"{{{NS}}}graph", id="G", edgedefault="directed" if flat.directed else "undirected")
    etree.SubElement(graph, f"{{{NS}}}data", key="g0").text = _text(flat.name)
    node_ids = {n: n for n, _ in flat.nodes} if iri_ids else _token_ids([n for n, _ in flat.nodes], "n")
    edge_ids = {e[0]: e[0] for e in flat.edges} if iri_ids else _token_ids([e[0] for e in flat.edges], "e")
    for node, attrs in flat.nodes:
        element = etree.SubElement(graph, f"{{{NS}}}node", id=node_ids[node])
        _data(element, {"iri": node, **{k: v for k, v in attrs.items() if k != "iri"}}, node_keys)
    for edge_id, u, v, key, attrs in flat.edges:
        element = etree.SubElement(graph, f"{{{NS}}}edge", id=edge_ids[edge_id], source=node_ids[u], target=node_ids[v])
        extra = {"edge_key": key} if flat.multigraph and key is not None else {}
        _data(element, {**extra, **{k: v for k, v in attrs.items() if k not in extra}}, edge_keys)
    return etree.ElementTree(root)


def generate_graphml(graph: nx.Graph, *, iri_ids: bool = False) -> str:
    """GraphML text of ``graph``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("https://w3id.org/alliance-kg/id/ent/microsoft", "https://w3id.org/alliance-kg/id/ent/openai",
    ...                key="https://w3id.org/alliance-kg/id/amt/x", amount=1e9)
    >>> text = generate_graphml(g)
    >>> 'id="ent:microsoft"' in text and ">https://w3id.org/alliance-kg/id/ent/microsoft<" in text
    True
    """
    document = graphml_document(prepare(graph), iri_ids=iri_ids)
    return etree.tostring(document, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def write_graphml(graph: nx.Graph, path: str | Path, *, iri_ids: bool = False) -> Path:
    """Write :func:`generate_graphml` to ``path``."""
    path = Path(path)
    path.write_text(generate_graphml(graph, iri_ids=iri_ids), encoding="utf-8")
    return path


__all__ = ["compact_id", "generate_graphml", "graphml_document", "write_graphml"]
