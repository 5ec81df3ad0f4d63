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
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from alliancekg.devtools.processes import free_port, start_server, stop_process
from benchmarks import report
from benchmarks.generator import GeneratedGraph
from benchmarks.graphs import ensure_graph, parse_size, print_table
from benchmarks.operations import percentile

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
        values = {p.name: params[p.name] for p in query.parameters if p.name in params}
        terms = {k: to_oxigraph(v) for k, v in query.bindings(values).items()}
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
                request_timeout: float = 120.0) -> Outcome:
    """Run ``clients`` concurrent clients against ``base_url``/sparql for ``seconds`` (or ``max_requests``).

    With ``huge_after``, ``huge_queries`` extra clients send :data:`HUGE_QUERY` that many seconds in.
    """
    url = base_url.rstrip("/") + "/sparql"
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
