"""The alliance view: organizations linked by agreements (undirected)."""

from __future__ import annotations

from alliancekg.graph.network.views.alliance import build_alliance, dataset_of
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"


def test_microsoft_and_openai_are_allied_by_their_agreements(store: OxigraphStore) -> None:
    graph = build_alliance(store)
    assert not graph.is_directed()
    links = graph.get_edge_data(ENT + "microsoft", ENT + "openai")
    assert links and all(data["label"] for data in links.values())


def test_curated_deals_belong_to_no_dataset() -> None:
    assert dataset_of("https://w3id.org/alliance-kg/graph/deals/msft-openai-2025") is None
    assert dataset_of("https://w3id.org/alliance-kg/graph/datasets/cuad/x") is not None
