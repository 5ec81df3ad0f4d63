"""Selecting the part of a view an analysis should look at."""

from __future__ import annotations

import networkx as nx


def current(graph: nx.MultiGraph) -> nx.MultiGraph:
    """A copy of ``graph`` without the edges marked ``superseded`` (replaced or revoked since).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="old", superseded=True)
    >>> _ = g.add_edge("a", "b", key="new", superseded=False)
    >>> list(current(g).edges(keys=True))
    [('a', 'b', 'new')]
    """
    kept = graph.copy()
    kept.remove_edges_from([(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if d.get("superseded")])
    return kept


def label(graph: nx.Graph, node: object) -> str:
    """The node's label, else its id."""
    return str(graph.nodes[node].get("label", node)) if node in graph else str(node)


__all__ = ["current", "label"]
