"""GEXF 1.2 for Gephi: labels, declared attribute types, and ``viz:color`` by kind.

Node ids are the IRIs (GEXF ids are plain strings). Edges keep their multigraph key in the ``edge_key``
attribute and get a ``weight`` when the graph has one (the weighted alliance graph). Colours
come from :mod:`alliancekg.graph.network.exports.palette`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
from lxml import etree

from alliancekg.graph.network.exports.palette import EDGE_COLOURS, NODE_COLOURS, colour, rgb
from alliancekg.graph.network.exports.prepare import Flat, prepare
from alliancekg.graph.store.terms import escape_control_characters

NS = "http://www.gexf.net/1.2draft"
VIZ = "http://www.gexf.net/1.2draft/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.gexf.net/1.2draft/gexf.xsd"
TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _text(value: object) -> str:
    """Attribute text; control characters, which XML 1.0 cannot hold, written as escapes (``\\x1b``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return escape_control_characters(str(value))


def _declare(graph: etree._Element, domain: str, types: dict[str, type]) -> dict[str, str]:
    attributes = etree.SubElement(graph, f"{{{NS}}}attributes", {"class": domain, "mode": "static"})
    ids = {}
    for index, (name, kind) in enumerate(types.items()):
        etree.SubElement(attributes, f"{{{NS}}}attribute", id=f"{domain[0]}{index}", title=name, type=TYPES[kind])
        ids[name] = f"{domain[0]}{index}"
    return ids


def _attvalues(element: etree._Element, attrs: dict, ids: dict[str, str]) -> None:
    values = etree.SubElement(element, f"{{{NS}}}attvalues")
    for name, value in attrs.items():
        etree.SubElement(values, f"{{{NS}}}attvalue", {"for": ids[name], "value": _text(value)})


def _colour(element: etree._Element, hex_colour: str) -> None:
    r, g, b = rgb(hex_colour)
    etree.SubElement(element, f"{{{VIZ}}}color", r=str(r), g=str(g), b=str(b), a="1.0")


def gexf_document(flat: Flat, *, today: dt.date | None = None) -> etree._ElementTree:
    """The GEXF document of a prepared graph."""
    root = etree.Element(f"{{{NS}}}gexf", nsmap={None: NS, "viz": VIZ, "xsi": XSI}, version="1.2")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    meta = etree.SubElement(root, f"{{{NS}}}meta", lastmodifieddate=(today or dt.date.today()).isoformat())
    etree.SubElement(meta, f"{{{NS}}}creator").text = "alliance-kg"
    etree.SubElement(meta, f"{{{NS}}}description").text = _text(f"{flat.name} view")
    graph = etree.SubElement(root, f"{{{NS}}}graph", defaultedgetype="directed" if flat.directed else "undirected",
                             mode="static", idtype="string")
    node_types = {k: t for k, t in flat.node_types.items() if k != "label"}
    edge_types = {k: t for k, t in flat.edge_types.items() if k not in ("label", "weight")}
    if flat.multigraph:
        edge_types = {"edge_key": str, **{k: t for k, t in edge_types.items() if k != "edge_key"}}
    node_ids, edge_ids = _declare(graph, "node", node_types), _declare(graph, "edge", edge_types)
    nodes = etree.SubElement(graph, f"{{{NS}}}nodes")
    for node, attrs in flat.nodes:
        element = etree.SubElement(nodes, f"{{{NS}}}node", id=node, label=_text(attrs.get("label", node)))
        _attvalues(element, {k: v for k, v in attrs.items() if k != "label"}, node_ids)
        _colour(element, colour(attrs.get("kind", "Organization"), NODE_COLOURS))
    edges = etree.SubElement(graph, f"{{{NS}}}edges")
    for edge_id, u, v, key, attrs in flat.edges:
        element = etree.SubElement(edges, f"{{{NS}}}edge", id=edge_id, source=u, target=v)
        if "label" in attrs:
            element.set("label", _text(attrs["label"]))
        if isinstance(attrs.get("weight"), int | float) and not isinstance(attrs.get("weight"), bool):
            element.set("weight", repr(float(attrs["weight"])))
        extra = {"edge_key": key} if flat.multigraph and key is not None else {}
        _attvalues(element, {**extra, **{k: v for k, v in attrs.items() if k not in ("label", "weight", *extra)}},
                   edge_ids)
        _colour(element, colour(attrs.get("kind", ""), EDGE_COLOURS))
    return etree.ElementTree(root)


def generate_gexf(graph: nx.Graph, *, today: dt.date | None = None) -> str:
    """GEXF 1.2 text of ``graph``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_node("https://w3id.org/alliance-kg/id/ent/microsoft", label="Microsoft", kind="Organization")
    >>> 'label="Microsoft"' in generate_gexf(g) and "viz:color" in generate_gexf(g)
    True
    """
    document = gexf_document(prepare(graph), today=today)
    return etree.tostring(document, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write :func:`generate_gexf` to ``path``."""
    path = Path(path)
    path.write_text(generate_gexf(graph), encoding="utf-8")
    return path


__all__ = ["generate_gexf", "gexf_document", "write_gexf"]
