"""GEXF exports for Gephi: valid XML with attributes, colours and escaped text."""

from __future__ import annotations

import datetime as dt

import networkx as nx
from lxml import etree

from alliancekg.graph.network.exports.gexf import generate_gexf


def test_gexf_is_valid_xml_with_nodes_edges_and_escaped_labels() -> None:
    graph = nx.MultiDiGraph(name="money")
    graph.add_node("urn:a", label="Evil\x00Corp", kind="Company")
    graph.add_node("urn:b", label="OpenAI", kind="Company")
    graph.add_edge("urn:a", "urn:b", key="urn:deal", kind="investment", amount=2.5)
    text = generate_gexf(graph, today=dt.date(2025, 1, 21))
    root = etree.fromstring(text.encode("utf-8"))
    local = [element.tag.rsplit("}", 1)[-1] for element in root.iter()]
    assert local.count("node") == 2 and local.count("edge") == 1
    assert "2025-01-21" in text
    assert "Evil\\x00Corp" in text
