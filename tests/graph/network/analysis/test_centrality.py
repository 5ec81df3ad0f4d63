"""Centrality and brokerage: known answers on small graphs, sensible ones on the bundled data."""

from __future__ import annotations

import networkx as nx
import pytest

from alliancekg.graph.network.analysis import AnalysisError, Options, analyze, brokerage, centrality, run_analysis
from alliancekg.graph.store import OxigraphStore


def test_star_centre_has_all_betweenness_and_the_most_pagerank() -> None:
    rows = {r["node"]: r for r in centrality(nx.star_graph(4))}
    assert rows[0]["betweenness"] == 1.0 and rows[0]["degree"] == 4
    assert all(rows[n]["betweenness"] == 0.0 and rows[n]["degree"] == 1 for n in range(1, 5))
    assert rows[0]["pagerank"] > rows[1]["pagerank"] == pytest.approx(rows[4]["pagerank"])
    assert sum(r["pagerank"] for r in rows.values()) == pytest.approx(1.0)


def test_parallel_edges_count_as_strength_not_degree() -> None:
    graph = nx.MultiGraph()
    graph.add_edges_from([("a", "b", "k1"), ("a", "b", "k2"), ("b", "c", "k3")])
    rows = {r["node"]: r for r in centrality(graph)}
    assert (rows["a"]["degree"], rows["a"]["strength"]) == (1, 2)
    assert rows["b"]["betweenness"] == 1.0


def test_burt_constraint_and_effective_size_of_a_star_and_a_triangle() -> None:
    star = {r["node"]: r for r in brokerage(nx.star_graph(4))}
    assert star[0]["constraint"] == pytest.approx(0.25) and star[0]["effective_size"] == 4.0
    assert star[1]["constraint"] == 1.0
    triangle = {r["node"]: r for r in brokerage(nx.complete_graph(3))}
    # Each of two contacts gets 1/2 directly and 1/4 through the other: (1/2 + 1/4)^2 * 2 = 1.125.
    assert triangle[0]["constraint"] == pytest.approx(1.125)
    assert triangle[0]["effective_size"] == pytest.approx(1.0)


def test_bundled_alliance_network_centres_on_the_big_labs(bundled_views: dict) -> None:
    report = run_analysis(bundled_views["alliance"], "centrality", view="alliance")
    top = [r["label"] for r in report.rows[:5]]
    assert "OpenAI" in top or "Microsoft" in top, top
    brokers = run_analysis(bundled_views["alliance"], "brokerage").rows
    assert brokers and all(0 < r["constraint"] <= 1.5 for r in brokers)


def test_cuad_contracts_are_left_out_of_centrality_unless_asked(store: OxigraphStore) -> None:
    default = analyze(store, "centrality")
    labels = {str(r["label"]) for r in default.rows}
    assert not any("VerticalNet" in label for label in labels)
    assert {"OpenAI", "Microsoft"} <= labels
    with_cuad = analyze(store, "centrality", options=Options(include_datasets=("cuad",)))
    assert any("VerticalNet" in str(r["label"]) for r in with_cuad.rows)
    assert len(with_cuad.rows) > len(default.rows)


def test_unknown_dataset_is_a_clear_error(store: OxigraphStore) -> None:
    with pytest.raises(AnalysisError, match=r"unknown dataset 'nope'.*valid: cuad"):
        analyze(store, "centrality", options=Options(include_datasets=("nope",)))
