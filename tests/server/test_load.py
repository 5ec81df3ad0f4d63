"""The endpoint under a small concurrent load: no errors, and huge queries stopped by the limits
while the other clients keep being answered (the full-size run is ``python -m benchmarks.load_test``).

These tests assert behaviour only: the limits are generous enough for a busy machine, and
timing is measured by ``make bench``.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from alliancekg.server.app import create_app
from benchmarks.load_test import HUGE_QUERY, catalog_workload, drive

pytestmark = pytest.mark.server


@pytest.mark.slow
def test_concurrent_clients_and_two_huge_queries(built_store_path: Path, serve_app) -> None:
    url = serve_app(create_app(built_store_path, workers=2, query_timeout=6.0, long_query_seconds=3.0,
                               queue_timeout=120))
    workload = catalog_workload({})
    assert len(workload) >= 15
    outcome = asyncio.run(drive(url, workload, clients=8, seconds=2.5, max_requests=2_000, huge_after=0.3,
                                huge_queries=2, request_timeout=120))
    assert outcome.errors == 0, outcome.error_samples
    assert outcome.requests > 0 and len(outcome.latencies_ms) == outcome.requests
    assert set(outcome.per_query_ms) <= {name for name, _ in workload}
    # One huge query runs to the timeout; the other, which would have held the last worker, is stopped earlier.
    assert sorted(outcome.huge_statuses) == [503, 504], outcome.huge_messages
    assert any("--query-timeout" in m for m in outcome.huge_messages)
    assert any("--long-query-seconds" in m for m in outcome.huge_messages)
    assert outcome.during_huge_ms, "no other request was answered while the huge queries ran"
    # The stopped workers are replaced: the pool answers again, the huge query included (with its 504).
    assert httpx.post(f"{url}/sparql", data={"query": "ASK { ?s ?p ?o }"}, timeout=120).status_code == 200
    assert httpx.post(f"{url}/sparql", data={"query": HUGE_QUERY}, timeout=120).status_code == 504


@pytest.mark.slow
def test_short_queries_are_answered_while_slow_ones_hold_the_pool(built_store_path: Path, serve_app) -> None:
    url = serve_app(create_app(built_store_path, workers=2, query_timeout=10.0, long_query_seconds=1.0,
                               queue_timeout=120))
    pool = ThreadPoolExecutor(2)
    slow = [pool.submit(httpx.post, f"{url}/sparql", data={"query": HUGE_QUERY}, timeout=120) for _ in range(2)]
    try:
        time.sleep(0.5)  # lets both slow queries take the two workers first (if not, the test is only easier)
        short = [httpx.post(f"{url}/sparql", data={"query": f"ASK {{ ?s ?p {n} }}"}, timeout=120) for n in range(5)]
        assert [r.status_code for r in short] == [200] * 5
        # Answered while a slow query still held a worker: the short ones did not wait for it.
        assert not all(f.done() for f in slow)
        statuses = sorted(f.result(timeout=120).status_code for f in slow)
        assert statuses == [503, 504]
    finally:
        pool.shutdown(wait=False)


def test_load_loops_are_bounded_by_count(built_store_path: Path, serve_app) -> None:
    url = serve_app(create_app(built_store_path, workers=1))
    outcome = asyncio.run(drive(url, catalog_workload({})[:3], clients=4, seconds=60, max_requests=12))
    assert outcome.requests == 12 and outcome.errors == 0

