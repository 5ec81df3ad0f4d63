"""The measured operations, each a small function of a loaded :class:`~benchmarks.systems.System`.

Every function returns a JSON-ready dict (seconds, counts, latencies).  Timings use
``time.perf_counter``; an operation that runs past its budget is stopped by ``SIGALRM``
(rdflib is pure Python, so the alarm interrupts it; pyoxigraph is interrupted between rows)
and reported as a timeout with the budget as a lower bound.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import signal
import statistics
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.generator import GeneratedGraph
from benchmarks.memory import PeakMemory
from benchmarks.systems import System

if TYPE_CHECKING:
    from alliancekg.queries.catalog import CatalogQuery


class OperationTimeout(Exception):
    """An operation ran past its time budget."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`OperationTimeout` in this (main) thread after ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise OperationTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile of ``values`` (nearest rank).

    Examples
    --------
    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.99)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


def timed(action: Callable[[], object], budget: float) -> tuple[float | None, object]:
    """Run ``action`` once within ``budget`` seconds: (seconds or None on timeout, its value)."""
    started = time.perf_counter()
    try:
        with time_limit(budget):
            value = action()
    except OperationTimeout:
        return None, None
    return time.perf_counter() - started, value


def repeat(action: Callable[[], object], *, budget: float, max_runs: int, min_runs: int = 3,
           first_budget: float = 120.0, once_over: float | None = None) -> dict[str, object]:
    """Time ``action``: one warm-up run, then runs until ``max_runs`` or ``budget`` seconds.

    Returns p50/p99/min in milliseconds, the number of timed runs and the action's last value,
    or ``timeout`` when the warm-up run alone exceeds ``first_budget``.  With ``once_over``, a warm-up
    run longer than that many seconds is the only run (``runs`` 0: its time is every figure).

    Examples
    --------
    >>> measured = repeat(lambda: time.sleep(0.02), budget=1, max_runs=3, once_over=0.01)
    >>> measured["runs"], measured["p50_ms"] == measured["first_ms"]
    (0, True)
    """
    warm, value = timed(action, first_budget)
    if warm is None:
        return {"timeout": first_budget}
    first_ms = 1000 * warm
    if once_over is not None and warm > once_over:
        return {"p50_ms": first_ms, "p99_ms": first_ms, "min_ms": first_ms, "runs": 0, "first_ms": first_ms,
                "value": value}
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < max_runs and (len(samples) < min_runs or time.perf_counter() < deadline):
        seconds, value = timed(action, max(first_budget, budget))
        if seconds is None:
            break
        samples.append(seconds)
    if not samples:
        samples = [warm]
    return {"p50_ms": 1000 * statistics.median(samples), "p99_ms": 1000 * percentile(samples, 0.99),
            "min_ms": 1000 * min(samples), "runs": len(samples), "first_ms": first_ms, "value": value}


# -- operations -------------------------------------------------------------------------------------

def load(system: System, data: Path, workdir: Path, *, runs: int = 1) -> dict[str, object]:
    """Load ``data`` (best of ``runs`` fresh loads); quads per second and peak memory of the load."""
    best = None
    memory = PeakMemory()
    for run in range(runs):
        if run:
            system.close()
            for child in sorted(workdir.glob("*-store*")):
                shutil.rmtree(child, ignore_errors=True)
        memory.reset()
        started = time.perf_counter()
        system.load(data, workdir)
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    finishing = system.finish_load()
    quads = system.count()
    return {"seconds": best, "quads": quads, "quads_per_second": quads / best if best else None,
            "peak_rss_mb": memory.peak_mb(), "runs": runs, "compaction_seconds": finishing}


def catalog_queries(system: System, info: GeneratedGraph, *, budget: float, max_runs: int,
                    first_budget: float, names: list[str] | None = None) -> dict[str, object]:
    """Latency of every catalog query, parameters taken from the generated graph's samples.

    A query whose first run takes longer than ``budget`` is run that once (``rights-at`` over every
    provision at 10^7: a minute a run).
    """
    from alliancekg.queries.catalog import load_catalog

    results: dict[str, object] = {}
    for name, query in load_catalog().items():
        if names and name not in names:
            continue
        values = catalog_values(query, info.params)
        bindings = query.bindings(values)
        try:
            measured = repeat(lambda q=query, b=bindings: system.query(q.text, b), budget=budget,
                              max_runs=max_runs, first_budget=first_budget, once_over=budget)
        except Exception as exc:  # a system that cannot run the query (rdflib engine errors)
            measured = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
        measured["rows"] = measured.pop("value", None)
        results[catalog_label(name, values)] = measured
    return results


