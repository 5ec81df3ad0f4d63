"""Worker processes: queries answered in a pool on an on-disk store, writes refused unless allowed."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliancekg.graph.store.version import bump_store_version
from alliancekg.server import wire, workers
from alliancekg.server.operations import OperationError, QueryJob, UpdateJob
from alliancekg.server.workers import (
    MIN_QUERY_MEMORY,
    RELAY_ABOVE,
    ProcessExecutor,
    StreamedAnswer,
    _store_identity,
    default_query_memory,
)
from tests.servers import make_test_store

JSON = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
        "graph": "text/turtle"}


def test_the_default_memory_bound_is_never_below_the_minimum() -> None:
    assert default_query_memory(1) >= MIN_QUERY_MEMORY
    assert default_query_memory(64) >= MIN_QUERY_MEMORY


@pytest.mark.server
def test_a_worker_pool_answers_queries_and_refuses_writes(tmp_path: Path) -> None:
    path = make_test_store(tmp_path / "store")

    async def scenario() -> tuple[object, object, OperationError | None]:
        executor = ProcessExecutor(path, timeout=60, workers=1)
        await executor.start()
        try:
            answer = await executor.run("query", QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON))
            graphs = await executor.run("graphs", None)
            refused = None
            try:
                await executor.run("update", UpdateJob("CLEAR ALL"))
            except OperationError as exc:
                refused = exc
            return answer, graphs, refused
        finally:
            await executor.stop()

    answer, graphs, refused = asyncio.run(scenario())
    count = json.loads(answer.body)["results"]["bindings"][0]["n"]["value"]
    assert int(count) == 4  # the two data graphs; the scenario graph stays out of the default graph
    assert len(graphs) == 3
    assert refused is not None and refused.status in (403, 405)


#: An answer larger than RELAY_ABOVE: relayed from the worker in chunks rather than read whole.
BIG = ('SELECT ?i ?s WHERE { VALUES ?x { 1 2 3 4 5 6 7 8 } VALUES ?y { 1 2 3 4 5 6 7 8 } '
       'VALUES ?z { 1 2 3 4 5 6 7 8 } BIND(?x * 100 + ?y * 10 + ?z AS ?i) BIND(CONCAT(STR(?i), "'
       + "x" * 4000 + '") AS ?s) }')


@pytest.mark.server
def test_a_large_answer_is_relayed_and_an_abandoned_relay_costs_only_its_worker(tmp_path: Path) -> None:
    path = make_test_store(tmp_path / "store")

    async def scenario() -> tuple[bytes, int, int, int]:
        executor = ProcessExecutor(path, timeout=60, workers=1)
        await executor.start()
        try:
            whole = await executor.run("query", QueryJob(BIG, JSON))
            assert isinstance(whole, StreamedAnswer) and whole.stream is not None and whole.body == b""
            body = b"".join([chunk async for chunk in whole.stream.chunks()])
            assert len(body) == whole.stream.length > RELAY_ABOVE
            # Given up after one chunk (a client gone), then unread (HEAD): each time the worker is replaced.
            left = await executor.run("query", QueryJob(BIG, JSON))
            chunks = left.stream.chunks()
            await anext(chunks)
            await chunks.aclose()
            unread = await executor.run("query", QueryJob(BIG, JSON))
            unread.stream.discard()
            small = await executor.run("query", QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON))
            return body, len(executor._all), executor._idle.qsize(), small.status
        finally:
            await executor.stop()

    body, workers, idle, status = asyncio.run(scenario())
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == 512 and {int(r["i"]["value"]) for r in rows} == {
        x * 100 + y * 10 + z for x in range(1, 9) for y in range(1, 9) for z in range(1, 9)}
    assert (workers, idle, status) == (1, 1, 200)


def test_the_store_identity_changes_with_each_version_and_with_the_directory(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    unversioned = _store_identity(str(store))
    assert unversioned is not None and _store_identity(str(store)) == unversioned
    seen = [unversioned]
    for _ in range(3):
        bump_store_version(store)
        seen.append(_store_identity(str(store)))
        assert _store_identity(str(store)) == seen[-1]
    store.rename(tmp_path / "old")
    (tmp_path / "new").mkdir()
    bump_store_version(tmp_path / "new")
    (tmp_path / "new").rename(store)  # a build swaps a fresh directory in
    seen.append(_store_identity(str(store)))
    assert len(set(seen)) == len(seen)
    assert _store_identity(str(tmp_path / "missing")) is None


def test_a_write_committed_while_a_reader_opens_the_store_is_seen_by_its_next_request(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(make_test_store(tmp_path / "store"))
    opened: list[bool] = []

    def open_then_write(where: str, read_write: bool) -> ox.Store:
        store = ox.Store.read_only(where)
        opened.append(read_write)
        if len(opened) == 1:  # another process commits a write just after the reader opened its handle
            bump_store_version(where)
        return store

    monkeypatch.setattr(workers, "_open", open_then_write)
    worker, server = socket.socketpair()
    thread = threading.Thread(target=workers.worker_main, args=(worker, path, False))
    thread.start()
    try:
        assert wire.receive(server) == "ready"
        wire.send(server, (0, "graphs", None))
        assert len(wire.receive(server)) == 3
    finally:
        server.close()
        thread.join(30)
    assert opened == [False, False]  # the handle opened before the write was replaced for the request
