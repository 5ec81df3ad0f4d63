"""The operations behind /api/rights and /api/export, run on the worker's open store."""

from __future__ import annotations

import datetime as dt
import json

import pyoxigraph as ox
import pytest

from alliancekg.graph.rights.cache import cached
from alliancekg.graph.store import OxigraphStore
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


def test_a_snapshot_handle_keeps_one_view_and_what_was_read_through_it(store: OxigraphStore) -> None:
    handle, at = store.oxigraph, dt.date(2026, 6, 1)
    everything = rights(handle, RightsJob(at=at, snapshot=True))
    kept = cached(worker_view(handle, True), "rights.provisions")
    assert kept and len(everything["provisions"]) == len(kept)
    held = rights(handle, RightsJob(at=at, holder="ent:openai", snapshot=True))
    assert held == rights(handle, RightsJob(at=at, holder="ent:openai")) and held["provisions"]
    assert worker_view(ox.Store(), True) is not worker_view(handle, True)


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
