"""Dependency chains, single points of failure, dominators and loss."""

from __future__ import annotations

import networkx as nx
import pytest

from alliancekg.graph.network.analysis import (
    AnalysisError,
    Options,
    dependency_chains,
    dominators,
    loss,
    run_analysis,
    single_points_of_failure,
)

OPENAI, MSFT = "https://w3id.org/alliance-kg/id/ent/openai", "https://w3id.org/alliance-kg/id/ent/microsoft"


@pytest.fixture
def supply_chain() -> nx.MultiDiGraph:
    """A lab buying compute from two clouds, one of which depends on a single chip maker."""
    graph = nx.MultiDiGraph()
    graph.add_edge("lab", "cloud1", key="p1", need="compute", agreement="a1", amount=30.0, currency="USD")
    graph.add_edge("lab", "cloud2", key="p2", need="compute", agreement="a2", amount=10.0, currency="USD")
    graph.add_edge("lab", "cloud1", key="p3", need="capital", agreement="a1")
    graph.add_edge("cloud1", "chips", key="p4", need="compute", agreement="a3")
    graph.add_edge("cloud2", "chips", key="p5", need="compute", agreement="a4")
    graph.add_edge("chips", "fab", key="p6", need="compute", agreement="a5")
    return graph


def test_chains_go_through_providers(supply_chain: nx.MultiDiGraph) -> None:
    chains = {r["chain"] for r in dependency_chains(supply_chain, "lab")}
    assert "lab → cloud1 → chips → fab" in chains and "lab → cloud2 → chips" in chains
    assert all(r["length"] <= 2 for r in dependency_chains(supply_chain, "lab", max_length=2))


def test_sole_providers_and_articulation_points(supply_chain: nx.MultiDiGraph) -> None:
    rows = single_points_of_failure(supply_chain)
    sole = {(r["org"], r["need"], r["provider"]) for r in rows if r["kind"] == "sole provider"}
    assert sole == {("lab", "capital", "cloud1"), ("cloud1", "compute", "chips"), ("cloud2", "compute", "chips"),
                    ("chips", "compute", "fab")}
    cut = {r["org"]: r["via"] for r in rows if r["kind"] == "articulation point"}
    assert set(cut) == {"chips"} and cut["chips"] == "fab"


def test_dominators_find_the_chip_maker(supply_chain: nx.MultiDiGraph) -> None:
    through = {r["target"]: r["through"] for r in dominators(supply_chain, "lab")}
    assert through == {"cloud1": "lab", "cloud2": "lab", "chips": "lab", "fab": "chips"}


def test_loss_by_counterparty_and_by_agreement(supply_chain: nx.MultiDiGraph) -> None:
    by_counterparty = {r["lost"]: r for r in loss(supply_chain, "lab")}
    assert by_counterparty["cloud1"]["needs_lost"] == "capital"
    assert by_counterparty["cloud1"]["needs_reduced"] == "compute"
    assert by_counterparty["cloud1"]["amounts"] == {"USD": 30.0}
    assert by_counterparty["cloud2"]["needs_lost"] == ""
    by_agreement = {r["lost"]: r for r in loss(supply_chain, "lab", by="agreement")}
    assert by_agreement["a1"]["needs_lost"] == "capital" and by_agreement["a2"]["needs_reduced"] == "compute"
    with pytest.raises(ValueError, match="by must be"):
        loss(supply_chain, "lab", by="weather")


def test_bundled_openai_depends_on_microsoft_for_compute(bundled_views: dict) -> None:
    dependency = bundled_views["dependency"]
    report = run_analysis(dependency, "loss", Options(org="OpenAI"), include_superseded=True)
    microsoft = next(r for r in report.rows if r["lost"] == MSFT)
    assert "compute" in microsoft["needs_lost"] + microsoft["needs_reduced"]
    chains = run_analysis(dependency, "dependency-chains", Options(org="ent:openai")).rows
    assert any(r["path"][:2] == [OPENAI, MSFT] for r in chains)
    assert run_analysis(dependency, "single-points-of-failure").rows
    assert run_analysis(dependency, "dominators", Options(org=OPENAI)).rows


def test_org_is_required_and_must_exist(bundled_views: dict) -> None:
    with pytest.raises(AnalysisError, match="needs an organization"):
        run_analysis(bundled_views["dependency"], "loss")
    with pytest.raises(AnalysisError, match="valid: "):
        run_analysis(bundled_views["dependency"], "loss", Options(org="Acme Rockets"))
