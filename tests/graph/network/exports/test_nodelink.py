"""Node-link JSON exports: networkx's layout with flat attributes."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from alliancekg.graph.network.exports.nodelink import generate_node_link, write_node_link


def test_the_document_keeps_keys_attributes_and_unicode(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph(name="money")
    graph.add_node("urn:a", label="Société Générale")
    graph.add_edge("urn:a", "urn:b", key="urn:k", amount=2, sources=["s1", "s2"])
    text = generate_node_link(graph)
    assert "Société Générale" in text
    data = json.loads(text)
    assert data["graph"]["name"] == "money" and data["multigraph"] and data["directed"]
    assert data["edges"] == [{"source": "urn:a", "target": "urn:b", "key": "urn:k", "amount": 2, "sources": "s1 | s2"}]
    path = write_node_link(graph, tmp_path / "g.json")
    assert json.loads(path.read_text(encoding="utf-8")) == data
    restored = nx.node_link_graph(data, edges="edges")
    assert restored.has_edge("urn:a", "urn:b", key="urn:k")
