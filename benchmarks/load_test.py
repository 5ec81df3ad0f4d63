"""The SPARQL endpoint under load: concurrent clients on loopback, and one huge query stopped by the timeout.

``python -m benchmarks.load_test`` (and ``make bench``) builds a store from a generated graph,
starts ``alliancekg serve`` on 127.0.0.1 and a free port, and runs :func:`drive`: ``clients``
asyncio clients send catalog queries (parameters written into the text as the embedded store
does, see :mod:`alliancekg.graph.sparql.binding`) in a loop bounded by a deadline and a request count.
Part way through, as many more clients as there are workers each send a query far too big to
finish (a triple cross product): the server must stop each with its timeout (504), or with 503
the one that would leave no worker for short queries (``--long-query-seconds``), while the
other requests go on being answered.  The report gives p50/p99 latency of all requests and of those that ran while
the huge ones did, and counts errors: any answer other than 200 to a catalog query, or any
transport failure (a connection the server closed, for one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

import httpx

from alliancekg.devtools.processes import free_port, start_server, stop_process, wait_for_http
from benchmarks import latency, report
from benchmarks.generator import GeneratedGraph
from benchmarks.graphs import ensure_graph, parse_size, print_table
from benchmarks.operations import catalog_values, percentile

#: Far too big to finish on any store with more than a few thousand triples.
HUGE_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Catalog queries left out of the mix: they evaluate every provision (seconds each at 10^6).
HEAVY = ("rights-at",)
ACCEPT = "application/sparql-results+json"


@dataclass
class Outcome:
    """What a load test saw."""

    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    during_huge_ms: list[float] = field(default_factory=list)
    per_query_ms: dict[str, list[float]] = field(default_factory=dict)
    huge_statuses: list[int | None] = field(default_factory=list)
    huge_seconds: float | None = None
    huge_messages: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        """JSON-ready figures (percentiles instead of every sample)."""
        def stats(values: list[float]) -> dict[str, float | int | None]:
            if not values:
                return {"count": 0, "p50_ms": None, "p99_ms": None, "max_ms": None}
            return {"count": len(values), "p50_ms": percentile(values, 0.5), "p99_ms": percentile(values, 0.99),
                    "max_ms": max(values)}

        data = asdict(self)
        for key in ("latencies_ms", "during_huge_ms", "per_query_ms"):
            del data[key]
        data["all"] = stats(self.latencies_ms)
        data["during_huge"] = stats(self.during_huge_ms)
        data["per_query"] = {name: stats(values) for name, values in sorted(self.per_query_ms.items())}
        data["throughput_per_second"] = self.requests / self.seconds if self.seconds else None
        return data


def catalog_workload(params: dict[str, str]) -> list[tuple[str, str]]:
    """Every catalog query but the heavy ones, bound to ``params``, as (name, text) pairs."""
    from alliancekg.graph.sparql.binding import inline_bindings
    from alliancekg.graph.sparql.lexer import bind_values, complete_prefixes
    from alliancekg.graph.store.terms import to_oxigraph
    from alliancekg.ontology.namespaces import PREFIXES
    from alliancekg.queries.catalog import load_catalog

    workload = []
    for name, query in load_catalog().items():
        if name in HEAVY:
            continue
        terms = {k: to_oxigraph(v) for k, v in query.bindings(catalog_values(query, params)).items()}
        text = complete_prefixes(query.text, PREFIXES)
        workload.append((name, inline_bindings(text, terms) or bind_values(text, terms)))
    return workload


async def _client(number: int, http: httpx.AsyncClient, url: str, workload: list[tuple[str, str]], deadline: float,
                  budget: list[int], outcome: Outcome, huge_window: list[float]) -> None:
    index = number
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        name, text = workload[index % len(workload)]
        index += 1
        started = time.monotonic()
        try:
            response = await http.post(url, data={"query": text}, headers={"Accept": ACCEPT})
            status, detail = response.status_code, response.text[:200]
        except httpx.HTTPError as exc:
            status, detail = None, f"{type(exc).__name__}: {exc}"
        ended = time.monotonic()
        outcome.requests += 1
        if status != 200:
            outcome.errors += 1
            if len(outcome.error_samples) < 5:
                outcome.error_samples.append(f"{name}: {status} {detail}")
            continue
        elapsed = 1000 * (ended - started)
        outcome.latencies_ms.append(elapsed)
        outcome.per_query_ms.setdefault(name, []).append(elapsed)
        if huge_window and started >= huge_window[0] and (len(huge_window) == 1 or started <= huge_window[1]):
            outcome.during_huge_ms.append(elapsed)


async def _huge(http: httpx.AsyncClient, url: str, delay: float, outcome: Outcome, huge_window: list[float]) -> None:
    await asyncio.sleep(delay)
    if not huge_window:
        huge_window.append(time.monotonic())
    status, message = None, ""
    try:
        response = await http.post(url, data={"query": HUGE_QUERY}, headers={"Accept": ACCEPT})
        status, message = response.status_code, response.text.strip()[:200]
    except httpx.HTTPError as exc:
        message = f"{type(exc).__name__}: {exc}"
    outcome.huge_statuses.append(status)
    outcome.huge_messages.append(message)
    # The window of the huge queries closes when the last one is answered.
    del huge_window[1:]
    huge_window.append(time.monotonic())
    outcome.huge_seconds = huge_window[1] - huge_window[0]


async def drive(base_url: str, workload: list[tuple[str, str]], *, clients: int = 32, seconds: float = 30.0,
                max_requests: int = 1_000_000, huge_after: float | None = None, huge_queries: int = 2,
                request_timeout: float = 120.0, path: str = "/sparql") -> Outcome:
    """Run ``clients`` concurrent clients against ``base_url`` + ``path`` for ``seconds`` (or ``max_requests``).

    With ``huge_after``, ``huge_queries`` extra clients send :data:`HUGE_QUERY` that many seconds in.
    """
    url = base_url.rstrip("/") + path
    outcome = Outcome(clients=clients, seconds=seconds)
    budget = [max_requests]
    huge_window: list[float] = []
    limits = httpx.Limits(max_connections=clients + huge_queries, max_keepalive_connections=clients + huge_queries)
    async with httpx.AsyncClient(timeout=request_timeout, limits=limits) as http:
        started = time.monotonic()
        deadline = started + seconds
        tasks = [_client(n, http, url, workload, deadline, budget, outcome, huge_window) for n in range(clients)]
        if huge_after is not None:
            tasks += [_huge(http, url, huge_after, outcome, huge_window) for _ in range(huge_queries)]
        await asyncio.gather(*tasks)
        outcome.seconds = time.monotonic() - started
    return outcome


def run(info: GeneratedGraph, out: Path, *, clients: int = 32, seconds: float = 30.0, query_timeout: float = 5.0,
        workers: int = 3, max_requests: int = 1_000_000) -> dict[str, object]:
    """Build a store of ``info``'s graph, serve it, put it under load; the summary."""
    from alliancekg.graph.store.bulk import bulk_build

    store = out / f"load-test-store-{info.target}"
    bulk_build(store, [Path(info.path)])
    port = free_port()
    process = start_server(store, port, "--query-timeout", str(query_timeout), "--workers", str(workers),
                           log=out / "load-test-server.log")
    try:
        workload = catalog_workload(info.params)
        outcome = asyncio.run(drive(f"http://127.0.0.1:{port}", workload, clients=clients, seconds=seconds,
                                    max_requests=max_requests, huge_after=min(5.0, seconds / 3),
                                    huge_queries=workers))
    finally:
        stop_process(process, 30)
    summary = outcome.summary()
    summary.update({"triples": info.triples, "query_timeout": query_timeout, "workers": workers,
                    "queries_in_mix": len(workload), "left_out": list(HEAVY)})
    return summary


