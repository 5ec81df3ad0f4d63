"""The sequential client against real servers on loopback: every request of the plan answered 200."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.devtools.processes import free_port, start_server, stop_process
from benchmarks import latency, load_test

PARAMS = {"owner": "https://w3id.org/alliance-kg/id/ent/microsoft",
          "issuer": "https://w3id.org/alliance-kg/id/ent/openai-group-pbc"}


def workload() -> list[tuple[str, str]]:
    return [(name, text) for name, text in load_test.catalog_workload(PARAMS)
            if name in ("equity-stake", "organization-deals")]


@pytest.mark.slow
def test_both_servers_answer_every_request_of_the_plan_and_the_page_path_too(built_store_path: Path,
                                                                              tmp_path: Path) -> None:
    port = free_port()
    process = start_server(built_store_path, port, log=tmp_path / "serve.log")
    try:
        plan = load_test.latency_plan("project", "/sparql", workload(), PARAMS)
        measured = latency.measure_in_process_of_its_own(port, plan, rounds=2, timeout=300)
    finally:
        stop_process(process, 30)
    assert set(measured) == {"floor", "endpoint:equity-stake", "endpoint:organization-deals",
                             "page:equity-stake", "page:organization-deals"}
    assert all(entry["status"] is None and entry["p50_ms"] is not None for entry in measured.values()), measured
    assert measured["floor"]["runs"] == 20 and measured["page:equity-stake"]["runs"] == 2

    port = free_port()
    oxigraph = load_test.start_oxigraph(built_store_path, port, tmp_path / "oxigraph.log")
    try:
        plan = load_test.latency_plan("oxigraph", "/query", workload(), PARAMS)
        measured = latency.measure_in_process_of_its_own(port, plan, rounds=2, timeout=300)
    finally:
        stop_process(oxigraph, 30)
    assert set(measured) == {"floor", "endpoint:equity-stake", "endpoint:organization-deals"}
    assert all(entry["status"] is None for entry in measured.values()), measured


@pytest.mark.slow
def test_a_failing_request_is_reported_with_its_status_not_timed(built_store_path: Path, tmp_path: Path) -> None:
    port = free_port()
    oxigraph = load_test.start_oxigraph(built_store_path, port, tmp_path / "oxigraph.log")
    try:
        plan = {"floor": latency.endpoint_steps("/query", "ASK {}"),
                "broken": latency.endpoint_steps("/query", "SELECT WHERE {")}
        measured = latency.run_plan(port, plan, rounds=1, floor_runs=2)
    finally:
        stop_process(oxigraph, 30)
    assert measured["broken"]["status"] == 400 and measured["broken"]["runs"] == 0
    assert measured["floor"]["runs"] == 2
