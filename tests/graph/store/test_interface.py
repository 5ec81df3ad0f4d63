"""The store interface: where the default store lives, which graphs are scenarios, data graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.interface import STORE_ENV, KnowledgeStore, default_store_path, is_scenario_graph
from alliancekg.ontology.namespaces import GRAPH, SCENARIO


def test_the_store_path_comes_from_the_environment_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "mine"
    monkeypatch.delenv(STORE_ENV)
    assert default_store_path() == tmp_path / "xdg" / "alliance-kg" / "store"


def test_scenario_graphs_are_told_from_data_graphs() -> None:
    assert is_scenario_graph(str(SCENARIO["what-if"]))
    assert not is_scenario_graph(str(GRAPH["deals/x"]))


def test_data_graphs_leave_scenarios_out() -> None:
    with OxigraphStore() as store:
        assert isinstance(store, KnowledgeStore)
        triple = (URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b"))
        store.replace_graphs({GRAPH["d"]: [triple], SCENARIO["s"]: [triple]})
        assert store.data_graphs() == [GRAPH["d"]]
        assert sorted(store.graphs()) == sorted([GRAPH["d"], SCENARIO["s"]])
