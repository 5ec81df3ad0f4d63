"""Circular deals: flows out and back."""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.analysis import circular_deals, run_analysis

OPENAI, MSFT = "https://w3id.org/alliance-kg/id/ent/openai", "https://w3id.org/alliance-kg/id/ent/microsoft"


def test_investment_out_purchases_back() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", key="inv1", kind="investment", amount=10.0, currency="USD", sources=["s1", "s2"])
    graph.add_edge("a", "b", key="inv2", kind="investment", amount=5.0, currency="USD")
    graph.add_edge("b", "a", key="buy", kind="purchase_commitment", amount=250.0, currency="USD")
    graph.add_edge("b", "c", key="x", kind="investment", amount=1.0, currency="USD")
    graph.add_edge("c", "d", key="y", kind="investment", amount=1.0, currency="USD")
    cycles = circular_deals(graph)
    assert [c["cycle"] for c in cycles] == ["a → b → a"]
    cycle = cycles[0]
    assert cycle["circulating"] == 15.0 and cycle["currency"] == "USD"
    out, back = cycle["legs"]
    assert [f["iri"] for f in out["flows"]] == ["inv1", "inv2"] and out["flows"][0]["sources"] == ["s1", "s2"]
    assert back["total"] == 250.0


def test_triangles_length_bound_and_unpriced_legs() -> None:
    graph = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    assert [c["cycle"] for c in circular_deals(graph)] == ["a → b → c → a"]
    assert circular_deals(graph)[0]["circulating"] is None
    assert circular_deals(graph, max_length=2) == []


def test_flows_inside_one_group_are_not_cycles() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("pbc", group="g", group_label="G")
    graph.add_node("foundation", group="g", group_label="G")
    graph.add_edge("pbc", "foundation", key="inside")
    graph.add_edge("foundation", "pbc", key="back")
    graph.add_edge("x", "pbc", key="in")
    graph.add_edge("g", "x", key="out")
    assert [c["cycle"] for c in circular_deals(graph)] == ["G → x → G"]
    assert {c["cycle"] for c in circular_deals(graph, merge=False)} == {"foundation → pbc → foundation"}


def test_bundled_microsoft_openai_cycle_has_the_250b_commitment(bundled_views: dict) -> None:
    report = run_analysis(bundled_views["money"], "circular-deals")
    cycle = next(r for r in report.rows if r["organizations"] == [MSFT, OPENAI])
    back = next(leg for leg in cycle["legs"] if leg["from"] == OPENAI)
    azure = next(f for f in back["flows"] if f["kind"] == "purchase_commitment")
    assert azure["amount"] == 250e9 and azure["currency"] == "USD"
    assert "https://openai.com/index/next-chapter-of-microsoft-openai-partnership/" in azure["sources"]
    out = next(leg for leg in cycle["legs"] if leg["from"] == MSFT)
    assert any(f["kind"] == "investment" and f.get("amount") for f in out["flows"])
    assert any("Microsoft → OpenAI → Microsoft" in note for note in report.notes)
