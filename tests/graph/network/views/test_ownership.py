"""The ownership view: stakes, control and group membership from parent to held organization."""

from __future__ import annotations

from alliancekg.graph.network.views.ownership import build_ownership
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"


def test_edges_run_from_parent_to_held_with_their_kind(store: OxigraphStore) -> None:
    graph = build_ownership(store)
    assert graph.is_directed() and graph.graph["name"] == "ownership"
    assert graph.number_of_edges() > 0
    for _, _, data in graph.edges(data=True):
        assert data["kind"]
    subsidiaries = {v for u, v, d in graph.edges(data=True) if u == ENT + "microsoft" and d["kind"] == "subsidiary"}
    assert subsidiaries and all(graph.nodes[v]["label"] for v in subsidiaries)