def table(summary: dict[str, object]) -> report.Table:
    """The load test as a report table."""
    def ms(stats: dict, key: str) -> str:
        value = stats.get(key)
        return "–" if value is None else f"{value:.1f} ms"

    overall, during = summary["all"], summary["during_huge"]
    # Results recorded before there were two huge queries hold one status.
    statuses = summary.get("huge_statuses", [summary.get("huge_status")])
    rows = [
        ["requests (all answered 200?)", f"{summary['requests']:,} ({'yes' if summary['errors'] == 0 else 'NO'})"],
        ["errors", str(summary["errors"])],
        ["throughput", f"{summary['throughput_per_second']:.0f} requests/s"],
        ["latency p50 / p99 / max", f"{ms(overall, 'p50_ms')} / {ms(overall, 'p99_ms')} / {ms(overall, 'max_ms')}"],
        ["huge queries: statuses, last stopped after",
         f"{', '.join(map(str, statuses))}, {report.seconds(summary['huge_seconds'])}"],
        ["others during the huge queries: count, p50 / p99",
         f"{during['count']}, {ms(during, 'p50_ms')} / {ms(during, 'p99_ms')}"],
    ]
    title = (f"Endpoint under load: {summary['clients']} clients for {summary['seconds']:.0f} s on loopback, "
             f"{summary['triples']:,} triples, {summary['workers']} query workers, --query-timeout "
             f"{summary['query_timeout']:g} s")
    notes = [f"Mix: {summary['queries_in_mix']} catalog queries in turn (left out: {', '.join(summary['left_out'])}, "
             "which evaluates every provision). Huge queries: one three-way cross product of all triples "
             "per worker, at once, each stopped at the timeout (504) or, the one that would hold the "
             "last worker, at --long-query-seconds (503)."]
    if summary["error_samples"]:
        notes.append("First errors: " + "; ".join(summary["error_samples"]))
    return report.Table(title, ["", ""], rows, notes)


