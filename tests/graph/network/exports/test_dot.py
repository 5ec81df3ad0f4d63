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


def test_superseded_agreements_are_dashed_and_grey_and_agreement_nodes_are_ellipses() -> None:
    graph = nx.MultiGraph(name="alliance")
    graph.add_edge("urn:a", "urn:b", key="urn:old", kind="agreement", label="Old deal", superseded=True)
    graph.add_edge("urn:a", "urn:b", key="urn:new", kind="agreement", label="New deal", superseded=False)
    graph.add_node("urn:pact", kind="Agreement", label="Three-way pact", superseded=True)
    graph.add_edge("urn:a", "urn:pact", key="urn:pact", kind="party", superseded=True)
    lines = generate_dot(graph).splitlines()
    old = next(line for line in lines if '"data_label"="Old deal"' in line)
    new = next(line for line in lines if '"data_label"="New deal"' in line)
    assert 'style="dashed"' in old and 'color="#8a8a8a"' in old
    assert "dashed" not in new
    pact = next(line for line in lines if line.startswith('  "urn:pact" ['))
    assert 'shape="ellipse"' in pact and 'style="dashed,filled"' in pact and 'label="Three-way pact"' in pact
    party = next(line for line in lines if '"urn:a" -- "urn:pact"' in line)
    assert 'label=""' in party


def test_a_size_bounds_the_drawing_only_when_given() -> None:
    graph = nx.MultiDiGraph(name="g")
    graph.add_edge("urn:a", "urn:b", key="k", kind="payment")
    assert 'graph [size="20,11.25", ' in generate_dot(graph, size=(20, 11.25))
    assert "graph [size=" not in generate_dot(graph)
