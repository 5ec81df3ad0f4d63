"""The dependency view: who depends on whom, and for what."""

from __future__ import annotations

from alliancekg.graph.network.views.dependency import build_dependency
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"


def test_each_edge_names_its_need_and_openai_depends_on_microsoft_for_compute(store: OxigraphStore) -> None:
    graph = build_dependency(store)
    needs = {data["need"] for *_, data in graph.edges(data=True)}
    assert needs <= {"capital", "compute", "distribution", "ip", "model_access"}
    assert "compute" in needs
    assert any(d["need"] in ("compute", "capital") for d in graph.get_edge_data(ENT + "openai", ENT + "microsoft",
                                                                                 default={}).values())
