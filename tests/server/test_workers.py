"""Worker processes: queries answered in a pool on an on-disk store, writes refused unless allowed."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from alliancekg.server.operations import OperationError, QueryJob, UpdateJob
from alliancekg.server.workers import MIN_QUERY_MEMORY, ProcessExecutor, default_query_memory
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
