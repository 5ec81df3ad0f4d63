"""The speed targets of issue 13 as one checklist, built from ``results.json`` alone.

Every row says what the target is, at what size it was measured, the project's figure, the yardstick
measured in the same run, their ratio, and whether the target is met.  :func:`issue_table` is the first
table of ``benchmarks/results.md``; ``python -m benchmarks --report-only`` writes it again from the JSON.
"""

from __future__ import annotations

from benchmarks import cli_process, load_test
from benchmarks.report import Table, ratio, seconds, times

#: Catalog query p50 target (ms); rights at 10^6 after the first answer (ms); one holder (ms).
QUERY_P50_MS = 50.0
RIGHTS_KEPT_MS = 1000.0
HOLDER_MS = 200.0
#: Views ≤ 2× raw pyoxigraph; exports ≤ 2× the view; whole-network answers at 10^7 (s).
VIEW_VS_RAW = 2.0
EXPORT_VS_VIEW = 2.0
WHOLE_NETWORK_SECONDS = 60.0
#: The size the issue sets the catalog, rights, view and export targets at; other sizes are reported only.
TARGET_SIZE = 1_000_000
COLUMNS = ["target", "triples", "project", "yardstick", "ratio", ""]


def judged(ok: bool | None, size: int) -> str:
    """:func:`verdict` at the targets' size; elsewhere the figure is reported, not judged.

    Examples
    --------
    >>> judged(False, 1_000_000), judged(False, 10_000_000), judged(True, 100_000)
    ('**missed**', 'reported (target at 10^6)', 'reported (target at 10^6)')
    """
    return verdict(ok) if size == TARGET_SIZE else "reported (target at 10^6)"


def verdict(ok: bool | None) -> str:
    """``met``, ``**missed**`` or ``–`` (not measured).

    Examples
    --------
    >>> verdict(True), verdict(False), verdict(None)
    ('met', '**missed**', '–')
    """
    return "–" if ok is None else ("met" if ok else "**missed**")


def _ms(value: object) -> str:
    return seconds(value / 1000) if isinstance(value, int | float) else "–"


def _entry(run: dict | None, *keys: str) -> dict:
    value: object = run or {}
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, dict) else {}


def _measured_ms(entry: dict, key: str = "p50_ms") -> tuple[float | None, str]:
    """A timing (ms) and its cell: a timeout counts as its budget, shown as a lower bound."""
    if "timeout" in entry:
        return 1000 * float(entry["timeout"]), f"> {entry['timeout']:.0f} s (stopped)"
    if "error" in entry:
        return None, "error"
    value = entry.get(key)
    return (float(value), _ms(value)) if isinstance(value, int | float) else (None, "–")


def endpoint_rows(summary: dict) -> list[list[str]]:
    """The endpoint's targets at one size, against ``oxigraph serve``."""
    size = f"{summary['triples']:,}"
    rows = []
    for count in summary["clients"]:
        ours = load_test.median_over_rounds(summary, "project", f"clients_{count}", "throughput")
        theirs = load_test.median_over_rounds(summary, "oxigraph", f"clients_{count}", "throughput")
        share = ratio(ours, theirs)
        rows.append([f"endpoint throughput, catalog mix, {count} client{'s' if count > 1 else ''}: "
                     f"≥ {load_test.THROUGHPUT_VS_OXIGRAPH:g}× oxigraph serve", size,
                     f"{ours or 0:.1f} req/s", f"{theirs or 0:.1f} req/s", times(share),
                     verdict(None if share is None else share >= load_test.THROUGHPUT_VS_OXIGRAPH)])
    ours = load_test.median_over_rounds(summary, "project", "ask_cpu_ms")
    theirs = load_test.median_over_rounds(summary, "oxigraph", "ask_cpu_ms")
    share = ratio(ours, theirs)
    rows.append([f"`ASK {{}}` server CPU per request ≤ {load_test.ASK_CPU_VS_OXIGRAPH:g}× oxigraph serve", size,
                 f"{ours or 0:.2f} ms", f"{theirs or 0:.2f} ms", times(share),
                 verdict(None if share is None else share <= load_test.ASK_CPU_VS_OXIGRAPH)])
    web = load_test.median_over_rounds(summary, "project", "big_answer", "growth_mib")
    worker = load_test.median_over_rounds(summary, "project", "big_answer", "worker_growth_mib")
    theirs = load_test.median_over_rounds(summary, "oxigraph", "big_answer", "growth_mib")
    rows.append([f"{load_test.BIG_ROWS:,}-row answer streamed: peak memory over resident (reported)", size,
                 f"web {web or 0:.1f} MiB, worker {worker or 0:.1f} MiB", f"{theirs or 0:.1f} MiB", "–", "reported"])
    floor, their_floor = load_test.transport_floor(summary)
    for path, label in (("endpoint", "via the endpoint"), ("page", "via the web page")):
        within, slower = load_test.within_in_process(summary, path)
        if not within and not slower:
            continue
        measured = f"{within} of {within + len(slower)}" + (f" (over: {', '.join(slower)})" if slower else "")
        if floor is not None:
            measured += f"; transport floor {floor:.1f} ms"
        rows.append([f"each catalog query {label} ≤ {load_test.ENDPOINT_VS_IN_PROCESS:g}× the CLI in process",
                     size, measured, "in process" + (f"; oxigraph serve floor {their_floor:.1f} ms"
                                                     if their_floor is not None else ""), "–", verdict(not slower)])
    return rows


