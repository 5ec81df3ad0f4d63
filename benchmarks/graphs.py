"""What the benchmark commands share: sizes, the generated graph on disk, tables on the console."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table as RichTable

from benchmarks import report
from benchmarks.generator import GENERATOR_VERSION, GeneratedGraph, generate

console = Console(stderr=True)


def parse_size(text: str) -> int:
    """``1e6``, ``1_000_000`` or ``1000000`` as an integer.

    Examples
    --------
    >>> parse_size("1e5"), parse_size("2_000")
    (100000, 2000)
    """
    return int(float(text.replace("_", "")))


def ensure_graph(out: Path, size: int, seed: int) -> GeneratedGraph:
    """The generated graph of ``size`` triples, made unless a matching one is already on disk."""
    data = out / f"alliance-{size}-seed{seed}.nq"
    description = data.with_suffix(".json")
    if data.exists() and description.exists():
        info = GeneratedGraph.read(description)
        if info.version == GENERATOR_VERSION and info.target == size and info.seed == seed:
            console.print(f"using {data.name} ({info.triples:,} quads)")
            return info
    columns = (TextColumn("generating {task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(data.name, total=size)
        started = time.perf_counter()
        info = generate(data, size, seed=seed, progress=lambda n: progress.advance(task, n))
    info.counts["generation_seconds"] = round(time.perf_counter() - started, 1)
    info.counts["file_bytes"] = data.stat().st_size
    info.save(description)
    return info


def print_table(table: report.Table) -> None:
    """Show a report table on the console."""
    rich_table = RichTable(title=table.title, title_justify="left")
    for index, column in enumerate(table.columns):
        rich_table.add_column(column, justify="left" if index == 0 else "right")
    for row in table.rows:
        rich_table.add_row(*row)
    console.print(rich_table)
    for note in table.notes:
        console.print(note)