def catalog_values(query: CatalogQuery, params: Mapping[str, str]) -> dict[str, str]:
    """The values of the generated graph's samples ``params`` for the parameters ``query`` declares.

    Every declared parameter with a sample is bound (``holder`` among them: a query declaring it, such as
    ``rights-at`` with a holder parameter, answers for the sample holder alone); the others keep their
    defaults.

    Examples
    --------
    >>> from alliancekg.queries.catalog import load_catalog
    >>> catalog_values(load_catalog()["equity-stake"], {"owner": "urn:o", "issuer": "urn:i", "holder": "urn:h"})
    {'owner': 'urn:o', 'issuer': 'urn:i'}
    """
    return {p.name: params[p.name] for p in query.parameters if p.name in params}


#: Queries that answer for the whole network unless a ``holder`` parameter narrows them to one holder.
NARROWED_BY_HOLDER = ("rights-at",)


def catalog_label(name: str, values: Mapping[str, str]) -> str:
    """How a catalog query's row is labelled: ``rights-at (one holder)`` when bound to one holder.

    Queries that are about one holder anyway (``freedoms``, ``agi-exposure``) keep their name.

    Examples
    --------
    >>> catalog_label("rights-at", {"holder": "urn:h"}), catalog_label("rights-at", {})
    ('rights-at (one holder)', 'rights-at')
    >>> catalog_label("freedoms", {"holder": "urn:h"})
    'freedoms'
    """
    return f"{name} (one holder)" if name in NARROWED_BY_HOLDER and "holder" in values else name


def rights_query_texts() -> list[str]:
    """Every query the rights engine runs for the whole network (what raw pyoxigraph runs in its place)."""
    from alliancekg.graph.rights import fetching
    from alliancekg.graph.rights.evaluation import VERIFIES_QUERY

    texts = [fetching.PROVISION_TYPES_QUERY, fetching.KIND_CLASSES_QUERY, fetching.SUBCLASS_QUERY,
             fetching.AGREEMENT_DATES_QUERY, fetching.OWN_STARTS_QUERY, fetching.HOLDERS_QUERY,
             fetching.COUNTERPARTIES_QUERY, fetching.ALL_CONDITIONS_QUERY, fetching.END_CONDITIONS_QUERY,
             fetching.START_CONDITIONS_QUERY, *(text for _, text in fetching.SUPERSESSION_QUERIES),
             fetching.REPLACING_QUERY, fetching.QUALIFICATIONS_QUERY]
    return [fetching.scoped(text, None) for text in texts] + [VERIFIES_QUERY]


def rights(system: System, info: GeneratedGraph, *, budget: float, first_budget: float) -> dict[str, object]:
    """Rights in force at the sample date under the generated scenario, for every provision.

    The project and rdflib run :func:`alliancekg.graph.rights.evaluation.rights_at` (the engine's
    queries and the Python evaluator); raw pyoxigraph runs the same queries and only consumes the
    rows.  On the project's store the first answer reads the store (``first_ms``) and later ones
    reuse what it read until the store's version changes (``p50_ms``); ``holder_ms`` is one holder's
    answer on a view of the same handle that keeps nothing, as a server worker sees it.
    """
    import copy

    from alliancekg.graph.rights import evaluation as rights_module
    from alliancekg.graph.rights.scenarios import ScenarioEvent
    from alliancekg.ontology.namespaces import AKG

    at = dt.date.fromisoformat(info.params.get("at", "2026-06-01"))
    events = [ScenarioEvent(dt.date(2027, 3, 1), AKG.AGIDeclared), ScenarioEvent(dt.date(2028, 6, 30), AKG.AGIVerified)]
    store = system.knowledge_store()
    if store is not None:
        def action() -> int:
            return len(rights_module.rights_at(store, at, events))
    else:
        texts = rights_query_texts()

        def action() -> int:
            return sum(system.raw_query(text) for text in texts)
    memory = PeakMemory()
    # The project's later answers reuse what the first read, so they are timed however long the first took.
    measured = repeat(action, budget=budget, max_runs=5, min_runs=1, first_budget=first_budget,
                      once_over=None if store is not None else budget)
    measured["rows"] = measured.pop("value", None)
    measured["peak_rss_mb"] = memory.peak_mb()
    holder = info.params.get("holder")
    if store is not None and holder and getattr(store, "path", None) is not None:
        uncached = copy.copy(store)
        uncached.path = None  # the same handle, nothing kept between answers

        def one_holder() -> int:
            return len(rights_module.rights_at(uncached, at, events, holder=holder))
        for_holder = repeat(one_holder, budget=budget, max_runs=10, min_runs=3, first_budget=first_budget,
                            once_over=budget)
        measured["holder_ms"] = for_holder.get("p50_ms")
        measured["holder_rows"] = for_holder.get("value")
    return measured


