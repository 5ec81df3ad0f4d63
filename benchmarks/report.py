"""Ratios between the systems, printed as rich tables and written as ``benchmarks/results.md``.

Ratios are ``rdflib / project`` (how many times faster the project is than rdflib) and
``project / pyoxigraph`` (how much slower the project is than raw pyoxigraph; 1.0 is parity,
below 1 faster), always from the same run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: The targets of issue 7 at 10^6 triples on 2 cores.
LOAD_VS_RDFLIB = 8.0
LOAD_VS_RAW = 1.25
QUERIES_VS_RDFLIB = 15.0
QUERY_P50_MS = 50.0
PROJECTION_SECONDS = 10.0


@dataclass
class Table:
    """A titled table of strings (rendered with rich on the console and as Markdown in the file)."""

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """The table as GitHub Markdown."""
        lines = [f"#### {self.title}", "", "| " + " | ".join(self.columns) + " |",
                 "|" + "|".join("---:" if i else "---" for i in range(len(self.columns))) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in self.rows]
        lines += [""] + [f"{note}" for note in self.notes] + ([""] if self.notes else [])
        return "\n".join(lines)


def seconds(value: object) -> str:
    """A duration for a table cell.

    Examples
    --------
    >>> seconds(0.01234), seconds(12.3), seconds(None)
    ('12.3 ms', '12.3 s', '–')
    """
    if not isinstance(value, int | float):
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.1f} s"


def ratio(numerator: object, denominator: object) -> float | None:
    """``numerator / denominator`` when both are positive numbers."""
    numbers = isinstance(numerator, int | float) and isinstance(denominator, int | float)
    if numbers and numerator > 0 and denominator > 0:
        return numerator / denominator
    return None


def times(value: float | None, *, lower_bound: bool = False) -> str:
    """A ratio for a table cell (``≥`` when the numerator was a timeout)."""
    if value is None:
        return "–"
    return f"{'≥ ' if lower_bound else ''}{value:.1f}×" if value >= 10 else f"{'≥ ' if lower_bound else ''}{value:.2f}×"


def geometric_mean(values: Iterable[float]) -> float | None:
    """The geometric mean of positive values (``None`` for none).

    Examples
    --------
    >>> round(geometric_mean([1, 100]), 3)
    10.0
    """
    items = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in items) / len(items)) if items else None


def _get(results: dict, *keys: str) -> object:
    value: object = results
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _query_ms(results: dict | None, name: str) -> tuple[float | None, bool, str]:
    """p50 in ms of a catalog query, whether it timed out (the budget then), and a cell text."""
    entry = _get(results or {}, "catalog", name)
    if not isinstance(entry, dict):
        return None, False, "–"
    if "timeout" in entry:
        return 1000 * float(entry["timeout"]), True, f"> {entry['timeout']:.0f} s"
    if "error" in entry:
        return None, False, "error"
    return float(entry["p50_ms"]), False, f"{entry['p50_ms']:.1f} / {entry['p99_ms']:.1f}"


def load_table(size: int, runs: dict[str, dict]) -> Table:
    """Load times, throughput, memory and ratios at one size."""
    project, raw, rdf = (runs.get(n, {}) for n in ("project", "pyoxigraph", "rdflib"))
    table = Table(f"Load, {size:,} triples", ["system", "time", "quads/s", "peak memory"])
    for name, result in (("project (bulk_build)", project), ("pyoxigraph bulk_load", raw), ("rdflib Dataset", rdf)):
        load = result.get("load", {}) if result else {}
        if not load:
            continue
        rate = load.get("quads_per_second")
        table.rows.append([name, seconds(load.get("seconds")), f"{rate:,.0f}" if rate else "–",
                           f"{load.get('peak_rss_mb', '–')} MiB"])
    p, r, d = (_get(x or {}, "load", "seconds") for x in (project, raw, rdf))
    table.notes.append(f"rdflib / project: **{times(ratio(d, p))}** (target ≥ {LOAD_VS_RDFLIB:g}×); "
                       f"project / pyoxigraph: **{times(ratio(p, r))}** (target ≤ {LOAD_VS_RAW:g}×).")
    compaction = _get(project or {}, "load", "compaction_seconds")
    if compaction is not None and p is not None:
        table.notes.append(
            f"The project then compacts the store ({seconds(compaction)} more; `bulk_build` does it by default "
            "so that a store opened read-only, as `alliancekg serve` opens it, answers at full speed): "
            f"rdflib / project with compaction: {times(ratio(d, p + compaction))}.")
    return table


def catalog_table(size: int, runs: dict[str, dict]) -> tuple[Table, dict[str, object]]:
    """p50 / p99 latency of every catalog query per system, with ratios; and a summary."""
    project, raw, rdf = (runs.get(n) for n in ("project", "pyoxigraph", "rdflib"))
    names = sorted({*(_get(project or {}, "catalog") or {}), *(_get(rdf or {}, "catalog") or {})})
    table = Table(f"Catalog queries, {size:,} triples: p50 / p99 in ms",
                  ["query", "rows", "project", "pyoxigraph", "rdflib", "rdflib / project", "project / pyoxigraph"])
    speedups, overheads, fast, slow_names, behind = [], [], 0, [], []
    for name in names:
        p50, _, p_cell = _query_ms(project, name)
        r50, _, r_cell = _query_ms(raw, name)
        d50, d_timeout, d_cell = _query_ms(rdf, name)
        speedup = ratio(d50, p50)
        overhead = ratio(p50, r50)
        if speedup:
            speedups.append(speedup)
        if overhead:
            overheads.append(overhead)
        fast += bool(p50 is not None and p50 <= QUERY_P50_MS)
        if p50 is not None and p50 > QUERY_P50_MS:
            slow_names.append(name)
        if speedup is not None and speedup < QUERIES_VS_RDFLIB:
            behind.append(f"{name} {times(speedup)}")
        rows = _get(project or {}, "catalog", name, "rows")
        table.rows.append([name, str(rows) if rows is not None else "–", p_cell, r_cell, d_cell,
                           times(speedup, lower_bound=d_timeout), times(overhead)])
    summary = {"queries": len(names), "p50_within_target": fast, "geomean_vs_rdflib": geometric_mean(speedups),
               "geomean_vs_raw": geometric_mean(overheads), "min_vs_rdflib": min(speedups) if speedups else None,
               "compared_with_rdflib": len(speedups), "below_target_vs_rdflib": behind, "over_p50": slow_names}
    table.notes.append(
        f"{fast} of {len(names)} queries have p50 ≤ {QUERY_P50_MS:g} ms on the project's store; "
        f"geometric mean rdflib / project: **{times(summary['geomean_vs_rdflib'])}** "
        f"(target ≥ {QUERIES_VS_RDFLIB:g}×), "
        f"lowest {times(summary['min_vs_rdflib'])}; project / pyoxigraph: {times(summary['geomean_vs_raw'])}.")
    return table, summary


def operation_table(size: int, runs: dict[str, dict]) -> Table:
    """Rights in force, projection + PageRank and exports per system."""
    table = Table(f"Rights, projection and exports, {size:,} triples (median of timed runs; peak memory)",
                  ["operation", "project", "pyoxigraph (raw SPARQL)", "rdflib", "rdflib / project"])

    def cell(result: dict | None, *keys: str) -> tuple[float | None, str]:
        entry = _get(result or {}, *keys)
        if not isinstance(entry, dict):
            return None, "–"
        if "timeout" in entry:
            return float(entry["timeout"]), f"> {entry['timeout']:.0f} s"
        if "error" in entry:
            return None, "error"
        value = entry["p50_ms"] / 1000
        memory = _get(result or {}, *keys[:1], "peak_rss_mb")
        return value, seconds(value) + (f" ({memory} MiB)" if memory and len(keys) == 1 else "")

    for label, keys in (("rights in force (every provision)", ("rights",)),
                        ("alliance view + PageRank", ("projection",)),
                        ("export alliance view as GraphML", ("exports", "graphml")),
                        ("export all data as N-Triples", ("exports", "ntriples"))):
        values = [cell(runs.get(n), *keys) for n in ("project", "pyoxigraph", "rdflib")]
        speedup = ratio(values[2][0], values[0][0])
        timed_out = "timeout" in (_get(runs.get("rdflib") or {}, *keys) or {})
        table.rows.append([label, values[0][1], values[1][1], values[2][1], times(speedup, lower_bound=timed_out)])
    return table


def targets_table(size: int, runs: dict[str, dict], summary: dict[str, object]) -> Table:
    """The issue's targets at this size: measured value and whether it is met."""
    project, raw, rdf = (runs.get(n) or {} for n in ("project", "pyoxigraph", "rdflib"))
    p, r, d = (_get(x, "load", "seconds") for x in (project, raw, rdf))
    projection = _get(project, "projection", "p50_ms")
    rows = []

    def verdict(ok: bool | None) -> str:
        return "–" if ok is None else ("met" if ok else "**missed**")

    load_vs_rdflib, load_vs_raw = ratio(d, p), ratio(p, r)
    rows.append([f"load ≥ {LOAD_VS_RDFLIB:g}× rdflib", times(load_vs_rdflib),
                 verdict(None if load_vs_rdflib is None else load_vs_rdflib >= LOAD_VS_RDFLIB)])
    rows.append([f"load within {LOAD_VS_RAW:g}× of pyoxigraph bulk load", times(load_vs_raw),
                 verdict(None if load_vs_raw is None else load_vs_raw <= LOAD_VS_RAW)])
    compaction = _get(project, "load", "compaction_seconds")
    if compaction is not None and p is not None and d is not None:
        with_compaction = ratio(d, p + compaction)
        rows.append([f"load ≥ {LOAD_VS_RDFLIB:g}× rdflib, counting the compaction before serving",
                     times(with_compaction), verdict(with_compaction >= LOAD_VS_RDFLIB)])
    geo = summary.get("geomean_vs_rdflib")
    rows.append([f"catalog queries ≥ {QUERIES_VS_RDFLIB:g}× rdflib: geometric mean", times(geo),
                 verdict(None if geo is None else geo >= QUERIES_VS_RDFLIB)])
    behind, compared = summary.get("below_target_vs_rdflib"), summary.get("compared_with_rdflib")
    if behind is not None and compared:
        rows.append([f"catalog queries ≥ {QUERIES_VS_RDFLIB:g}× rdflib: each query rdflib can run",
                     f"{compared - len(behind)} of {compared}" + (f" (below: {', '.join(behind)})" if behind else ""),
                     verdict(not behind)])
    over = summary.get("over_p50")
    rows.append([f"catalog query p50 ≤ {QUERY_P50_MS:g} ms", f"{summary['p50_within_target']} of {summary['queries']}"
                 + (f" (over: {', '.join(over)})" if over else ""),
                 verdict(summary["p50_within_target"] == summary["queries"])])
    rows.append([f"projection + PageRank ≤ {PROJECTION_SECONDS:g} s",
                 seconds(projection / 1000 if projection else None),
                 verdict(None if projection is None else projection / 1000 <= PROJECTION_SECONDS)])
    return Table(f"Targets at {size:,} triples", ["target", "measured", ""], rows)


