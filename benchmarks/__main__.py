"""``python -m benchmarks`` (``make bench``): generate graphs, measure the three systems, write the results.

Sizes come from ``--sizes`` or ``$BENCH_SIZES`` (default ``1e5,1e6``).  The SPARQL endpoint is compared
with ``oxigraph serve`` at ``--endpoint-sizes`` (default ``1e5,1e6``); ``--endpoint-only`` measures only that
and replaces the endpoint tables of the results file, leaving the others as they are.  rdflib is measured up to
``--rdflib-max`` triples (default 10^6: at 10^7 it needs tens of GiB and hours), the Oxigraph
paths at every size.  Generated files and stores go to ``benchmarks/out/`` (git-ignored); the
report goes to ``benchmarks/results.md`` and the raw numbers to ``benchmarks/out/results.json``.
The report opens with issue 13's targets (:mod:`benchmarks.targets`), among them ``alliancekg query``
as a whole process on the bundled graph (:mod:`benchmarks.cli_process`, ``--cli-runs``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import causes, cli_process, load_test, machine, report, targets
from benchmarks.generator import GeneratedGraph
from benchmarks.graphs import console, ensure_graph, parse_size, print_table
from benchmarks.keep import kept_results, provenance

HERE = Path(__file__).resolve().parent
SYSTEM_ORDER = ("project", "pyoxigraph", "rdflib")


def run_system(name: str, info: GeneratedGraph, out: Path, args: argparse.Namespace) -> dict:
    """Run :mod:`benchmarks.runner` for one system in a fresh process; its results (or the error)."""
    size = info.target
    workdir = out / f"work-{size}-{name}"
    shutil.rmtree(workdir, ignore_errors=True)
    result_file = out / f"result-{size}-{name}.json"
    result_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.runner", "--system", name, "--data", info.path,
               "--info", str(Path(info.path).with_suffix(".json")), "--workdir", str(workdir), "--out",
               str(result_file), "--query-budget", str(args.query_budget), "--max-runs", str(args.max_runs),
               "--first-budget", str(args.first_budget), "--heavy-budget", str(args.heavy_budget),
               # rdflib is a yardstick for issue 7 only: its whole-network runs keep the ordinary limit.
               "--whole-budget", str(args.first_budget if name == "rdflib" else args.whole_budget),
               "--load-runs", str(args.load_runs if size < parse_size(args.single_load_from) else 1)]
    if args.skip:
        command += ["--skip", args.skip]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])}
    try:
        completed = subprocess.run(command, env=env, timeout=args.system_timeout, check=False)
        status = completed.returncode
    except subprocess.TimeoutExpired:
        status = "timeout"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if result_file.exists():
        return json.loads(result_file.read_text(encoding="utf-8"))
    return {"system": name, "error": f"the runner failed ({status})"}


def main(argv: list[str] | None = None) -> int:
    """Command line of the benchmarks."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1e5,1e6"),
                        help="comma-separated triple counts (default: $BENCH_SIZES or 1e5,1e6)")
    parser.add_argument("--systems", default=",".join(SYSTEM_ORDER))
    parser.add_argument("--rdflib-max", default="1e6", help="largest size rdflib is measured at")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    parser.add_argument("--query-budget", type=float, default=10.0, help="seconds of timed runs per catalog query")
    parser.add_argument("--max-runs", type=int, default=30, help="timed runs per catalog query at most")
    parser.add_argument("--first-budget", type=float, default=120.0, help="seconds a single run may take")
    parser.add_argument("--heavy-budget", type=float, default=30.0,
                        help="seconds of timed runs per heavy operation (one run when the first takes longer)")
    parser.add_argument("--whole-budget", type=float, default=600.0,
                        help="seconds the first run of a whole-network operation (rights, views, exports) may take "
                             "on the project and raw pyoxigraph (rdflib: --first-budget)")
    parser.add_argument("--load-runs", type=int, default=2, help="fresh loads per system (best is kept)")
    parser.add_argument("--single-load-from", default="1e7",
                        help="from this size on, one load per system (a 10^7 load takes about a minute)")
    parser.add_argument("--system-timeout", type=float, default=4 * 3600, help="seconds per system and size")
    parser.add_argument("--skip", default="", help="operations to skip: load,catalog,rights,projection,exports")
    parser.add_argument("--no-load-test", action="store_true", help="skip the HTTP endpoint load test")
    parser.add_argument("--load-test-size", default="1e5", help="triples in the store the endpoint serves")
    parser.add_argument("--load-test-seconds", type=float, default=30.0)
    parser.add_argument("--load-test-clients", type=int, default=32)
    parser.add_argument("--endpoint-sizes", default=os.environ.get("BENCH_ENDPOINT_SIZES", "1e5,1e6"),
                        help="triple counts at which the endpoint is compared with oxigraph serve ('' for none)")
    parser.add_argument("--endpoint-seconds", type=float, default=10.0, help="seconds of load per client count")
    parser.add_argument("--endpoint-rounds", type=int, default=2, help="interleaved rounds of both servers")
    parser.add_argument("--latency-rounds", type=int, default=3,
                        help="timed runs of each query from the sequential client (first endpoint round; 0: none)")
    parser.add_argument("--cli-runs", type=int, default=10,
                        help="whole `alliancekg query` processes timed per query on the bundled graph (0: none)")
    parser.add_argument("--endpoint-only", action="store_true",
                        help="only compare the endpoint with oxigraph serve; replace those tables in the results file")
    parser.add_argument("--keep-other-sizes", action="store_true",
                        help="keep the sizes, endpoint sizes, load test and CLI timings of OUT/results.json that "
                             "this run does not measure (the results file says which were kept and from when)")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: write the results file again from OUT/results.json")
    args = parser.parse_args(argv)
    if args.report_only:
        results = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
        args.rdflib_max = results.get("rdflib_max_arg", args.rdflib_max)
        args.results.write_text(render_markdown(result_tables(results), args, results), encoding="utf-8")
        console.print(f"wrote {args.results} from {args.out / 'results.json'}")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    if args.endpoint_only:
        saved = args.out / "endpoint.json"
        # Sizes measured before and not again keep their tables.
        endpoint = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
        endpoint.update(compare_endpoints(args))
        endpoint = dict(sorted(endpoint.items(), key=lambda item: int(item[0])))
        previous = args.results.read_text(encoding="utf-8") if args.results.exists() else "# Benchmark results\n"
        tables = [table for summary in endpoint.values() for table in load_test.comparison_tables(summary)]
        args.results.write_text(replace_tables(previous, tables, ENDPOINT_TITLE), encoding="utf-8")
        (args.out / "endpoint.json").write_text(json.dumps(endpoint, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote the endpoint tables of {args.results} and {args.out / 'endpoint.json'}")
        return 0
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    systems = [s for s in SYSTEM_ORDER if s in args.systems.split(",")]
    rdflib_max = parse_size(args.rdflib_max)
    load_before = machine.load_average()
    described = machine.describe()
    console.print(f"machine: {described['cpu']}, {described['cpus']} CPUs, {described['memory_gib']} GiB; "
                  f"free disk under {args.out}: {shutil.disk_usage(args.out).free / 2**30:.0f} GiB")
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    results: dict[str, object] = {"machine": described, "sizes": {}, "command": " ".join(sys.argv[1:]),
                                  "sizes_arg": args.sizes, "rdflib_max_arg": args.rdflib_max, "measured_on": today}
    saved = args.out / "results.json"
    if args.keep_other_sizes and saved.exists():
        endpoint_sizes = [str(parse_size(s)) for s in args.endpoint_sizes.split(",") if s.strip()]
        results = kept_results(json.loads(saved.read_text(encoding="utf-8")), results,
                               [str(size) for size in sizes], endpoint_sizes,
                               load_test=not args.no_load_test, cli=bool(args.cli_runs))
    for size in sizes:
        info = ensure_graph(args.out, size, args.seed)
        runs = {}
        for name in systems:
            if name == "rdflib" and size > rdflib_max:
                console.print(f"rdflib skipped at {size:,} triples (--rdflib-max {rdflib_max:,})")
                continue
            runs[name] = run_system(name, info, args.out, args)
        size_tables = report.size_tables(size, runs)
        for table in size_tables:
            print_table(table)
        results["sizes"][str(size)] = {"graph": info.__dict__, "runs": runs, "measured_on": today}
        results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda item: int(item[0])))
        (args.out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    if not args.no_load_test:
        load_info = ensure_graph(args.out, parse_size(args.load_test_size), args.seed)
        outcome = load_test.run(load_info, args.out, clients=args.load_test_clients, seconds=args.load_test_seconds)
        results["load_test"] = outcome
        print_table(load_test.table(outcome))
    endpoint = {**(results.get("endpoint") or {}), **compare_endpoints(args)}
    results["endpoint"] = dict(sorted(endpoint.items(), key=lambda item: int(item[0])))
    if args.cli_runs:
        results["cli"] = cli_process.measure(args.out, runs=args.cli_runs)
        print_table(targets.cli_table(results["cli"]))
    load_after = machine.load_average()
    results["load_average"] = {"before": load_before, "after": load_after}
    (args.out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    args.results.write_text(render_markdown(result_tables(results), args, results), encoding="utf-8")
    console.print(f"wrote {args.results} and {args.out / 'results.json'}")
    return 0


def result_tables(results: dict) -> list[report.Table]:
    """Every table of the results file, from the measurements alone (see ``--report-only``)."""
    load_average = results.get("load_average") or {}
    checklist = targets.issue_table(results)
    tables = [checklist]
    if any(row[-1] == causes.MISSED for row in checklist.rows):
        tables.append(causes.missed_table(checklist.rows, causes.read_causes()))
    tables += [report.machine_table(results["machine"], (load_average.get("before"), load_average.get("after")))]
    generated = report.Table("Generated graphs", ["triples", "organizations", "agreements", "provisions",
                                                  "conditions", "stakes", "N-Quads size", "generation"])
    for measured in results["sizes"].values():
        graph = measured["graph"]
        counts = graph["counts"]
        generated.rows.append([f"{graph['triples']:,}", *(f"{counts.get(k, 0):,}" for k in (
            "organizations", "agreements", "provisions", "conditions", "stakes")),
            f"{counts.get('file_bytes', 0) / 2**20:,.0f} MiB", report.seconds(counts.get("generation_seconds"))])
    tables.append(generated)
    for size, measured in results["sizes"].items():
        tables += report.size_tables(int(size), measured["runs"])
    if results.get("load_test"):
        from benchmarks import load_test

        tables.append(load_test.table(results["load_test"]))
    if results.get("endpoint"):
        from benchmarks import load_test

        tables += [table for summary in results["endpoint"].values() for table in load_test.comparison_tables(summary)]
    return tables


#: Starts of the titles of the endpoint comparison tables (see ``--endpoint-only``).
ENDPOINT_TITLE = ("Endpoint against `oxigraph serve", "Catalog queries via the endpoint",
                  "Catalog queries one at a time")


def compare_endpoints(args: argparse.Namespace) -> dict[str, dict]:
    """The endpoint against ``oxigraph serve`` at each of ``--endpoint-sizes``, by size."""
    compared: dict[str, dict] = {}
    for text in (s for s in args.endpoint_sizes.split(",") if s.strip()):
        info = ensure_graph(args.out, parse_size(text), args.seed)
        compared[str(info.target)] = load_test.compare(info, args.out, seconds=args.endpoint_seconds,
                                                       rounds=args.endpoint_rounds, latency_rounds=args.latency_rounds)
        for table in load_test.comparison_tables(compared[str(info.target)]):
            print_table(table)
    return compared


def replace_tables(markdown: str, tables: list[report.Table], title_start: str | tuple[str, ...]) -> str:
    """``markdown`` without its tables whose title starts with ``title_start``, and ``tables`` appended.

    Examples
    --------
    >>> text = "# R\\n\\n#### A x\\n\\n| a |\\n\\n#### B\\n\\n| b |\\n"
    >>> print(replace_tables(text, [report.Table("A y", ["c"])], "A "))
    # R
    <BLANKLINE>
    #### B
    <BLANKLINE>
    | b |
    <BLANKLINE>
    #### A y
    <BLANKLINE>
    | c |
    |---|
    <BLANKLINE>
    <BLANKLINE>
    """
    kept, skipping = [], False
    for line in markdown.splitlines():
        if line.startswith("#### "):
            starts = (title_start,) if isinstance(title_start, str) else title_start
            skipping = any(line.startswith("#### " + start) for start in starts)
        if not skipping:
            kept.append(line)
    return "\n".join(kept).rstrip("\n") + "\n\n" + "\n".join(table.markdown() for table in tables) + "\n"


def render_markdown(tables: list[report.Table], args: argparse.Namespace, results: dict) -> str:
    """The results file: how and when it was made (the sizes it holds, from ``results``), then every table."""
    sizes = results.get("sizes_arg") or ",".join(results.get("sizes") or ()) or args.sizes
    head = [
        "# Benchmark results", "",
        "Written by `make bench` (`python -m benchmarks`); do not edit by hand. "
        f"Sizes: {sizes}; rdflib measured up to {parse_size(args.rdflib_max):,} triples. "
        "Each system runs in its own process on the same generated N-Quads file, in the same run. "
        "Latencies are p50 / p99 of timed runs after one warm-up run; ratios `rdflib / project` say how many "
        "times faster the project is than rdflib, `project / pyoxigraph` how much slower it is than raw pyoxigraph.",
        "",
    ]
    when = provenance(results)
    if when:
        head += [when, ""]
    return "\n".join(head + [table.markdown() for table in tables]) + "\n"


if __name__ == "__main__":
    sys.exit(main())