def size_rows(size: int, runs: dict[str, dict]) -> list[list[str]]:
    """The in-process targets at one size: catalog p50, rights, views and exports (judged at 10^6 only)."""
    project, raw = runs.get("project") or {}, runs.get("pyoxigraph") or {}
    label = f"{size:,}"
    rows = []
    catalog = project.get("catalog") or {}
    timed = {name: entry["p50_ms"] for name, entry in catalog.items() if isinstance(entry, dict) and "p50_ms" in entry}
    over = [name for name, value in timed.items() if value > QUERY_P50_MS]
    over += [name for name, entry in catalog.items() if isinstance(entry, dict) and "timeout" in entry]
    if catalog:
        rows.append([f"catalog query p50 ≤ {QUERY_P50_MS:g} ms (source-conflicts and rights-at included)", label,
                     f"{len(catalog) - len(over)} of {len(catalog)}" + (f" (over: {', '.join(over)})" if over else ""),
                     "–", "–", judged(not over, size)])
    rights = _entry(project, "rights")
    if rights:
        kept, kept_cell = _measured_ms(rights)
        rows.append([f"rights in force, every provision, after the first answer ≤ {_ms(RIGHTS_KEPT_MS)}", label,
                     f"{kept_cell} (first: {_ms(rights.get('first_ms'))})", "–", "–",
                     judged(None if kept is None or "timeout" in rights else kept <= RIGHTS_KEPT_MS, size)])
        holder = rights.get("holder_ms")
        rows.append([f"rights for one holder, nothing kept (as a server worker) ≤ {_ms(HOLDER_MS)}", label,
                     _ms(holder), "–", "–", judged(None if holder is None else holder <= HOLDER_MS, size)])
    view_pr, view_cell = _measured_ms(_entry(project, "projection"))
    raw_pr, raw_cell = _measured_ms(_entry(raw, "projection"))
    if view_pr is not None or raw_pr is not None:
        share = ratio(view_pr, raw_pr)
        rows.append([f"alliance view + PageRank ≤ {VIEW_VS_RAW:g}× raw pyoxigraph (same view queries)", label,
                     view_cell, raw_cell, times(share), judged(None if share is None else share <= VIEW_VS_RAW, size)])
    graphml, graphml_cell = _measured_ms(_entry(project, "exports", "graphml"))
    view = _entry(project, "projection").get("view_ms")
    if graphml is not None:
        share = ratio(graphml, view)
        rows.append([f"GraphML export of the alliance view ≤ {EXPORT_VS_VIEW:g}× building the view", label,
                     graphml_cell, f"view {_ms(view)}", times(share),
                     judged(None if share is None else share <= EXPORT_VS_VIEW, size)])
    return rows


def whole_network_rows(size: int, runs: dict[str, dict]) -> list[list[str]]:
    """Each whole-network answer at ``size`` against the 60 s of the target at 10^7 (raw pyoxigraph beside it)."""
    project, raw = runs.get("project") or {}, runs.get("pyoxigraph") or {}
    label = f"{size:,}" + ("" if size >= 10_000_000 else " (target at 10,000,000)")
    rows = []
    for name, keys, key in (("rights in force, every provision (first answer)", ("rights",), "first_ms"),
                            ("alliance view + PageRank", ("projection",), "p50_ms"),
                            ("GraphML export of the alliance view", ("exports", "graphml"), "p50_ms"),
                            ("N-Triples export of all data", ("exports", "ntriples"), "p50_ms")):
        entry = _entry(project, *keys)
        if not entry:
            continue
        value, cell = _measured_ms(entry, key)
        _, raw_cell = _measured_ms(_entry(raw, *keys), key)
        rows.append([f"{name} ≤ {WHOLE_NETWORK_SECONDS:g} s, run to the end", label, cell, f"raw {raw_cell}", "–",
                     verdict(None if value is None else ("timeout" not in entry
                                                         and value <= 1000 * WHOLE_NETWORK_SECONDS))])
    return rows


def cli_rows(cli: dict) -> list[list[str]]:
    """``alliancekg query NAME`` whole processes on the bundled graph against a bare pyoxigraph process."""
    rows = []
    for name, measured in cli["queries"].items():
        ours, bare = measured["cli"]["median_s"], measured["bare"]["median_s"]
        failed = measured["cli"].get("status") or measured["bare"].get("status")
        rows.append([f"`alliancekg query {name}`, whole process ≤ {cli_process.CLI_SECONDS:g} s (median of "
                     f"{cli['runs']})", cli["store"], seconds(ours), f"bare pyoxigraph process {seconds(bare)}",
                     times(ratio(ours, bare)),
                     "error" if failed else verdict(ours <= cli_process.CLI_SECONDS)])
    return rows


def issue_table(results: dict) -> Table:
    """Every target of issue 13 measured in this run, in the issue's order: endpoint, views, rights, CLI, catalog."""
    rows: list[list[str]] = []
    for summary in (results.get("endpoint") or {}).values():
        rows += endpoint_rows(summary)
    sizes = {int(size): measured["runs"] for size, measured in (results.get("sizes") or {}).items()}
    for size, runs in sizes.items():
        rows += size_rows(size, runs)
    if sizes:
        largest = max(sizes)
        rows += whole_network_rows(largest, sizes[largest])
    if results.get("cli"):
        rows += cli_rows(results["cli"])
    notes = ["Ratios are project / yardstick from the same run; the issue's sizes are 10^6 for the endpoint's "
             "per-query, catalog, rights and view targets and 10^7 for whole-network answers. Details in the tables "
             "below."]
    return Table("Issue 13 targets", COLUMNS, rows, notes)


def cli_table(cli: dict) -> Table:
    """The whole-process CLI timings alone (printed on the console while the benchmark runs)."""
    return Table("`alliancekg query` whole process on the bundled graph", COLUMNS, cli_rows(cli))


__all__ = ["cli_rows", "cli_table", "endpoint_rows", "issue_table", "judged", "size_rows", "verdict",
           "whole_network_rows"]
