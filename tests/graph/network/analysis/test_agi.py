"""Exposure of provisions to the AGI event."""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.network.analysis import agi_exposure_summary, agi_exposure_table, run_analysis

PRV = "https://w3id.org/alliance-kg/id/prv/"


def test_table_orders_by_exposure_and_counts_per_holder() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("m", label="Microsoft")
    graph.add_edge("m", "o", key="p1", label="IP", agi_exposure="unaffected by AGI")
    graph.add_edge("m", "o", key="p2", label="API", agi_exposure="ends at AGI verified", ends="AGI verified")
    graph.add_edge("o", "m", key="p3", label="thresholds", agi_exposure="ends at AGI declared")
    graph.add_edge("m", "x", key="p2", label="API", agi_exposure="ends at AGI verified")  # same provision again
    rows = agi_exposure_table(graph)
    assert [r["provision"] for r in rows] == ["p3", "p2", "p1"]
    summary = {(r["holder_label"], r["exposure"]): r["provisions"] for r in agi_exposure_summary(graph)}
    assert summary == {("Microsoft", "ends at AGI verified"): 1, ("Microsoft", "unaffected by AGI"): 1,
                       ("o", "ends at AGI declared"): 1}


def test_bundled_exposures(bundled_views: dict) -> None:
    report = run_analysis(bundled_views["rights"], "agi-exposure", include_superseded=True)
    exposure = {r["provision"]: r["exposure"] for r in report.rows}
    assert exposure[PRV + "exclusive-ip-until-agi"] == "ends at AGI verified"
    assert exposure[PRV + "research-ip-until-agi-or-2030"] == "ends at AGI verified"
    assert exposure[PRV + "compute-threshold-before-agi"] == "ends at AGI declared"
    assert exposure[PRV + "ip-models-products-2032"] == "survives AGI"
    assert exposure[PRV + "azure-incremental-commitment"] == "unaffected by AGI"
    assert any(note.startswith("Microsoft:") for note in report.notes)
