"""Per-query latency over HTTP with one sequential keep-alive client, in a process of its own.

The concurrent load generator (:func:`benchmarks.load_test.drive`) measures throughput; its per-request
times include the asyncio client's scheduling and whatever else the generator does.  Here one
``http.client`` connection sends each request in turn (headers and body in one write, ``TCP_NODELAY``),
after a warm-up round, so a query's time is its round trip alone.  ``ASK {}`` on the same connection is
the transport floor: what any answer costs on loopback before the query does anything.

``python -m benchmarks.latency`` reads a plan (JSON) on stdin and writes the medians (JSON) on stdout;
:func:`measure_in_process_of_its_own` runs it so that nothing of the caller shares its interpreter.
"""

from __future__ import annotations

import http.client
import json
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import quote, urlencode

ACCEPT = "application/sparql-results+json"
#: What the web page asks for when it runs a query (server/static/app.js).
PAGE_ACCEPT = "application/sparql-results+json, text/turtle"


@dataclass(frozen=True)
class Step:
    """One HTTP request: method, path (with its query string), body and headers."""

    method: str
    path: str
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def endpoint_steps(path: str, text: str) -> list[Step]:
    """A SPARQL query sent as a form POST to ``path``, as a SPARQL client sends it.

    Examples
    --------
    >>> endpoint_steps("/query", "ASK {}")[0].body
    'query=ASK+%7B%7D'
    """
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT}
    return [Step("POST", path, urlencode({"query": text}), headers)]


def page_steps(name: str, values: dict[str, str]) -> list[Step]:
    """What the web page does to run catalog query ``name``: ask for its bound text, then POST it.

    The second request's body is filled in from the first answer's ``sparql`` member (see :func:`run_plan`).

    Examples
    --------
    >>> [step.path for step in page_steps("equity-stake", {"owner": "urn:x"})]
    ['/api/catalog/equity-stake/sparql?owner=urn%3Ax', '/sparql']
    """
    query = f"?{urlencode(values)}" if values else ""
    return [Step("GET", f"/api/catalog/{quote(name, safe='')}/sparql{query}", headers={"Accept": "application/json"}),
            Step("POST", "/sparql", "", {"Content-Type": "application/sparql-query", "Accept": PAGE_ACCEPT})]


def _connect(port: int, timeout: float) -> http.client.HTTPConnection:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def _send(connection: http.client.HTTPConnection, step: Step, body: str) -> tuple[int, bytes]:
    connection.request(step.method, step.path, body=body.encode("utf-8") if body else None, headers=step.headers)
    response = connection.getresponse()
    return response.status, response.read()


def run_steps(connection: http.client.HTTPConnection, steps: list[Step]) -> int:
    """Send ``steps`` in turn on ``connection``; the last status (a step with no body takes the last ``sparql``)."""
    body, status = "", 0
    for step in steps:
        status, answer = _send(connection, step, step.body or body)
        if status != 200:
            return status
        if step.method == "GET":
            body = json.loads(answer)["sparql"]
    return status


def run_plan(port: int, plan: dict[str, list[Step]], *, rounds: int = 5, warmup: int = 1, timeout: float = 300.0,
             floor: str = "floor", floor_runs: int = 10) -> dict[str, dict[str, object]]:
    """Each named list of steps ``warmup`` + ``rounds`` times on one keep-alive connection, rounds interleaved.

    The entry named ``floor`` (the cheap request the others are compared with) is sent ``floor_runs`` times
    a round.  Returns, per name, the median and minimum of the timed runs in milliseconds and any non-200
    status.
    """
    connection = _connect(port, timeout)
    samples: dict[str, list[float]] = {name: [] for name in plan}
    failures: dict[str, int] = {}
    try:
        for index in range(warmup + rounds):
            for name, steps in plan.items():
                for _ in range(floor_runs if name == floor else 1):
                    started = time.perf_counter()
                    status = run_steps(connection, steps)
                    elapsed = 1000 * (time.perf_counter() - started)
                    if status != 200:
                        failures[name] = status
                    elif index >= warmup:
                        samples[name].append(elapsed)
    finally:
        connection.close()
    return {name: {"p50_ms": statistics.median(values) if values else None,
                   "min_ms": min(values) if values else None, "runs": len(values), "status": failures.get(name)}
            for name, values in samples.items()}


def measure_in_process_of_its_own(port: int, plan: dict[str, list[Step]], *, rounds: int = 5,
                                  timeout: float = 3600.0) -> dict[str, dict[str, object]]:
    """:func:`run_plan` in a fresh ``python -m benchmarks.latency`` process."""
    request = {"port": port, "rounds": rounds,
               "plan": {name: [asdict(step) for step in steps] for name, steps in plan.items()}}
    completed = subprocess.run([sys.executable, "-m", "benchmarks.latency"], input=json.dumps(request),
                               capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(completed.stdout)


def main() -> int:
    """Read a plan on stdin, write the medians on stdout."""
    request = json.loads(sys.stdin.read())
    plan = {name: [Step(**step) for step in steps] for name, steps in request["plan"].items()}
    json.dump(run_plan(request["port"], plan, rounds=request["rounds"]), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
