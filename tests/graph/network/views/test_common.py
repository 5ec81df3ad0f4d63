"""Building blocks of the views: free edge keys, collapsing parallel edges, folding corporate groups."""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.network.views.common import free_key, merge_groups, new_view, weighted


def test_free_keys_are_numbered_when_taken() -> None:
    graph = new_view("test")
    assert graph.graph["name"] == "test" and graph.is_directed()
    graph.add_edge("a", "b", key="k")
    assert free_key(graph, "a", "b", "new", "x") == "new"
    assert free_key(graph, "a", "b", "k", "x") == "k#x"
    graph.add_edge("a", "b", key="k#x")
    assert free_key(graph, "a", "b", "k", "x") == "k#x-2"


def test_amounts_add_up_only_within_one_currency() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", key="usd", amount=1.0, currency="USD")
    graph.add_edge("a", "b", key="eur", amount=2.0, currency="EUR")
    graph.add_edge("b", "c", key="one", amount=5)
    simple = weighted(graph)
    assert simple["a"]["b"]["weight"] == 2 and "amount" not in simple["a"]["b"]
    assert simple["b"]["c"]["amount"] == 5.0 and "currency" not in simple["b"]["c"]


def test_group_members_fold_into_their_group_and_internal_edges_drop() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("openai-pbc", label="OpenAI Group PBC", group="openai", group_label="OpenAI")
    graph.add_node("openai-llc", label="OpenAI LLC", group="openai", group_label="OpenAI")
    graph.add_node("msft", label="Microsoft")
    graph.add_edge("msft", "openai-pbc", key="deal")
    graph.add_edge("msft", "openai-llc", key="deal")
    graph.add_edge("openai-pbc", "openai-llc", key="internal")
    merged = merge_groups(graph)
    assert sorted(merged.nodes) == ["msft", "openai"]
    assert merged.nodes["openai"] == {"label": "OpenAI", "kind": "CorporateGroup"}
    assert sorted(k for *_, k in merged.edges(keys=True)) == ["deal", "deal#merged"]