# -- the endpoint against `oxigraph serve` -------------------------------------------------------------

#: Rows in the large answer whose peak memory is reported.
BIG_ROWS = 50_000
BIG_QUERY = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {BIG_ROWS}"
#: The issue's targets: throughput ≥ 0.9× oxigraph serve, ``ASK {}`` CPU ≤ 2×, each catalog query ≤ 1.5× the CLI's.
THROUGHPUT_VS_OXIGRAPH = 0.9
ASK_CPU_VS_OXIGRAPH = 2.0
ENDPOINT_VS_IN_PROCESS = 1.5


def start_oxigraph(store: Path, port: int, log: Path) -> subprocess.Popen:
    """``oxigraph serve-read-only`` over ``store`` with the union of its graphs as the default graph.

    Started as the tests start it (the CLI installed beside this Python, then polled until it answers).
    """
    binary = Path(sys.executable).parent / "oxigraph"
    with log.open("wb") as handle:
        process = subprocess.Popen([str(binary), "serve-read-only", "--location", str(store), "--union-default-graph",
                                    "--bind", f"127.0.0.1:{port}"], stdout=handle, stderr=subprocess.STDOUT)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/query", 120, process, params={"query": "ASK {}"})
    except (RuntimeError, TimeoutError):
        process.kill()
        process.wait()
        raise
    return process


