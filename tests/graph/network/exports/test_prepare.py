"""Graphs made writable: flat values, unique edge ids, one type per attribute."""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.network.exports.prepare import flat_value, prepare


def test_values_are_flattened_or_dropped() -> None:
    assert flat_value({"b": 1, "a": "é"}) == '{"a": "é", "b": 1}'
    assert flat_value({"z", "a"}) == "a | z"
    assert flat_value(float("inf")) is None and flat_value("") is None
    assert flat_value(True) is True


def test_edges_get_unique_ids_and_attributes_one_type() -> None:
    graph = nx.DiGraph(name="simple")
    graph.add_edge("a", "b", amount=1)
    graph.add_edge("b", "c", amount="unknown")
    flat = prepare(graph)
    assert (flat.name, flat.directed, flat.multigraph) == ("simple", True, False)
    assert [edge[0] for edge in flat.edges] == ["e0", "e1"]
    assert flat.edge_types["amount"] is str
    assert [edge[4]["amount"] for edge in flat.edges] == ["1", "unknown"]
