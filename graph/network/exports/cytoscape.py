"""Cytoscape.js JSON (``elements`` with ``nodes`` and ``edges``, each a ``data`` object).

The document also carries the keys Cytoscape desktop reads from ``.cyjs`` files
(``format_version``, ``generated_by``, ``data``) and the ones networkx's
:func:`~networkx.readwrite.json_graph.cytoscape_graph` needs (``directed``, ``multigraph``, a
node ``value`` and ``name``). Node ids are the IRIs; ``name`` is the label; each element has
``classes`` set to its kind for styling.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from alliancekg.graph.network.exports.palette import EDGE_COLOURS, NODE_COLOURS, colour
from alliancekg.graph.network.exports.prepare import Flat, prepare


def cytoscape_document(flat: Flat) -> dict[str, object]:
    """The Cytoscape.js document of a prepared graph, as a dict."""
    nodes = []
    for node, attrs in flat.nodes:
        data = {**attrs, "id": node, "value": node, "name": str(attrs.get("label", node)),
                "colour": colour(attrs.get("kind", "Organization"), NODE_COLOURS)}
        nodes.append({"data": data, "classes": str(attrs.get("kind", ""))})
    edges = []
    for edge_id, u, v, key, attrs in flat.edges:
        data = {**attrs, "id": edge_id, "source": u, "target": v, "colour": colour(attrs.get("kind", ""), EDGE_COLOURS)}
        if flat.multigraph and key is not None:
            data["key"] = key
        edges.append({"data": data, "classes": str(attrs.get("kind", ""))})
    return {
        "format_version": "1.0", "generated_by": "alliance-kg", "target_cytoscapejs_version": "~3",
        "data": {"name": flat.name}, "directed": flat.directed, "multigraph": flat.multigraph,
        "elements": {"nodes": nodes, "edges": edges},
    }


def generate_cytoscape(graph: nx.Graph) -> str:
    """Cytoscape.js JSON text of ``graph``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("urn:a", "urn:b", key="urn:k", kind="investment")
    >>> json.loads(generate_cytoscape(g))["elements"]["edges"][0]["data"]["id"]
    'urn:k'
    """
    return json.dumps(cytoscape_document(prepare(graph)), indent=1, ensure_ascii=False)


def write_cytoscape(graph: nx.Graph, path: str | Path) -> Path:
    """Write :func:`generate_cytoscape` to ``path``."""
    path = Path(path)
    path.write_text(generate_cytoscape(graph), encoding="utf-8")
    return path


__all__ = ["cytoscape_document", "generate_cytoscape", "write_cytoscape"]
