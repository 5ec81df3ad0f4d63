"""Run every measured operation for one system on one generated graph, in this (fresh) process.

The parent (:mod:`benchmarks.__main__`) starts one ``python -m benchmarks.runner`` per system
and size, so each system's peak memory is its own and nothing is shared between them.
The result is written as JSON to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import operations
from benchmarks.generator import GeneratedGraph
from benchmarks.systems import SYSTEMS, System

#: The operations in the order they run (load first: the others need the data).
OPERATIONS = ("load", "catalog", "rights", "projection", "exports")


@dataclass(frozen=True)
class Budget:
    """Time limits of the operations, in seconds."""

    query: float = 10.0  # timed runs of one catalog query
    first: float = 120.0  # the warm-up run of any operation
    heavy: float = 30.0  # timed runs of rights, projection and exports (one run when the first takes longer)
    whole: float = 600.0  # the first run of a whole-network operation (rights, projection, exports)
    max_runs: int = 30  # timed runs of one catalog query at most
    load_runs: int = 1  # fresh loads (best of)


def run(system: System, data: Path, info: GeneratedGraph, workdir: Path, budget: Budget,
        skip: set[str] = frozenset(), log: Callable[[str], None] = print) -> dict[str, object]:
    """Load ``data`` into ``system`` and run the operations not in ``skip``; a dict of results."""
    results: dict[str, object] = {"system": system.name, "triples": info.triples}
    steps: dict[str, Callable[[], object]] = {
        "load": lambda: operations.load(system, data, workdir, runs=budget.load_runs),
        "catalog": lambda: operations.catalog_queries(system, info, budget=budget.query, max_runs=budget.max_runs,
                                                      first_budget=budget.first),
        "rights": lambda: operations.rights(system, info, budget=budget.heavy, first_budget=budget.whole),
        "projection": lambda: operations.projection(system, budget=budget.heavy, first_budget=budget.whole),
        "exports": lambda: operations.exports(system, budget=budget.heavy, first_budget=budget.whole),
    }
    for name in OPERATIONS:
        if name in skip:
            continue
        started = time.perf_counter()
        log(f"{system.name} @ {info.triples:,}: {name}…")
        try:
            results[name] = steps[name]()
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            results[name] = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
            if name == "load":
                break
        log(f"{system.name} @ {info.triples:,}: {name} done in {time.perf_counter() - started:.1f} s")
    system.close()
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line of the runner (used by ``python -m benchmarks``)."""
    parser = argparse.ArgumentParser(description="Run the benchmark operations for one system and one graph.")
    parser.add_argument("--system", required=True, choices=sorted(SYSTEMS))
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--info", required=True, type=Path)
    parser.add_argument("--workdir", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--skip", default="", help="comma-separated operations to skip")
    parser.add_argument("--query-budget", type=float, default=Budget.query)
    parser.add_argument("--first-budget", type=float, default=Budget.first)
    parser.add_argument("--heavy-budget", type=float, default=Budget.heavy)
    parser.add_argument("--whole-budget", type=float, default=Budget.whole)
    parser.add_argument("--max-runs", type=int, default=Budget.max_runs)
    parser.add_argument("--load-runs", type=int, default=Budget.load_runs)
    args = parser.parse_args(argv)
    budget = Budget(query=args.query_budget, first=args.first_budget, heavy=args.heavy_budget,
                    whole=args.whole_budget, max_runs=args.max_runs, load_runs=args.load_runs)
    args.workdir.mkdir(parents=True, exist_ok=True)
    skip = {s for s in args.skip.split(",") if s}
    results = run(SYSTEMS[args.system](), args.data, GeneratedGraph.read(args.info), args.workdir, budget, skip,
                  log=lambda line: print(line, file=sys.stderr, flush=True))
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
