"""Centrality and brokerage of organizations.

Centrality (:func:`centrality`): ``degree`` (distinct partners), ``strength`` (number of edges,
i.e. agreements, provisions or flows), ``betweenness`` (share of shortest paths through the
organization; normalized) and ``pagerank`` (weighted by the number of parallel edges; on
directed views it follows edge direction: for ``money`` toward whoever receives, for
``dependency`` toward whoever is depended on).

Brokerage (:func:`brokerage`), Burt's structural holes on the undirected weighted graph:
``constraint`` (0..1; high when all of an organization's ties lead to partners tied to each
other or to one partner), ``effective_size`` (non-redundant partners) and ``efficiency``
(effective size per partner). Brokers have low constraint and high effective size.
"""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.network.views.common import weighted


def _simple(graph: nx.Graph) -> nx.Graph:
    return weighted(graph) if graph.is_multigraph() else graph


def centrality(graph: nx.Graph, *, betweenness_sample: int | None = None, seed: int = 0) -> list[dict[str, object]]:
    """Degree, strength, betweenness and PageRank of every node, highest PageRank first.

    ``betweenness_sample`` estimates betweenness from that many source nodes (for large graphs).

    Examples
    --------
    >>> rows = centrality(nx.star_graph(3))
    >>> rows[0]["node"], rows[0]["degree"], rows[0]["betweenness"]
    (0, 3, 1.0)
    """
    simple = _simple(graph)
    weight = "weight" if any("weight" in d for _, _, d in simple.edges(data=True)) else None
    undirected = simple.to_undirected(as_view=True) if simple.is_directed() else simple
    strength = dict(undirected.degree(weight=weight))
    k = betweenness_sample if betweenness_sample and betweenness_sample < len(simple) else None
    betweenness = nx.betweenness_centrality(simple, k=k, seed=seed if k else None)
    pagerank = nx.pagerank(simple, weight=weight) if len(simple) else {}
    rows = [
        {
            "node": node, "label": simple.nodes[node].get("label", str(node)), "degree": undirected.degree(node),
            "strength": int(strength[node]), "betweenness": float(betweenness[node]), "pagerank": float(pagerank[node]),
        }
        for node in simple
    ]
    return sorted(rows, key=lambda r: (-r["pagerank"], str(r["label"])))


def brokerage(graph: nx.Graph) -> list[dict[str, object]]:
    """Burt's constraint, effective size and efficiency of every node, least constrained first.

    Examples
    --------
    >>> rows = {r["node"]: r for r in brokerage(nx.star_graph(4))}
    >>> rows[0]["constraint"], rows[0]["effective_size"], rows[1]["constraint"]
    (0.25, 4.0, 1.0)
    """
    simple = _simple(graph)
    undirected = nx.Graph(simple.to_undirected()) if simple.is_directed() else simple
    weight = "weight" if any("weight" in d for _, _, d in undirected.edges(data=True)) else None
    connected = [n for n in undirected if undirected.degree(n) > 0]
    constraint = nx.constraint(undirected, nodes=connected, weight=weight)
    effective = nx.effective_size(undirected, nodes=connected, weight=weight)
    rows = []
    for node in connected:
        degree = undirected.degree(node)
        rows.append({
            "node": node, "label": undirected.nodes[node].get("label", str(node)), "degree": degree,
            "constraint": float(constraint[node]), "effective_size": float(effective[node]),
            "efficiency": float(effective[node]) / degree if degree else 0.0,
        })
    return sorted(rows, key=lambda r: (r["constraint"], -r["effective_size"], str(r["label"])))


__all__ = ["brokerage", "centrality"]
