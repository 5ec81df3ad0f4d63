"""The endpoint under a small concurrent load: no errors, and a huge query is stopped by the timeout
while the other clients keep being answered (the full-size run is ``python -m benchmarks.load_test``)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from alliancekg.graph.server.app import create_app
from benchmarks.load_test import HUGE_QUERY, catalog_workload, drive

pytestmark = pytest.mark.server


def test_concurrent_clients_and_a_huge_query(built_store_path: Path, serve_app) -> None:
    url = serve_app(create_app(built_store_path, query_timeout=1.0, workers=2))
    workload = catalog_workload({})
    assert len(workload) >= 15
    outcome = asyncio.run(drive(url, workload, clients=8, seconds=2.5, max_requests=2_000, huge_after=0.3,
                                request_timeout=30))
    assert outcome.errors == 0, outcome.error_samples
    assert outcome.requests > 0 and len(outcome.latencies_ms) == outcome.requests
    # How many distinct queries fit in the time depends on the machine's load; several must have been answered.
    assert len(outcome.per_query_ms) >= 3 and set(outcome.per_query_ms) <= {name for name, _ in workload}
    assert outcome.huge_status == 504 and "--query-timeout" in outcome.huge_message
    assert outcome.during_huge_ms, "no other request was answered while the huge query ran"
    # The stopped worker is replaced: the pool answers again, the huge query included (with its 504).
    assert httpx.post(f"{url}/sparql", data={"query": "ASK { ?s ?p ?o }"}, timeout=30).status_code == 200
    assert httpx.post(f"{url}/sparql", data={"query": HUGE_QUERY}, timeout=30).status_code == 504


def test_load_loops_are_bounded_by_count(built_store_path: Path, serve_app) -> None:
    url = serve_app(create_app(built_store_path, workers=1))
    outcome = asyncio.run(drive(url, catalog_workload({})[:3], clients=4, seconds=60, max_requests=12))
    assert outcome.requests == 12 and outcome.errors == 0
