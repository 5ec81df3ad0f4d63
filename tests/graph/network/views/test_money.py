"""The money view: investments, purchase commitments and revenue shares as flows."""

from __future__ import annotations

from alliancekg.graph.network.views.money import build_money
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"


def test_openai_s_azure_commitment_flows_to_microsoft_with_its_currency(store: OxigraphStore) -> None:
    graph = build_money(store)
    flows = graph.get_edge_data(ENT + "openai", ENT + "microsoft")
    assert max(d.get("amount", 0.0) for d in flows.values()) == 250e9
    assert {d.get("currency") for d in flows.values() if d.get("amount")} == {"USD"}
    assert all(data["agreement"] for *_, data in graph.edges(data=True))
