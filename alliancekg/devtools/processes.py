"""Servers on loopback for tests and benchmarks: free ports, waiting for an answer, stopping processes.

One home for what the test suite and ``benchmarks/`` both need, so neither copies the other
(and benchmarks never import tests).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate ``process`` and wait for it, killing it if it does not stop within ``timeout``.

    Examples
    --------
    >>> import subprocess, sys
    >>> sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    >>> stop_process(sleeper)
    >>> sleeper.poll() is not None
    True
    """
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


def wait_for_http(url: str, timeout: float = 60.0, process: subprocess.Popen | None = None,
                  params: dict[str, str] | None = None) -> None:
    """Poll ``url`` until it answers at all (any status), or fail after ``timeout`` seconds.

    Fails at once with :class:`RuntimeError` if ``process`` (the server) exits meanwhile.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server process exited with {process.returncode}")
        try:
            httpx.get(url, params=params, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answered at {url} within {timeout} s")


def serve_command(store: Path, port: int, *options: str) -> list[str]:
    """The command line of ``alliancekg serve`` on 127.0.0.1:``port`` over ``store``.

    Examples
    --------
    >>> serve_command(Path("s"), 8080, "--workers", "2")[-6:]
    ['--host', '127.0.0.1', '--port', '8080', '--workers', '2']
    """
    return [sys.executable, "-m", "alliancekg", "--store", str(store), "serve", "--host", "127.0.0.1",
            "--port", str(port), *options]


def start_server(store: Path, port: int, *options: str, log: Path, timeout: float = 120.0) -> subprocess.Popen:
    """``alliancekg serve`` over ``store`` (output to ``log``), returned once it answers a query.

    The process is killed and :class:`RuntimeError` raised if it exits or does not answer in ``timeout``.
    """
    with log.open("wb") as handle:
        process = subprocess.Popen(serve_command(store, port, *options), stdout=handle, stderr=subprocess.STDOUT)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/sparql", timeout, process, params={"query": "ASK {}"})
    except (RuntimeError, TimeoutError) as exc:
        process.kill()
        process.wait()
        raise RuntimeError(f"{exc}; see {log}") from exc
    return process
