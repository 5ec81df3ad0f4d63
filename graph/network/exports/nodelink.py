"""Node-link JSON (networkx's :func:`~networkx.node_link_data` layout, with ``edges`` as the edge list)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from alliancekg.graph.network.exports.prepare import prepare


def node_link_document(graph: nx.Graph) -> dict[str, object]:
    """The node-link dict of ``graph`` with flat, consistently typed attributes."""
    flat = prepare(graph)
    clean = (nx.MultiDiGraph() if flat.directed else nx.MultiGraph()) if flat.multigraph else \
        (nx.DiGraph() if flat.directed else nx.Graph())
    clean.graph["name"] = flat.name
    clean.add_nodes_from(flat.nodes)
    for _, u, v, key, attrs in flat.edges:
        if flat.multigraph:
            clean.add_edge(u, v, key=key, **attrs)
        else:
            clean.add_edge(u, v, **attrs)
    return nx.node_link_data(clean, edges="edges")


def generate_node_link(graph: nx.Graph) -> str:
    """Node-link JSON text of ``graph``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("urn:a", "urn:b", key="urn:k", amount=2)
    >>> data = json.loads(generate_node_link(g))
    >>> data["edges"][0]["key"], data["edges"][0]["amount"]
    ('urn:k', 2)
    """
    return json.dumps(node_link_document(graph), indent=1, ensure_ascii=False)


def write_node_link(graph: nx.Graph, path: str | Path) -> Path:
    """Write :func:`generate_node_link` to ``path``."""
    path = Path(path)
    path.write_text(generate_node_link(graph), encoding="utf-8")
    return path


__all__ = ["generate_node_link", "node_link_document", "write_node_link"]
