"""Records the views are built from: labels, agreements, organizations, natural order."""

from __future__ import annotations

from alliancekg.graph.network.views.records import fetch_agreements, fetch_organizations, label_of, natural_key
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"


def test_natural_order_and_labels() -> None:
    assert sorted(["p10", "p2", "p1"], key=natural_key) == ["p1", "p2", "p10"]
    assert label_of("urn:x", {"urn:x": "X"}) == "X"
    assert label_of("urn:y", {}) == "urn:y" and label_of(None, {}) is None


def test_organizations_and_agreements_come_with_their_labels(store: OxigraphStore) -> None:
    orgs = fetch_organizations(store)
    assert orgs[ENT + "microsoft"].label == "Microsoft"
    agreements = fetch_agreements(store)
    assert agreements and all(record.label for record in agreements.values())


def test_agreements_are_read_with_their_own_queries_only(store: OxigraphStore, monkeypatch) -> None:
    """Party roles are no part of an agreement record: reading agreements does not query them."""
    from alliancekg.graph.network.views import records

    asked: list[str] = []
    real_select = records.select

    def recording_select(on: OxigraphStore, name: str) -> list[dict[str, object]]:
        asked.append(name)
        return real_select(on, name)

    monkeypatch.setattr(records, "select", recording_select)
    agreements = fetch_agreements(store, labels={})
    assert asked == ["agreements", "agreement-links"]
    assert any(record.parties for record in agreements.values())