def _tree(pid: int) -> list[int]:
    """``pid`` and its child processes (the query workers of ``alliancekg serve``)."""
    children: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            children += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except FileNotFoundError:  # a thread that ended meanwhile
            continue
    return [pid, *children]


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` so far (``None`` once it has exited)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mib(pid: int) -> float | None:
    """The high-water mark of ``pid``'s resident memory in MiB (``None`` once it has exited).

    A query worker the server replaced (after a timeout, say) is gone between two readings.
    """
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_of(pids: list[int]) -> dict[int, float]:
    return {pid: seconds for pid in pids if (seconds := _cpu_seconds(pid)) is not None}


def ask_cpu_ms(url: str, pid: int, requests: int = 500) -> float:
    """Server CPU (the process and its workers) per ``ASK {}``, over ``requests`` sent one after another.

    Processes that exit meanwhile are left out of the sum.
    """
    data, headers = {"query": "ASK {}"}, {"Accept": ACCEPT}
    with httpx.Client(timeout=60) as http:
        for _ in range(50):
            http.post(url, data=data, headers=headers)
        before = _cpu_of(_tree(pid))
        for _ in range(requests):
            http.post(url, data=data, headers=headers).raise_for_status()
        after = _cpu_of(list(before))
        return 1000 * sum(after[p] - before[p] for p in after) / requests


def big_answer(url: str, pid: int) -> dict[str, object]:
    """Peak resident memory of the server's processes while it answers :data:`BIG_QUERY` in SPARQL JSON.

    Each process's high-water mark is reset first (``/proc/PID/clear_refs``); the answer is read as a stream.
    A worker that exits meanwhile is left out of ``worker_growth_mib``.
    """
    pids = _tree(pid)
    for each in pids:
        try:
            Path(f"/proc/{each}/clear_refs").write_text("5")
        except (FileNotFoundError, ProcessLookupError):
            continue
    before = [_peak_mib(each) for each in pids]  # the high-water mark starts again at the resident size
    started, size = time.perf_counter(), 0
    with httpx.Client(timeout=120) as http, http.stream("POST", url, data={"query": BIG_QUERY},
                                                         headers={"Accept": ACCEPT}) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            size += len(chunk)
    after = [_peak_mib(each) for each in pids]
    growth = [None if a is None or b is None else a - b for a, b in zip(after, before, strict=True)]
    return {"seconds": time.perf_counter() - started, "bytes": size,
            "peak_mib": after[0], "growth_mib": growth[0],
            "worker_growth_mib": max((g for g in growth[1:] if g is not None), default=None)}


def in_process_ms(store: Path, params: dict[str, str], runs: int = 5) -> dict[str, float]:
    """p50 of each catalog query of the mix run as the CLI runs it (embedded store, bound parameters)."""
    from alliancekg.graph.store import OxigraphStore
    from alliancekg.queries.catalog import load_catalog

    timings: dict[str, float] = {}
    opened = OxigraphStore(store, read_only=True)
    try:
        for name, query in load_catalog().items():
            if name in HEAVY:
                continue
            bindings = query.bindings(catalog_values(query, params))
            samples = []
            for _ in range(runs + 1):
                started = time.perf_counter()
                opened.query(query.text, bindings)
                samples.append(1000 * (time.perf_counter() - started))
            timings[name] = statistics.median(samples[1:])
    finally:
        opened.close()
    return timings


def latency_plan(system: str, path: str, workload: list[tuple[str, str]],
                 params: dict[str, str]) -> dict[str, list[latency.Step]]:
    """What the sequential client sends: ``ASK {}`` (the floor), each query of the mix, and for the project
    each query as the web page runs it.

    Examples
    --------
    >>> plan = latency_plan("project", "/sparql", [("equity-stake", "SELECT ...")], {"owner": "urn:o"})
    >>> list(plan)
    ['floor', 'endpoint:equity-stake', 'page:equity-stake']
    >>> [step.path for step in plan["page:equity-stake"]]
    ['/api/catalog/equity-stake/sparql?owner=urn%3Ao', '/sparql']
    """
    from alliancekg.queries.catalog import load_catalog

    plan = {"floor": latency.endpoint_steps(path, "ASK {}")}
    plan.update({f"endpoint:{name}": latency.endpoint_steps(path, text) for name, text in workload})
    if system == "project":
        catalog = load_catalog()
        plan.update({f"page:{name}": latency.page_steps(name, catalog_values(catalog[name], params))
                     for name, _ in workload})
    return plan


def _measure_server(system: str, store: Path, out: Path, workload: list[tuple[str, str]], clients: tuple[int, ...],
                    seconds: float, workers: int | None, params: dict[str, str],
                    latency_rounds: int) -> dict[str, object]:
    port = free_port()
    log = out / f"endpoint-{system}.log"
    if system == "project":
        options = ["--query-timeout", "30"] + (["--workers", str(workers)] if workers else [])
        process, path = start_server(store, port, *options, log=log), "/sparql"
    else:
        process, path = start_oxigraph(store, port, log), "/query"
    base = f"http://127.0.0.1:{port}"
    try:
        measured: dict[str, object] = {"ask_cpu_ms": ask_cpu_ms(base + path, process.pid)}
        if latency_rounds:
            plan = latency_plan(system, path, workload, params)
            measured["sequential"] = latency.measure_in_process_of_its_own(port, plan, rounds=latency_rounds)
        for count in clients:
            outcome = asyncio.run(drive(base, workload, clients=count, seconds=seconds, path=path))
            summary = outcome.summary()
            per_query = {name: stats["p50_ms"] for name, stats in summary["per_query"].items()}
            measured[f"clients_{count}"] = {"throughput": summary["throughput_per_second"],
                                            "errors": summary["errors"], "p50_ms": summary["all"]["p50_ms"],
                                            "per_query_p50_ms": per_query, "error_samples": outcome.error_samples}
        measured["big_answer"] = big_answer(base + path, process.pid)
    finally:
        stop_process(process, 30)
    return measured


def compare(info: GeneratedGraph, out: Path, *, clients: tuple[int, ...] = (1, 8, 32), seconds: float = 10.0,
            rounds: int = 2, workers: int | None = None, latency_rounds: int = 3) -> dict[str, object]:
    """The endpoint and ``oxigraph serve`` on one store, the same mix, servers run in turn ``rounds`` times.

    In the first round each server also answers every query of the mix ``latency_rounds`` times from one
    sequential keep-alive client (:mod:`benchmarks.latency`), before the concurrent load.
    """
    from alliancekg.graph.store.bulk import bulk_build

    store = out / f"endpoint-store-{info.target}"
    if not store.is_dir():
        bulk_build(store, [Path(info.path)])
    workload = catalog_workload(info.params)
    runs: dict[str, list[dict[str, object]]] = {"project": [], "oxigraph": []}
    for index in range(rounds):
        order = ("project", "oxigraph") if index % 2 == 0 else ("oxigraph", "project")
        for system in order:
            # Sequential latency in the first round only: the rounds are there for throughput.
            runs[system].append(_measure_server(system, store, out, workload, clients, seconds, workers, info.params,
                                                latency_rounds if index == 0 else 0))
    return {"triples": info.triples, "clients": list(clients), "seconds": seconds, "rounds": rounds,
            "workers": workers, "runs": runs, "latency_rounds": latency_rounds,
            "in_process_ms": in_process_ms(store, info.params)}


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def median_over_rounds(summary: dict[str, object], system: str, *keys: str) -> float | None:
    """The median over the rounds of ``system``'s figure at ``keys`` (``None`` when no round has it).

    Examples
    --------
    >>> median_over_rounds({"runs": {"p": [{"a": {"b": 1.0}}, {"a": {"b": 3.0}}, {}]}}, "p", "a", "b")
    2.0
    """
    values = []
    for run_ in summary["runs"][system]:
        value: object = run_
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        values.append(value if isinstance(value, int | float) else None)
    return _median(values)


def comparison_table(summary: dict[str, object]) -> report.Table:
    """The endpoint against ``oxigraph serve``: ratios of medians over the rounds, with the issue's targets."""
    runs = summary["runs"]

    def median_of(system: str, *keys: str) -> float | None:
        return median_over_rounds(summary, system, *keys)

    def verdict(value: float | None, limit: float, at_least: bool) -> str:
        if value is None:
            return "–"
        return "met" if (value >= limit if at_least else value <= limit) else "**missed**"

    rows = []
    for count in summary["clients"]:
        ours, theirs = median_of("project", f"clients_{count}", "throughput"), median_of(
            "oxigraph", f"clients_{count}", "throughput")
        share = report.ratio(ours, theirs)
        errors = sum(r[f"clients_{count}"]["errors"] for system in runs for r in runs[system])
        rows.append([f"catalog mix, {count} client{'s' if count > 1 else ''} (req/s)",
                     f"{ours or 0:.1f}", f"{theirs or 0:.1f}", f"{share:.2f}" if share else "–",
                     f"≥ {THROUGHPUT_VS_OXIGRAPH}: {verdict(share, THROUGHPUT_VS_OXIGRAPH, True)}"
                     + (f" ({errors} errors)" if errors else "")])
    ours, theirs = median_of("project", "ask_cpu_ms"), median_of("oxigraph", "ask_cpu_ms")
    cpu = report.ratio(ours, theirs)
    rows.append(["`ASK {}` server CPU per request (ms)", f"{ours or 0:.2f}", f"{theirs or 0:.2f}",
                 f"{cpu:.1f}" if cpu else "–",
                 f"≤ {ASK_CPU_VS_OXIGRAPH:g}: {verdict(cpu, ASK_CPU_VS_OXIGRAPH, False)}"])
    ours, theirs = median_of("project", "big_answer", "growth_mib"), median_of("oxigraph", "big_answer", "growth_mib")
    worker = median_of("project", "big_answer", "worker_growth_mib")
    rows.append([f"{BIG_ROWS:,}-row JSON answer: peak memory over the resident size before it (MiB)",
                 f"web {ours or 0:.1f}, worker {worker or 0:.1f}", f"{theirs or 0:.1f}", "–", "reported"])
    ours, theirs = median_of("project", "big_answer", "seconds"), median_of("oxigraph", "big_answer", "seconds")
    rows.append([f"{BIG_ROWS:,}-row JSON answer: time", report.seconds(ours), report.seconds(theirs),
                 f"{report.ratio(ours, theirs) or 0:.2f}", "–"])
    for path, label in (("endpoint", "via the endpoint"), ("page", "via the web page")):
        within, slower = within_in_process(summary, path)
        if within or slower:
            rows.append([f"catalog queries {label} within {ENDPOINT_VS_IN_PROCESS:g}× of the CLI's in-process p50",
                         f"{within} of {within + len(slower)}", "–", "–",
                         "met" if not slower else "**missed** (next table)"])
    title = (f"Endpoint against `oxigraph serve-read-only --union-default-graph`, {summary['triples']:,} triples "
             f"(median of {summary['rounds']} interleaved rounds, {summary['seconds']:g} s per client count)")
    samples = sorted({sample.split(" ")[1] + " " + sample.split(":")[0] for system in runs for r in runs[system]
                      for count in summary["clients"] for sample in r[f"clients_{count}"].get("error_samples", [])
                      if " " in sample})
    notes = [f"Same store, same catalog mix ({len(summary['in_process_ms'])} queries, parameters written into the "
             "patterns), servers started in turn on loopback; the load generator shares the machine. "
             f"`alliancekg serve` with {summary['workers'] or 'its default number of'} query workers. CPU: the "
             "server process and its workers, from /proc."]
    if samples:
        notes.append("Errors (status and query, first of each run): " + ", ".join(samples) + ". A 503 is the "
                     "endpoint's --long-query-seconds guard: long queries may hold all workers but one.")
    return report.Table(title, ["", "project", "oxigraph serve", "project / oxigraph", "target"], rows, notes)


class QueryLatency(NamedTuple):
    """One catalog query's p50 in ms: via the endpoint, via the web page's path, via oxigraph serve, in process."""

    endpoint: float | None
    page: float | None
    oxigraph: float | None
    in_process: float | None


def _sequential(summary: dict[str, object], system: str) -> dict[str, dict[str, object]]:
    """The sequential client's medians for ``system`` (first round that has them), or ``{}``."""
    return next((r["sequential"] for r in summary["runs"][system] if r.get("sequential")), {})


def transport_floor(summary: dict[str, object]) -> tuple[float | None, float | None]:
    """``ASK {}`` p50 (ms) on the sequential client: the endpoint's and oxigraph serve's."""
    return tuple(_sequential(summary, system).get("floor", {}).get("p50_ms") for system in ("project", "oxigraph"))


def per_query(summary: dict[str, object]) -> dict[str, QueryLatency]:
    """Each catalog query's :class:`QueryLatency`.

    From the sequential keep-alive client when it ran; results recorded before it have the 1-client run of
    the throughput mix instead (and no web page path).
    """
    runs = summary["runs"]
    ours, theirs = _sequential(summary, "project"), _sequential(summary, "oxigraph")

    def p50(system: str, name: str) -> float | None:
        return _median([r["clients_1"]["per_query_p50_ms"].get(name) for r in runs[system]])

    def sequential(measured: dict, key: str) -> float | None:
        return (measured.get(key) or {}).get("p50_ms")

    if ours and theirs:
        return {name: QueryLatency(sequential(ours, f"endpoint:{name}"), sequential(ours, f"page:{name}"),
                                   sequential(theirs, f"endpoint:{name}"), cli)
                for name, cli in sorted(summary["in_process_ms"].items())}
    return {name: QueryLatency(p50("project", name), None, p50("oxigraph", name), cli)
            for name, cli in sorted(summary["in_process_ms"].items())}


def within_in_process(summary: dict[str, object], path: str) -> tuple[int, list[str]]:
    """How many queries measured on ``path`` (``endpoint`` or ``page``) are within the target of in process,
    and the names of those that are not (a query answered with another status than 200 among them)."""
    measured = {name: getattr(row, path) for name, row in per_query(summary).items()}
    slower = [name for name, value in measured.items() if value is not None
              and (share := report.ratio(value, per_query(summary)[name].in_process)) is not None
              and share > ENDPOINT_VS_IN_PROCESS]
    sequential = _sequential(summary, "project")
    failed = [f"{name} (status {status})" for name in measured
              if (status := (sequential.get(f"{path}:{name}") or {}).get("status")) is not None]
    return sum(value is not None for value in measured.values()) - len(slower), slower + failed


def per_query_table(summary: dict[str, object]) -> report.Table:
    """Each catalog query one at a time: the endpoint, the web page, ``oxigraph serve``, the CLI in process."""
    def ms(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}"

    def times(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    rows = [[name, ms(row.endpoint), ms(row.page), ms(row.oxigraph), ms(row.in_process),
             times(report.ratio(row.endpoint, row.in_process)), times(report.ratio(row.page, row.in_process)),
             times(report.ratio(row.endpoint, row.oxigraph))]
            for name, row in per_query(summary).items()]
    ours, theirs = transport_floor(summary)
    if ours is not None or theirs is not None:
        title = (f"Catalog queries one at a time, {summary['triples']:,} triples: p50 in ms of "
                 f"{summary.get('latency_rounds', '–')} runs after a warm-up, one keep-alive client")
        notes = [f"Transport floor (`ASK {{}}` on the same client): endpoint {ms(ours)} ms, oxigraph serve "
                 f"{ms(theirs)} ms. The client is `http.client` in a process of its own, requests one after another "
                 "(no concurrent load). Web page: `GET /api/catalog/NAME/sparql?PARAMS` for the bound text, then "
                 "`POST /sparql` with it, as the page does; both requests are counted. In process: the query run "
                 "as `alliancekg query` runs it (embedded store, bound parameters), without starting a process."]
    else:
        title = f"Catalog queries via the endpoint, 1 client, {summary['triples']:,} triples: p50 in ms"
        notes = ["From the 1-client run of the throughput mix (recorded before the sequential client existed). "
                 "In process: the query run as `alliancekg query` runs it, without starting a process."]
    return report.Table(title, ["query", "endpoint", "web page", "oxigraph serve", "in process",
                                "endpoint / in process", "web page / in process", "endpoint / oxigraph"], rows, notes)


def comparison_tables(summary: dict[str, object]) -> list[report.Table]:
    """The endpoint against ``oxigraph serve``: the summary and the catalog queries one by one."""
    return [comparison_table(summary), per_query_table(summary)]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.load_test [--size 1e5] [--clients 32] [--seconds 30]``."""
    parser = argparse.ArgumentParser(description="Put alliancekg serve under load on loopback.")
    parser.add_argument("--size", default="1e5")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--query-timeout", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    info = ensure_graph(args.out, parse_size(args.size), args.seed)
    summary = run(info, args.out, clients=args.clients, seconds=args.seconds, query_timeout=args.query_timeout,
                  workers=args.workers)
    print_table(table(summary))
    (args.out / "load-test.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0 if summary["errors"] == 0 and set(summary["huge_statuses"]) <= {503, 504} else 1


if __name__ == "__main__":
    sys.exit(main())
