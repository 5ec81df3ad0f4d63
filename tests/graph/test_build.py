"""Building and loading: counts, atomicity (a failed load leaves the store as it was), idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.graph.build import build_store, load_into
from alliancekg.graph.store import OxigraphStore
from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.registry import yamlld_input
from alliancekg.ontology.namespaces import GRAPH
from tests.loaders.test_yamlld import replace_once

DEAL_GRAPH = str(GRAPH["deals/msft-openai-2025"])


def snapshot(path: Path) -> dict[str, int]:
    with OxigraphStore(path, read_only=True) as store:
        return {str(g): store.triple_count(g) for g in store.graphs()}


def test_build_reports_counts_per_graph(tmp_path: Path) -> None:
    report = build_store(tmp_path / "store", reason=False)
    assert report.graphs[str(GRAPH["ontology"])] > 500
    assert report.graphs[DEAL_GRAPH] > 500
    assert snapshot(tmp_path / "store") == report.graphs


def test_failed_build_leaves_previous_store_untouched(tmp_path: Path, deal_copy: Path) -> None:
    target = tmp_path / "stores" / "store"
    build_store(target, reason=False)
    before = snapshot(target)
    replace_once(deal_copy, "  percent: 27\n", "  percent: 127\n")
    with pytest.raises(LoadError):
        build_store(target, [yamlld_input(deal_copy)], reason=False)
    assert snapshot(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["store"]  # no half-built directory left


def test_load_is_idempotent(tmp_path: Path, deal_copy: Path) -> None:
    target = tmp_path / "store"
    build_store(target, reason=False)
    extra = deal_copy.parent / "extra.yaml"
    extra.write_text(
        '"@context": ../context.jsonld\ngraph:\n'
        "- {id: ent:example-lab, type: Organization, label: Example Lab}\n",
        encoding="utf-8",
    )
    with OxigraphStore(target) as store:
        first = load_into(store, [yamlld_input(extra, name="user/extra")], reason=False)
        count_once = store.triple_count()
        load_into(store, [yamlld_input(extra, name="user/extra")], reason=False)
        assert store.triple_count() == count_once
    assert first.graphs[str(GRAPH["user/extra"])] == 2


def test_failed_load_leaves_store_untouched(tmp_path: Path, deal_copy: Path) -> None:
    target = tmp_path / "store"
    build_store(target, reason=False)
    before = snapshot(target)
    bad = deal_copy.parent / "bad.yaml"
    bad.write_text(
        '"@context": ../context.jsonld\ngraph:\n'
        "- {id: stk:bad, type: EquityStake, owner: ent:microsoft, issuer: ent:nobody, percent: 5,\n"
        "   sources: [https://example.org/a]}\n",
        encoding="utf-8",
    )
    with OxigraphStore(target) as store, pytest.raises(LoadError, match="issuer") as caught:
        load_into(store, [yamlld_input(bad, name="user/bad")], reason=False)
    assert caught.value.problems[0].line == 3
    assert snapshot(target) == before


def test_load_validates_against_data_already_in_the_store(tmp_path: Path, deal_copy: Path) -> None:
    target = tmp_path / "store"
    build_store(target, reason=False)
    ok = deal_copy.parent / "ok.yaml"
    ok.write_text(
        '"@context": ../context.jsonld\ngraph:\n'
        "- {id: stk:example, type: EquityStake, owner: ent:microsoft, issuer: ent:openai-group-pbc, percent: 1,\n"
        "   sources: [https://example.org/a]}\n",
        encoding="utf-8",
    )
    with OxigraphStore(target) as store:
        report = load_into(store, [yamlld_input(ok, name="user/ok")], reason=False)
    assert report.graphs[str(GRAPH["user/ok"])] == 5  # type, owner, issuer, percent, source
