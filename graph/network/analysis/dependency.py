"""Dependency chains and single points of failure, on the ``dependency`` view (dependent → provider).

- :func:`dependency_chains`: the paths along which an organization depends on others,
  directly and through its providers' own dependencies (A needs B for compute, B needs C for
  chips…), with the needs on each hop.
- :func:`single_points_of_failure`: for every organization and need, the providers it has; a
  need served by one provider only is a single point of failure. Articulation points of the
  network (organizations whose disappearance splits it) are listed too.
- :func:`dominators`: for one organization, the providers every dependency path to some
  other organization goes through (immediate dominators in the dependency graph).
- :func:`loss`: what an organization loses if one counterparty, or one agreement, goes: the
  needs that no other counterparty (agreement) still serves, and the edges and amounts at stake.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import networkx as nx

from alliancekg.graph.network.analysis.filters import label
from alliancekg.graph.network.views.records import SEPARATOR


def _needs_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per dependent–provider pair with the set of needs on it."""
    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if not simple.has_edge(u, v):
            simple.add_edge(u, v, needs=set())
        simple[u][v]["needs"].add(str(data.get("need", data.get("kind", "?"))))
    return simple


def dependency_chains(graph: nx.MultiDiGraph, org: str, *, max_length: int = 4) -> list[dict[str, object]]:
    """Every simple dependency path from ``org`` of at most ``max_length`` hops, longest first.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("lab", "cloud", need="compute")
    >>> _ = g.add_edge("cloud", "chips", need="compute")
    >>> [r["chain"] for r in dependency_chains(g, "lab")]
    ['lab → cloud → chips', 'lab → cloud']
    """
    simple = _needs_graph(graph)
    if org not in simple:
        return []
    rows = []
    for target in simple:
        if target == org:
            continue
        for path in nx.all_simple_paths(simple, org, target, cutoff=max_length):
            hops = [{"from": a, "to": b, "needs": sorted(simple[a][b]["needs"])} for a, b in pairwise(path)]
            rows.append({
                "chain": " → ".join(label(simple, n) for n in path), "length": len(path) - 1,
                "needs": " → ".join("+".join(h["needs"]) for h in hops), "path": path, "hops": hops,
            })
    return sorted(rows, key=lambda r: (-r["length"], r["chain"]))


def single_points_of_failure(graph: nx.MultiDiGraph) -> list[dict[str, object]]:
    """Needs served by a single provider, then articulation points of the undirected network.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("lab", "cloud", need="compute")
    >>> _ = g.add_edge("lab", "bank", need="capital")
    >>> _ = g.add_edge("lab", "fund", need="capital")
    >>> [(r["org"], r["need"], r["provider"]) for r in single_points_of_failure(g) if r["kind"] == "sole provider"]
    [('lab', 'compute', 'cloud')]
    """
    providers: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for u, v, key, data in graph.edges(keys=True, data=True):
        providers[(u, str(data.get("need", data.get("kind", "?"))))][v].append(str(data.get("iri", key)))
    rows: list[dict[str, object]] = []
    for (org, need), by_provider in sorted(providers.items()):
        if len(by_provider) == 1:
            provider, via = next(iter(by_provider.items()))
            rows.append({"kind": "sole provider", "org": org, "org_label": label(graph, org), "need": need,
                         "provider": provider, "provider_label": label(graph, provider), "edges": len(via),
                         "via": SEPARATOR.join(sorted(set(via)))})
    undirected = nx.Graph(graph.to_undirected())
    for node in sorted(nx.articulation_points(undirected), key=str):
        rest = undirected.copy()
        rest.remove_node(node)
        parts = sorted((sorted(c, key=str) for c in nx.connected_components(rest)), key=len)
        cut_off = [n for part in parts[:-1] for n in part]
        rows.append({"kind": "articulation point", "org": node, "org_label": label(graph, node), "need": "",
                     "provider": "", "provider_label": "", "edges": undirected.degree(node),
                     "via": SEPARATOR.join(label(graph, n) for n in cut_off)})
    return rows


def dominators(graph: nx.MultiDiGraph, org: str) -> list[dict[str, object]]:
    """For each organization ``org`` depends on (directly or not), the provider all its paths go through.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("lab", "cloud"), ("cloud", "chips"), ("cloud", "power")])
    >>> sorted((r["target"], r["through"]) for r in dominators(g, "lab"))
    [('chips', 'cloud'), ('cloud', 'lab'), ('power', 'cloud')]
    """
    simple = nx.DiGraph(graph)
    if org not in simple:
        return []
    idom = nx.immediate_dominators(simple, org)
    rows = []
    for target, through in sorted(idom.items(), key=lambda item: str(item[0])):
        if target == org:
            continue
        rows.append({"target": target, "target_label": label(graph, target), "through": through,
                     "through_label": label(graph, through), "direct": through == org})
    return rows


def loss(graph: nx.MultiDiGraph, org: str, *, by: str = "counterparty") -> list[dict[str, object]]:
    """What ``org`` loses if one counterparty (``by="counterparty"``) or one agreement
    (``by="agreement"``) goes: needs lost outright, needs reduced, edges and amounts at stake.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("lab", "cloud", key="p1", need="compute", agreement="a1", amount=10.0, currency="USD")
    >>> _ = g.add_edge("lab", "cloud", key="p2", need="ip", agreement="a2")
    >>> _ = g.add_edge("lab", "chips", key="p3", need="compute", agreement="a3")
    >>> [(r["lost"], r["needs_lost"], r["needs_reduced"]) for r in loss(g, "lab")]
    [('cloud', 'ip', 'compute'), ('chips', '', 'compute')]
    """
    if by not in ("counterparty", "agreement"):
        raise ValueError(f"by must be 'counterparty' or 'agreement', not {by!r}")
    edges = [(v, k, d) for _, v, k, d in graph.out_edges(org, keys=True, data=True)] if org in graph else []
    group_of = (lambda v, k, d: v) if by == "counterparty" else (lambda v, k, d: str(d.get("agreement", k)))
    sources_of_need: dict[str, set[str]] = defaultdict(set)
    for v, k, d in edges:
        sources_of_need[str(d.get("need", "?"))].add(group_of(v, k, d))
    groups: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for v, k, d in edges:
        groups[group_of(v, k, d)].append((v, k, d))
    rows = []
    for group, members in groups.items():
        needs = sorted({str(d.get("need", "?")) for _, _, d in members})
        lost = [n for n in needs if sources_of_need[n] == {group}]
        amounts: dict[str, float] = defaultdict(float)
        for _, _, d in members:
            if isinstance(d.get("amount"), int | float):
                amounts[d.get("currency") or ""] += float(d["amount"])
        rows.append({
            "lost": group, "lost_label": label(graph, group) if by == "counterparty" else str(
                members[0][2].get("agreement_label", group)),
            "needs_lost": ", ".join(lost), "needs_reduced": ", ".join(n for n in needs if n not in lost),
            "edges": len(members), "amounts": {c or "?": a for c, a in sorted(amounts.items())},
        })
    return sorted(rows, key=lambda r: (-len(str(r["needs_lost"])), -int(r["edges"]), str(r["lost_label"])))


__all__ = ["dependency_chains", "dominators", "loss", "single_points_of_failure"]