def in_process_table(size: int, runs: dict[str, dict]) -> Table:
    """Rights, views and exports against their yardsticks measured in the same run."""
    project, raw = runs.get("project") or {}, runs.get("pyoxigraph") or {}
    rights_first, rights_kept = _get(project, "rights", "first_ms"), _get(project, "rights", "p50_ms")
    holder = _get(project, "rights", "holder_ms")
    view_pr, raw_pr = _get(project, "projection", "p50_ms"), _get(raw, "projection", "p50_ms")
    view, graphml = _get(project, "projection", "view_ms"), _get(project, "exports", "graphml", "p50_ms")
    rows = []

    def verdict(ok: bool | None) -> str:
        return "–" if ok is None else ("met" if ok else "**missed**")

    def ms(value: object) -> str:
        return seconds(value / 1000) if isinstance(value, int | float) else "–"

    rows.append(["rights in force, every provision, after the first answer ≤ 1 s",
                 f"{ms(rights_kept)} (first answer: {ms(rights_first)})",
                 verdict(None if rights_kept is None else rights_kept <= 1000)])
    rows.append(["rights for one holder, nothing kept (as a server worker) ≤ 200 ms", ms(holder),
                 verdict(None if holder is None else holder <= 200)])
    view_ratio = ratio(view_pr, raw_pr)
    rows.append(["alliance view + PageRank ≤ 2× raw pyoxigraph running the same view queries",
                 f"{ms(view_pr)} / {ms(raw_pr)} = {times(view_ratio)}",
                 verdict(None if view_ratio is None else view_ratio <= 2)])
    export_ratio = ratio(graphml, view)
    rows.append(["GraphML export of the alliance view ≤ 2× building the view",
                 f"{ms(graphml)} / {ms(view)} = {times(export_ratio)}",
                 verdict(None if export_ratio is None else export_ratio <= 2)])
    return Table(f"Rights, views and exports against their yardsticks, {size:,} triples", ["target", "measured", ""],
                 rows)


def size_tables(size: int, runs: dict[str, dict]) -> list[Table]:
    """The tables of one size: targets, load, catalog queries, other operations, their yardsticks."""
    catalog, summary = catalog_table(size, runs)
    return [targets_table(size, runs, summary), load_table(size, runs), catalog, operation_table(size, runs),
            in_process_table(size, runs)]


def machine_table(machine: dict[str, object], load: Sequence[object]) -> Table:
    """The machine and library versions."""
    libraries = ", ".join(f"{k} {v}" for k, v in dict(machine["libraries"]).items())
    rows = [["CPU", f"{machine['cpu']} ({machine['cpus']} CPUs, {machine['usable_cpus']} usable)"],
            ["memory", f"{machine['memory_gib']} GiB"], ["OS", str(machine["os"])], ["Python", str(machine["python"])],
            ["libraries", libraries],
            ["load average (1/5/15 min) before / after", " / ".join(
                "–" if x is None else ", ".join(f"{v:.2f}" for v in x) for x in load)]]
    return Table("Machine", ["", ""], rows)


__all__ = ["Table", "catalog_table", "geometric_mean", "load_table", "machine_table", "operation_table", "ratio",
           "seconds", "targets_table", "times"]
