"""Server processes for tests and benchmarks: free ports, waiting, stopping, failing loudly."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from alliancekg.devtools.processes import free_port, serve_command, start_server, stop_process, wait_for_http


def test_a_free_port_can_be_bound() -> None:
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))


def test_waiting_ends_once_a_server_answers_and_stopping_ends_it(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=60, process=server)
    finally:
        stop_process(server)
    assert server.returncode is not None


def test_waiting_fails_at_once_when_the_server_process_exits() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    gone.wait()
    with pytest.raises(RuntimeError, match="exited with 3"):
        wait_for_http(f"http://127.0.0.1:{free_port()}/", timeout=60, process=gone)


def test_a_server_that_cannot_start_is_reported_with_its_log(tmp_path: Path) -> None:
    store = tmp_path / "not-a-store"
    store.write_text("a file where a store directory should be")
    log = tmp_path / "serve.log"
    with pytest.raises(RuntimeError, match=r"serve\.log"):
        start_server(store, free_port(), log=log, timeout=90)
    assert serve_command(store, 1)[:3] == [sys.executable, "-m", "alliancekg"]
