"""Filters of analysis graphs: current edges, binding edges, naming nodes."""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.network.analysis.filters import binding_only, current, label, resolve_node

OPENAI = "https://w3id.org/alliance-kg/id/ent/openai"


def test_superseded_and_non_binding_edges_are_dropped_from_copies() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", key="old", superseded=True)
    graph.add_edge("a", "b", key="loi", non_binding=True)
    graph.add_edge("a", "b", key="deal")
    assert sorted(k for _, _, k in current(graph).edges(keys=True)) == ["deal", "loi"]
    assert sorted(k for _, _, k in binding_only(graph).edges(keys=True)) == ["deal", "old"]
    assert graph.number_of_edges() == 3


def test_nodes_are_found_by_iri_curie_or_label_and_labelled() -> None:
    graph = nx.Graph()
    graph.add_node(OPENAI, label="OpenAI")
    assert resolve_node(graph, OPENAI) == resolve_node(graph, "ent:openai") == resolve_node(graph, " openai ") == OPENAI
    assert resolve_node(graph, "anthropic") is None
    assert label(graph, OPENAI) == "OpenAI"
    assert label(graph, "urn:absent") == "urn:absent"
