"""Which generated samples bind which catalog query, on the real catalog."""

from __future__ import annotations

import pytest

from alliancekg.graph.network.views import build_view
from alliancekg.graph.store import OxigraphStore
from alliancekg.queries.catalog import load_catalog
from benchmarks.operations import ALLIANCE_VIEW_QUERIES, catalog_label, catalog_values

SAMPLES = {"holder": "https://example.org/org/1", "owner": "https://example.org/org/2",
           "issuer": "https://example.org/org/3", "at": "2026-06-01", "org": "https://example.org/org/4"}


def test_each_query_gets_the_samples_of_the_parameters_it_declares() -> None:
    catalog = load_catalog()
    for name, query in catalog.items():
        values = catalog_values(query, SAMPLES)
        declared = {p.name for p in query.parameters}
        assert set(values) == declared & set(SAMPLES), name
        query.bindings(values)  # every chosen value binds


def test_rights_at_is_labelled_one_holder_exactly_when_it_declares_a_holder_parameter() -> None:
    query = load_catalog()["rights-at"]
    values = catalog_values(query, SAMPLES)
    declares_holder = any(p.name == "holder" for p in query.parameters)
    assert (values.get("holder") == SAMPLES["holder"]) is declares_holder
    assert catalog_label("rights-at", values) == ("rights-at (one holder)" if declares_holder else "rights-at")


def test_queries_about_one_holder_anyway_keep_their_name() -> None:
    catalog = load_catalog()
    for name in ("freedoms", "agi-exposure"):
        values = catalog_values(catalog[name], SAMPLES)
        assert "holder" in values, name
        assert catalog_label(name, values) == name


def test_the_raw_yardstick_runs_the_queries_the_alliance_view_runs(store: OxigraphStore,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Raw pyoxigraph is timed on ALLIANCE_VIEW_QUERIES: they must be the view's own queries."""
    from alliancekg.graph.network.views import rows

    ran: list[str] = []
    real_select = rows.select

    def recording(opened: OxigraphStore, name: str) -> list:
        ran.append(name)
        return real_select(opened, name)

    for module in ("alliance", "records", "money"):
        monkeypatch.setattr(f"alliancekg.graph.network.views.{module}.select", recording)
    assert build_view(store, "alliance").number_of_edges()
    assert sorted(set(ran)) == sorted(ALLIANCE_VIEW_QUERIES)
