"""DOT exports for Graphviz: quoted ids and labels, directed or not."""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.network.exports.dot import generate_dot, quote, quote_label


def test_quoting_escapes_quotes_and_never_ends_on_a_backslash() -> None:
    assert quote('say "hi"') == '"say \\"hi\\""'
    assert quote("ends\\") == '"ends\\ "'
    assert quote_label('two\nlines \\ "q"') == '"two\\nlines \\\\ \\"q\\""'


def test_directed_and_undirected_graphs_use_their_keyword_and_edge_operator() -> None:
    directed = nx.MultiDiGraph(name="money")
    directed.add_node("urn:a", label="Microsoft")
    directed.add_edge("urn:a", "urn:b", key="urn:deal")
    text = generate_dot(directed, title="Deals")
    assert text.startswith("digraph ") and " -> " in text and "Microsoft" in text
    undirected = nx.MultiGraph(name="alliance")
    undirected.add_edge("urn:a", "urn:b", key="urn:deal")
    text = generate_dot(undirected)
    assert text.startswith("graph ") and " -- " in text
