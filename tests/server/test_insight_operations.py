"""The operations behind /api/rights and /api/export, run on the worker's open store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliancekg.graph.rights.cache import cached
from alliancekg.graph.store import OxigraphStore
from alliancekg.server.held import hold_still
from alliancekg.server.insight_operations import (
    ExportJob,
    RightsJob,
    WorkerStore,
    export,
    rights,
    rights_choices,
    worker_view,
)
from alliancekg.server.operations import OperationError


def test_the_worker_store_view_leaves_the_handle_open() -> None:
    handle = ox.Store()
    view = WorkerStore(handle)
    view.close()
    assert view.triple_count() == 0 and len(handle) == 0


def test_the_handle_held_still_keeps_one_view_and_what_was_read_through_it(store: OxigraphStore) -> None:
    handle, at = hold_still(store.oxigraph), dt.date(2026, 6, 1)
    try:
        everything = rights(handle, RightsJob(at=at))
        kept = cached(worker_view(handle), "rights.provisions")
        assert kept and len(everything["provisions"]) == len(kept) and worker_view(handle).snapshot
        held = rights(handle, RightsJob(at=at, holder="ent:openai"))
        assert cached(worker_view(handle), "rights.provisions") is kept
        other = ox.Store()
        assert worker_view(other) is not worker_view(other) and not worker_view(other).snapshot
    finally:
        hold_still(ox.Store())
    # Once another handle is held, this one is read afresh, to the same answer.
    assert held == rights(handle, RightsJob(at=at, holder="ent:openai")) and held["provisions"]
    assert cached(worker_view(handle), "rights.provisions") is None


def test_rights_on_a_handle_not_held_still_see_a_write_made_after_them(writable_store: Path) -> None:
    """The writer's handle (or a thread executor's) may change between jobs: nothing read is kept on it."""
    hold_still(ox.Store())  # the worker holds another handle still
    handle, at = ox.Store(str(writable_store)), dt.date(2026, 6, 1)
    before = {p["provision"] for p in rights(handle, RightsJob(at=at))["provisions"]}
    gone = sorted(before)[0]
    handle.update(f"DELETE WHERE {{ GRAPH ?g {{ <{gone}> ?p ?o }} }}; "
                  f"DELETE WHERE {{ GRAPH ?g {{ ?s ?p <{gone}> }} }}")  # a write after the first job
    after = {p["provision"] for p in rights(handle, RightsJob(at=at))["provisions"]}
    assert after == before - {gone}


def test_exports_come_with_their_media_type_and_limits(store: OxigraphStore) -> None:
    file = export(store.oxigraph, ExportJob("money", "node-link"))
    assert file.media_type == "application/json" and json.loads(file.content)["edges"]
    assert file.extension == ".json"
    with pytest.raises(OperationError) as unknown:
        export(store.oxigraph, ExportJob("nope", "node-link"))
    assert unknown.value.status == 400
    with pytest.raises(OperationError) as too_large:
        export(store.oxigraph, ExportJob("money", "node-link", max_results=1))
    assert too_large.value.status == 422


def test_odrl_exports_every_agreement_from_the_view_all_and_only_from_it(store: OxigraphStore) -> None:
    file = export(store.oxigraph, ExportJob("all", "odrl"))
    assert (file.media_type, file.extension) == ("text/turtle", ".ttl")
    assert b"odrl:Agreement" in file.content
    with pytest.raises(OperationError) as other_view:
        export(store.oxigraph, ExportJob("money", "odrl"))
    assert other_view.value.status == 400 and "valid: all" in other_view.value.message
    with pytest.raises(OperationError) as too_large:
        export(store.oxigraph, ExportJob("all", "odrl-jsonld", max_results=10))
    assert too_large.value.status == 422 and "triples" in too_large.value.message


def test_rights_answer_with_states_and_refuse_unknown_events(store: OxigraphStore) -> None:
    answer = rights(store.oxigraph, RightsJob(dt.date(2026, 1, 1)))
    assert answer["at"] == "2026-01-01" and answer["provisions"]
    with pytest.raises(OperationError) as unknown:
        rights(store.oxigraph, RightsJob(dt.date(2026, 1, 1), events=("agi-reached@2028-01-01",)))
    assert unknown.value.status == 400
    choices = rights_choices(store.oxigraph)
    assert {"value": "agi-verified", "label": "AGI verified"} in choices["eventTypes"]
    assert any(holder["label"] == "Microsoft" for holder in choices["holders"])
