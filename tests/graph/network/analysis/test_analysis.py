"""Running analyses by name: the views each runs on, the options each needs, clear errors."""

from __future__ import annotations

import networkx as nx
import pytest

from alliancekg.graph.network.analysis import ANALYSES, AnalysisError, Options, analyze, get_analysis, run_analysis
from alliancekg.graph.store import OxigraphStore


def test_every_analysis_has_a_default_view_among_its_views() -> None:
    for analysis in ANALYSES.values():
        assert analysis.default_view in analysis.views


def test_unknown_names_views_and_missing_options_are_clear_errors(store: OxigraphStore) -> None:
    with pytest.raises(AnalysisError, match="unknown analysis 'nope'; valid: centrality"):
        get_analysis("nope")
    with pytest.raises(AnalysisError, match="runs on the views dependency, not 'money'"):
        analyze(store, "loss", view="money")
    with pytest.raises(AnalysisError, match="needs an organization"):
        run_analysis(nx.MultiDiGraph(), "loss")
    with pytest.raises(AnalysisError, match="unknown dataset 'nope'"):
        analyze(store, "centrality", view="alliance", options=Options(include_datasets=("nope",)))


def test_an_analysis_names_its_organization_and_view_in_the_title(store: OxigraphStore) -> None:
    report = analyze(store, "loss", options=Options(org="ent:openai"))
    assert report.title.endswith("(dependency view) for OpenAI")
    assert report.rows and set(report.columns) <= set(report.rows[0])
