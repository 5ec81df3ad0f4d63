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


def binding_only(graph: nx.MultiGraph) -> nx.MultiGraph:
    """A copy of ``graph`` without the edges marked ``non_binding`` (flows of letters of intent,
    memoranda and term sheets).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("nvidia", "openai", key="loi", non_binding=True)
    >>> _ = g.add_edge("amazon", "openai", key="round", non_binding=False)
    >>> list(binding_only(g).edges(keys=True))
    [('amazon', 'openai', 'round')]
    """
    kept = graph.copy()
    kept.remove_edges_from([(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if d.get("non_binding")])
    return kept


def resolve_node(graph: nx.Graph, text: str) -> str | None:
    """The node ``text`` names: its IRI, a CURIE of it, or its label (any case); None if none.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("https://w3id.org/alliance-kg/id/ent/openai", label="OpenAI")
    >>> resolve_node(g, "ent:openai") == resolve_node(g, "openai") == "https://w3id.org/alliance-kg/id/ent/openai"
    True
    """
    from alliancekg.graph.store.terms import expand_curie

    candidates = (text, expand_curie(text.strip()))
    for candidate in candidates:
        if candidate in graph:
            return candidate
    wanted = text.strip().casefold()
    for node, data in graph.nodes(data=True):
        if str(data.get("label", "")).casefold() == wanted:
            return str(node)
    return None


def label(graph: nx.Graph, node: object) -> str:
    """The node's label, else its id."""
    return str(graph.nodes[node].get("label", node)) if node in graph else str(node)


__all__ = ["binding_only", "current", "label", "resolve_node"]
