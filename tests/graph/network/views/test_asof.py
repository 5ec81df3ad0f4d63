"""The money view as it stood on a date: agreements in effect by then, supersessions that had happened."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from alliancekg.graph.network.views.asof import as_of, in_effect
from alliancekg.graph.network.views.money import build_money
from alliancekg.graph.store import OxigraphStore

AGR = "https://w3id.org/alliance-kg/id/agr/"


def test_only_agreements_in_effect_by_the_date_are_kept(store: OxigraphStore) -> None:
    full = build_money(store)
    then = as_of(full, dt.date(2025, 6, 1))
    agreements = {d.get("agreement") for *_, d in then.edges(data=True)}
    assert AGR + "msft-openai-2023-investment" in agreements
    assert AGR + "msft-openai-2025-10-definitive" not in agreements
    assert all(str(d["date"]) <= "2025-06-01" for *_, d in then.edges(data=True))
    assert 0 < then.number_of_edges() < full.number_of_edges()
    assert then.graph["as_of"] == "2025-06-01"
    assert all(then.degree(n) for n in then)  # organizations with no flow yet are not drawn
    later = as_of(full, dt.date(2025, 10, 28))
    assert AGR + "msft-openai-2025-10-definitive" in {d.get("agreement") for *_, d in later.edges(data=True)}


def test_a_flow_is_superseded_only_once_what_replaces_it_takes_effect(store: OxigraphStore) -> None:
    full = build_money(store)
    replaced = [(k, d) for *_, k, d in full.edges(keys=True, data=True) if d.get("superseded_on")]
    assert replaced, "the bundled data has flows replaced by later agreements"
    key, data = replaced[0]
    before = dt.date.fromisoformat(data["superseded_on"]) - dt.timedelta(days=1)
    after = dt.date.fromisoformat(data["superseded_on"])
    if in_effect(data, before):
        assert not next(d for *_, k, d in as_of(full, before).edges(keys=True, data=True) if k == key)["superseded"]
    assert next(d for *_, k, d in as_of(full, after).edges(keys=True, data=True) if k == key)["superseded"]


def test_months_count_from_their_first_day_and_undated_edges_are_left_out() -> None:
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key="month", date="2025-03")
    g.add_edge("a", "b", key="undated")
    assert [k for *_, k in as_of(g, dt.date(2025, 3, 1)).edges(keys=True)] == ["month"]
    assert as_of(g, dt.date(2025, 2, 28)).number_of_edges() == 0
