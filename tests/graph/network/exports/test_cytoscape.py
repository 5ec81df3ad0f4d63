"""Cytoscape.js JSON exports: elements with data and colours."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from alliancekg.graph.network.exports.cytoscape import generate_cytoscape, write_cytoscape


def small() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="money")
    graph.add_node("urn:a", label="Microsoft", kind="Company")
    graph.add_node("urn:b", label="OpenAI", kind="Company")
    graph.add_edge("urn:a", "urn:b", key="urn:deal", kind="investment", amount=13e9)
    return graph


def test_nodes_and_edges_become_elements_with_their_data(tmp_path: Path) -> None:
    document = json.loads(generate_cytoscape(small()))
    text = json.dumps(document)
    assert "Microsoft" in text and "OpenAI" in text and "urn:deal" in text
    path = write_cytoscape(small(), tmp_path / "g.cyjs")
    assert json.loads(path.read_text(encoding="utf-8")) == document