PARTIES_QUERY = "SELECT ?agreement ?party WHERE { ?agreement a akg:Agreement ; akg:party ?party }"


#: The view queries the ``alliance`` view runs (``graph/network/views/*.rq``).
ALLIANCE_VIEW_QUERIES = ("labels", "provision-agreements", "agreements", "agreement-links", "agreement-graphs",
                         "flows", "capacities", "organizations", "supersessions", "agreement-sources")


def projection(system: System, *, budget: float, first_budget: float) -> dict[str, object]:
    """The ``alliance`` view as a NetworkX graph, then PageRank over it (weighted by agreements).

    Raw pyoxigraph runs the same view queries, consuming their rows, and builds the organization
    graph from one query of agreement parties.  ``view_ms`` is the project's view alone.
    """
    import networkx as nx

    store = system.knowledge_store()
    if store is not None:
        from alliancekg.graph.network.views import build_view
        from alliancekg.graph.network.views.common import weighted

        def action() -> int:
            graph = weighted(build_view(store, "alliance"))
            ranks = nx.pagerank(graph, weight="weight")
            return len(ranks)
    else:
        from alliancekg.graph.network.views.rows import query_text

        texts = [query_text(name) for name in ALLIANCE_VIEW_QUERIES]

        def action() -> int:
            for text in texts:
                system.raw_query(text)
            graph = system.parties_graph(PARTIES_QUERY)
            return len(nx.pagerank(graph, weight="weight"))
    memory = PeakMemory()
    measured = repeat(action, budget=budget, max_runs=5, min_runs=1, first_budget=first_budget, once_over=budget)
    measured["nodes"] = measured.pop("value", None)
    measured["peak_rss_mb"] = memory.peak_mb()
    if store is not None:
        view = repeat(lambda: build_view(store, "alliance").number_of_edges(), budget=budget, max_runs=5, min_runs=1,
                      first_budget=first_budget, once_over=budget)
        measured["view_ms"] = view.get("p50_ms")
    return measured


def exports(system: System, *, budget: float, first_budget: float) -> dict[str, object]:
    """Exports: the ``alliance`` view as GraphML, and every triple of the data graphs as N-Triples."""
    store = system.knowledge_store()
    results: dict[str, object] = {}
    memory = PeakMemory()
    if store is not None:
        from alliancekg.graph.network.exports import export_bytes

        actions = {"graphml": lambda: len(export_bytes(store, "alliance", "graphml")[0]),
                   "ntriples": lambda: len(export_bytes(store, "all", "ntriples")[0])}
    else:
        actions = {"graphml": lambda: system.parties_graphml(PARTIES_QUERY), "ntriples": system.serialize_all}
    for name, action in actions.items():
        measured = repeat(action, budget=budget, max_runs=3, min_runs=1, first_budget=first_budget, once_over=budget)
        measured["bytes"] = measured.pop("value", None)
        results[name] = measured
    results["peak_rss_mb"] = memory.peak_mb()
    return results


__all__ = ["ALLIANCE_VIEW_QUERIES", "OperationTimeout", "catalog_label", "catalog_queries", "catalog_values",
           "exports", "load", "percentile", "projection", "repeat", "rights", "rights_query_texts", "time_limit",
           "timed"]
