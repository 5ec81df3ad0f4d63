"""Helpers shared by the view builders: nodes from organization records, unique edge keys, and
turning a multigraph view into a weighted simple graph or merging corporate groups."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from alliancekg.graph.network.views.records import SEPARATOR, Organization, organization


def add_org(graph: nx.Graph, orgs: dict[str, Organization], iri: str) -> str:
    """Add organization ``iri`` as a node (IRI as id) with its attributes; return the id."""
    if iri not in graph:
        record = organization(orgs, iri)
        attributes = record.attributes()
        if record.group and record.group in orgs:
            attributes["group_label"] = orgs[record.group].label
        graph.add_node(iri, **attributes)
    return iri


def free_key(graph: nx.MultiGraph, u: str, v: str, key: str, suffix: str) -> str:
    """``key`` if no edge ``u``–``v`` has it yet, else ``key#suffix`` (numbered if need be)."""
    if not graph.has_edge(u, v, key):
        return key
    candidate, n = f"{key}#{suffix}", 2
    while graph.has_edge(u, v, candidate):
        candidate, n = f"{key}#{suffix}-{n}", n + 1
    return candidate


def new_view(name: str, *, directed: bool = True) -> nx.MultiGraph:
    """An empty multigraph named after its view."""
    graph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    graph.graph["name"] = name
    return graph


def weighted(graph: nx.MultiGraph, weight: str = "weight") -> nx.Graph:
    """Collapse parallel edges: ``weight`` counts them, ``amount`` adds up amounts of one currency.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="x", amount=1.0, currency="USD")
    >>> _ = g.add_edge("a", "b", key="y", amount=2.0, currency="USD")
    >>> dict(weighted(g)["a"]["b"])
    {'weight': 2, 'edges': 'x | y', 'amount': 3.0, 'currency': 'USD'}
    """
    simple = nx.DiGraph() if graph.is_directed() else nx.Graph()
    simple.graph.update(graph.graph)
    simple.add_nodes_from(graph.nodes(data=True))
    totals: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for u, v, key, data in graph.edges(keys=True, data=True):
        if simple.has_edge(u, v):
            simple[u][v][weight] += 1
            simple[u][v]["edges"] += SEPARATOR + str(key)
        else:
            simple.add_edge(u, v, **{weight: 1, "edges": str(key)})
        if isinstance(data.get("amount"), int | float):
            totals[(u, v)][data.get("currency") or ""] += float(data["amount"])
    for (u, v), by_currency in totals.items():
        if len(by_currency) == 1:
            currency, amount = next(iter(by_currency.items()))
            simple[u][v]["amount"] = amount
            if currency:
                simple[u][v]["currency"] = currency
    return simple


def merge_groups(graph: nx.MultiGraph) -> nx.MultiGraph:
    """Fold members of a corporate group into the group's node (``group`` attribute); loops are dropped.

    The press names groups ('OpenAI') where contracts name legal entities (OpenAI Group PBC);
    merging lets flows recorded at either level meet.
    """
    mapping = {n: data["group"] for n, data in graph.nodes(data=True) if data.get("group")}
    merged = graph.__class__()
    merged.graph.update(graph.graph)
    for node, data in graph.nodes(data=True):
        target = mapping.get(node, node)
        if target not in merged:
            if target == node:
                merged.add_node(node, **data)
            else:
                merged.add_node(target, label=data.get("group_label") or target, kind="CorporateGroup")
        elif target == node:
            merged.nodes[node].update(data)
    for u, v, key, data in graph.edges(keys=True, data=True):
        a, b = mapping.get(u, u), mapping.get(v, v)
        if a != b:
            merged.add_edge(a, b, key=free_key(merged, a, b, str(key), "merged"), **data)
    return merged


__all__ = ["add_org", "free_key", "merge_groups", "new_view", "weighted"]
