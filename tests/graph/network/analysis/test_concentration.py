"""Concentration of compute suppliers (HHI)."""

from __future__ import annotations

import networkx as nx
import pytest

from alliancekg.graph.network.analysis import compute_concentration, hhi, run_analysis

ENT = "https://w3id.org/alliance-kg/id/ent/"
OPENAI = ENT + "openai"


def test_hhi_known_values() -> None:
    assert hhi([100]) == 10000.0
    assert hhi([1, 1, 1, 1]) == 2500.0
    assert hhi([50, 30, 20]) == 3800.0
    assert hhi([]) == 0.0


def test_concentration_by_amount_then_by_count() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edge("lab", "cloud", compute=True, amount=60.0, currency="USD")
    graph.add_edge("lab", "cloud", compute=True, amount=20.0, currency="USD")
    graph.add_edge("lab", "chips", compute=True, amount=20.0, currency="USD")
    graph.add_edge("lab", "bank", compute=False, amount=500.0, currency="USD")  # not compute
    graph.add_edge("other", "cloud", compute=True)
    graph.add_edge("other", "chips", compute=True)
    rows = {r["lab"]: r for r in compute_concentration(graph)}
    assert rows["lab"]["hhi"] == pytest.approx(6800.0) and rows["lab"]["top_supplier"] == "cloud"
    assert rows["lab"]["top_share"] == pytest.approx(0.8) and rows["lab"]["basis"] == "amount"
    assert rows["other"]["hhi"] == 5000.0 and rows["other"]["basis"] == "count"


def test_group_members_count_as_the_group() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("pbc", group="group", group_label="Group")
    graph.add_edge("pbc", "cloud1", compute=True, amount=50.0, currency="USD")
    graph.add_edge("group", "cloud2", compute=True, amount=50.0, currency="USD")
    assert [r["hhi"] for r in compute_concentration(graph)] == [5000.0]
    assert len(compute_concentration(graph, merge=False)) == 2


def test_bundled_openai_buys_compute_from_five_priced_suppliers(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "compute-concentration").rows
    openai = next(r for r in rows if r["lab"] == OPENAI and r["currency"] == "USD")
    # Priced compute flows only: $250B of Azure, $22.4B over the three CoreWeave contracts, Oracle's
    # reported $300B, AWS's $38B and $100B, and more than $20B of Cerebras (the AMD, Nvidia and
    # Broadcom purchases state no amount). No stake valuation is counted as compute.
    assert openai["total"] == pytest.approx(730.4e9) and openai["suppliers"] == 5
    assert openai["hhi"] == pytest.approx(hhi([250, 22.4, 300, 138, 20]))
    assert openai["top_supplier"] == ENT + "oracle"
