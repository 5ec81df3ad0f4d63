"""``alliancekg serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from alliancekg.devtools.processes import free_port, wait_for_http
from tests.servers import make_test_store

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
    assert httpx.post(f"{url}/sparql", data={"update": "CLEAR ALL"}, timeout=120).status_code == 403
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
                    content=b"<urn:a> <urn:b> 'c' .", timeout=120)  # validated before commit
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


def test_idle_connections_outlive_the_clients_keep_alive(tmp_path: Path, stop: list) -> None:
    # httpx drops an idle connection after 5 s: a server closing it at the same moment makes the client's
    # next request fail (ReadError).  The server keeps idle connections longer, so reusing one after 6 s works.
    store = make_test_store(tmp_path / "store")
    process, url = serve(store, "--workers", "1")
    stop.append(process)
    wait_for_http(url + "/", process=process)
    connection = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1]), timeout=30)
    try:
        for pause in (0, 6):
            time.sleep(pause)
            connection.request("GET", "/sparql?query=ASK%7B%7D")
            response = connection.getresponse()
            assert response.status == 200 and b"true" in response.read()
            if pause == 0:
                first_socket = connection.sock
        assert connection.sock is first_socket, "the connection was not reused"
    finally:
        connection.close()


def test_max_query_memory_bounds_each_worker(tmp_path: Path, stop: list) -> None:
    store = make_test_store(tmp_path / "store")
    process, url = serve(store, "--workers", "1", "--max-query-memory", "512")
    stop.append(process)
    wait_for_http(url + "/", process=process)
    query = (Path(__file__).resolve().parents[2] / "data" / "hostile" / "query-string-doubling.rq").read_text()
    response = httpx.post(f"{url}/sparql", data={"query": query}, timeout=120)
    assert response.status_code == 507 and "512 MiB" in response.text
    assert httpx.post(f"{url}/sparql", data={"query": "ASK {}"}, timeout=60).status_code == 200
