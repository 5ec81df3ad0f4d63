"""The rights view: who holds which provision over whom."""

from __future__ import annotations

from alliancekg.graph.network.views.rights import build_rights, superseded_by
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"


def test_holders_point_at_counterparties_with_the_provision_family(store: OxigraphStore) -> None:
    graph = build_rights(store)
    assert graph.has_edge(ENT + "microsoft", ENT + "openai")
    assert graph.has_edge(ENT + "openai", ENT + "microsoft")
    families = {data["family"] for *_, data in graph.edges(data=True)}
    assert {"Right", "Obligation"} <= families
    assert all(data["agreement"] for *_, data in graph.edges(data=True))


def test_a_provision_is_superseded_by_what_supersedes_it_or_its_agreement() -> None:
    supersessions = {"urn:p": ["urn:p2"], "urn:agr": ["urn:agr2"]}
    assert superseded_by("urn:p", "urn:agr", supersessions) == ["urn:p2", "urn:agr2"]
    assert superseded_by("urn:q", None, supersessions) == []
