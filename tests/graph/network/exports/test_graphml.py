"""GraphML exports: valid XML, typed keys, node ids short or as IRIs."""

from __future__ import annotations

import networkx as nx
from lxml import etree

from alliancekg.graph.network.exports.graphml import generate_graphml

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def small() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="money")
    graph.add_node("https://w3id.org/alliance-kg/id/ent/microsoft", label="Microsoft")
    graph.add_node("https://w3id.org/alliance-kg/id/ent/openai", label="Open\x1bAI")
    graph.add_edge("https://w3id.org/alliance-kg/id/ent/microsoft", "https://w3id.org/alliance-kg/id/ent/openai",
                   key="urn:deal", amount=13e9)
    return graph


def test_graphml_is_valid_xml_with_typed_keys_and_escaped_text() -> None:
    root = etree.fromstring(generate_graphml(small()).encode("utf-8"))
    assert len(root.findall(".//g:node", NS)) == 2 and len(root.findall(".//g:edge", NS)) == 1
    amount = [k for k in root.findall("g:key", NS) if k.get("attr.name") == "amount"]
    assert amount and amount[0].get("attr.type") == "double"
    labels = [d.text for d in root.iter(f"{{{NS['g']}}}data") if d.text and "AI" in d.text]
    assert labels == ["Open\\x1bAI"]


def test_node_ids_are_iris_only_when_asked() -> None:
    iri = "https://w3id.org/alliance-kg/id/ent/microsoft"
    assert f'id="{iri}"' in generate_graphml(small(), iri_ids=True)
    assert f'id="{iri}"' not in generate_graphml(small())
