"""``alliancekg serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.graph.conftest import free_port, make_test_store, wait_for_http

pytestmark = pytest.mark.server


def serve(store: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "alliancekg", "--store", str(store), "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "ALLIANCEKG_TOKEN": ""},
    )
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture
def stop() -> Iterator[list[subprocess.Popen]]:
    processes: list[subprocess.Popen] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def test_serve_answers_queries_and_stops_cleanly(tmp_path: Path, stop: list) -> None:
    store = make_test_store(tmp_path / "store")
    process, url = serve(store, "--workers", "1")
    stop.append(process)
    wait_for_http(url + "/", process=process)
    response = httpx.get(f"{url}/sparql", params={"query": "SELECT ?p WHERE { ?s akg:percent ?p }"},
                         headers={"Accept": "text/csv"})
    assert response.text.splitlines() == ["p", "27"]
    assert httpx.get(url + "/").headers["content-type"].startswith("text/html")
    assert httpx.post(f"{url}/sparql", data={"update": "CLEAR ALL"}).status_code == 403
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "serving" in output and "read-only" in output


def test_serve_with_updates_and_a_token(tmp_path: Path, stop: list) -> None:
    process, url = serve(tmp_path / "new-store", "--allow-updates", "--token", "t0ken", "--workers", "1")
    stop.append(process)
    wait_for_http(url + "/", process=process)
    auth = {"Authorization": "Bearer t0ken"}
    put = httpx.put(f"{url}/store", params={"graph": "urn:g:x"}, headers={**auth, "Content-Type": "text/turtle"},
                    content=b"<urn:a> <urn:b> 'c' .")
    assert put.status_code == 201
    assert httpx.get(f"{url}/sparql", params={"query": "ASK { GRAPH <urn:g:x> { <urn:a> <urn:b> 'c' } }"}).json()[
        "boolean"]


@pytest.mark.parametrize(("args", "message"), [
    (["--allow-updates"], "--token"),
    ([], "no store"),
])
def test_serve_refuses_bad_setups(tmp_path: Path, args: list[str], message: str) -> None:
    process, _ = serve(tmp_path / "missing", *args)
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert message in output
