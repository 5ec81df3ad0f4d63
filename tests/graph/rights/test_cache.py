"""Data kept per store version: reused until a write changes the store's version marker."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from rdflib import Literal, URIRef

from alliancekg.graph.rights.cache import cached, store_cached, version_key
from alliancekg.graph.rights.evaluation import rights_at
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology.namespaces import GRAPH


def test_kept_until_a_write_changes_the_version(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(store.query("SELECT * { ?s ?p ?o }").rows)

    assert store_cached(store, "n", count) == 0
    assert store_cached(store, "n", count) == 0 and len(calls) == 1
    store.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:b"), Literal(1))])
    assert cached(store, "n") is None
    assert store_cached(store, "n", count) == 1 and len(calls) == 2


def test_memory_stores_are_never_cached() -> None:
    store = OxigraphStore()
    assert version_key(store) is None
    assert store_cached(store, "n", lambda: 1) == 1
    assert store_cached(store, "n", lambda: 2) == 2


def test_each_store_object_keeps_its_own(tmp_path: Path) -> None:
    first, second = OxigraphStore(tmp_path / "a"), OxigraphStore(tmp_path / "b")
    store_cached(first, "n", lambda: "first")
    assert cached(second, "n") is None


def test_rights_follow_a_write_to_the_same_store(built_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    store = OxigraphStore(path)
    try:
        deal = URIRef(str(GRAPH) + "deals/msft-openai-2025")
        assert deal in store.graphs()
        before = rights_at(store, dt.date(2026, 1, 1))
        assert any(s.provision.endswith("research-ip-until-agi-or-2030") for s in before)
        store.drop_graph(deal)
        after = rights_at(store, dt.date(2026, 1, 1))
        assert not any(s.provision.endswith("research-ip-until-agi-or-2030") for s in after)
        assert len(after) < len(before)
    finally:
        store.close()
