"""GraphML exports: valid XML, typed keys, node ids short or as IRIs."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from alliancekg.graph.network.exports.graphml import generate_graphml, graphml_document
from alliancekg.graph.network.exports.prepare import prepare
from alliancekg.graph.network.views import VIEWS, build_view
from alliancekg.graph.store import OxigraphStore

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


# -- written line by line, the bytes lxml writes --------------------------------------------------

HOSTILE = Path(__file__).resolve().parents[3] / "data" / "hostile" / "graphml-markup-values.json"


def lxml_text(graph: nx.Graph, *, iri_ids: bool) -> str:
    """The GraphML of ``graph`` as the element tree gives it, pretty-printed by lxml."""
    document = graphml_document(prepare(graph), iri_ids=iri_ids)
    return etree.tostring(document, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def hostile_graphs() -> list[nx.Graph]:
    """Graphs carrying each hostile value as a label, a node IRI, an edge key and a graph name."""
    found = []
    for index, value in enumerate(json.loads(HOSTILE.read_text(encoding="utf-8"))):
        graph = nx.MultiDiGraph(name=value)
        graph.add_node(value, label=value, count=index)
        graph.add_edge(value, f"urn:x:{index}", key=value, label=value, amount=1.5, ok=bool(index % 2))
        graph.add_node(f"urn:y:{index}")  # a node with nothing but its IRI
        found.append(graph)
    plain = nx.Graph(name="simple")
    plain.add_edge("urn:a", "urn:b", weight=2)
    return [*found, plain]


@pytest.mark.parametrize("iri_ids", [False, True])
@pytest.mark.parametrize("graph", hostile_graphs(), ids=lambda g: repr(g.graph["name"])[:30])
def test_graphml_lines_are_what_lxml_writes_for_hostile_values(graph: nx.Graph, iri_ids: bool) -> None:
    try:
        expected = lxml_text(graph, iri_ids=iri_ids)
    except ValueError:  # a value XML cannot hold: refused by both
        with pytest.raises(ValueError, match="XML compatible"):
            generate_graphml(graph, iri_ids=iri_ids)
        return
    assert generate_graphml(graph, iri_ids=iri_ids) == expected


def test_graphml_lines_are_what_lxml_writes_for_every_bundled_view(store: OxigraphStore) -> None:
    for name in VIEWS:
        view = build_view(store, name)
        assert view.number_of_edges()
        for iri_ids in (False, True):
            assert generate_graphml(view, iri_ids=iri_ids) == lxml_text(view, iri_ids=iri_ids), name


def test_values_xml_cannot_hold_are_refused_not_written() -> None:
    graph = nx.Graph(name="x")
    graph.add_node("urn:a", label="not\ufffea character")
    with pytest.raises(ValueError, match="XML compatible"):
        generate_graphml(graph)
