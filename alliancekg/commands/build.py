"""``alliancekg build`` and ``alliancekg load``: validated, atomic loading of data into the store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from alliancekg.app import app, console, err_console, fail, settings
from alliancekg.graph.build import BuildReport, build_store, load_into, prepare, user_graph_name, write_graphs
from alliancekg.graph.quality.reasoning import ReasonerUnavailable
from alliancekg.graph.store import OxigraphStore, StoreError, default_store_path
from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.registry import yamlld_input
from alliancekg.loaders.tabular import MappingError
from alliancekg.ontology.namespaces import GRAPH


def print_report(report: BuildReport, title: str) -> None:
    """Print triple counts per graph and the validation outcome."""
    table = Table(title=f"{title}: {report.location}")
    table.add_column("graph")
    table.add_column("triples", justify="right")
    for graph, count in report.graphs.items():
        table.add_row(graph, f"{count:,}")
    table.add_row("[bold]total[/]", f"[bold]{report.triples:,}[/]")
    console.print(table)
    console.print("SHACL: [green]all shapes conform[/]")
    if report.consistency is not None:
        console.print(
            f"OWL 2 DL (HermiT): [green]{report.consistency.message}[/] "
            f"({report.consistency.individuals} individuals, {report.consistency.classes} classes)"
        )
    else:
        console.print("OWL 2 DL (HermiT): [yellow]skipped[/]")
    console.print(f"done in {report.seconds:.1f} s")


def _report_load_error(exc: LoadError) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] nothing was written; {len(exc.problems)} problem(s):", highlight=False)
    for problem in exc.problems:
        err_console.print(f"  {problem}", highlight=False, markup=False)
    return typer.Exit(1)


def bulk_build_dumps(target: Path, dumps: list[Path]) -> None:
    """Bulk-build ``target`` from RDF dumps, with a progress bar over their bytes."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from alliancekg.graph.rights.evaluation import warm_store
    from alliancekg.graph.store.bulk import bulk_build, guess_format

    for dump in dumps:
        if not dump.is_file():
            raise fail(f"{dump}: no such file")
        try:
            guess_format(dump)
        except ValueError as exc:
            raise fail(f"{exc} (use .nq, .nt, .ttl, .trig, .rdf or .jsonld)") from exc
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns, console=err_console.console, transient=True) as progress:
        task = progress.add_task("bulk loading", total=sum(d.stat().st_size for d in dumps))
        try:
            bulk_build(target, dumps, progress=lambda done: progress.advance(task, done))
        except SyntaxError as exc:
            where = f"{exc.filename or ''}:{exc.lineno}" if exc.lineno else str(exc.filename or "")
            raise fail(f"{where}: {exc.msg}; the store was left as it was") from exc
        except OSError as exc:
            raise fail(f"{exc}; the store was left as it was") from exc
    with OxigraphStore(target) as store:
        quads = len(store.oxigraph)
        warm_store(store)  # the next process reads the rights data kept for this version
    console.print(f"bulk-built {target}: {quads:,} quads from {len(dumps)} file(s) in "
                  f"{time.perf_counter() - started:.1f} s (not validated)")


@app.command("build")
def build_command(
    no_reason: Annotated[bool, typer.Option("--no-reason", help="Skip the HermiT consistency check.")] = False,
    dump: Annotated[list[Path] | None, typer.Option(
        "--dump", help="Build from this RDF dump instead of the bundled data (repeatable): bulk "
        "loaded in parallel, not validated; for big, already checked N-Quads or N-Triples.")] = None,
) -> None:
    """Load the ontology and all bundled data, validate (SHACL + OWL), and write the store atomically.

    With --dump, build the store from big RDF dumps instead: loaded in parallel threads and
    compacted, then swapped in atomically, without validation.
    """
    from alliancekg.graph.rights.evaluation import warm_store

    if dump:
        if settings.endpoint:
            raise fail("--dump builds the embedded store; load a dump into a SPARQL server with the "
                       "server's own bulk loader (see docs/performance/scaling-out.md)")
        bulk_build_dumps(settings.store_path or default_store_path(), dump)
        return
    try:
        if settings.endpoint:
            prepared = prepare(reason=not no_reason)
            with settings.open() as store:
                report = write_graphs(store, prepared)
        else:
            path = settings.store_path or default_store_path()
            report = build_store(path, reason=not no_reason)
            with OxigraphStore(path) as store:
                warm_store(store)  # the next process reads the rights data kept for this version
    except LoadError as exc:
        raise _report_load_error(exc) from exc
    except (ReasonerUnavailable, StoreError, OSError) as exc:
        raise fail(str(exc)) from exc
    print_report(report, "built")


def same_graph_problems(files: list[Path]) -> list[Problem]:
    """Files that would land in the graph of an earlier one (same stem): one would silently replace the other."""
    first: dict[str, Path] = {}
    problems = []
    for path in files:
        name = user_graph_name(path)
        if name in first and first[name].resolve() != path.resolve():
            problems.append(Problem(str(path), f"goes to the same graph ({name}) as {first[name]}: rename one of them"))
        elif name in first:
            problems.append(Problem(str(path), "given twice"))
        first.setdefault(name, path)
    return problems


@app.command("load")
def load_command(
    files: Annotated[list[Path], typer.Argument(help="YAML-LD files to load (each into its own named graph).")],
    no_reason: Annotated[bool, typer.Option("--no-reason", help="Skip the HermiT consistency check.")] = False,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping",
        help="Mapping file (YAML, see docs/reference/mapping-language.md): load CSV or JSON files through it.")] = None,
) -> None:
    """Load YAML-LD files (or CSV/JSON files with --mapping) into the existing store, validated
    with the data already there.

    Each file goes to the graph .../graph/user/<file stem> (percent-encoded). All files are
    validated together, then written in one transaction: if any fails, the store is left as it
    was. Loading the same file twice replaces its graph, so nothing is added the second time.
    """
    from alliancekg.graph.rights.evaluation import warm_store

    for path in [*files, *([mapping] if mapping else [])]:
        if not path.is_file():
            raise fail(f"{path}: no such file")
    names = same_graph_problems(files)
    if names:
        raise _report_load_error(LoadError(names))
    try:
        with settings.open() as store:
            if mapping is not None:
                from alliancekg.graph.build import existing_data
                from alliancekg.loaders.datasets import mapped_input

                known = existing_data(store, exclude={GRAPH[user_graph_name(p)] for p in files})
                inputs = [mapped_input(path, mapping, known, name=user_graph_name(path)) for path in files]
            else:
                inputs = [yamlld_input(path, name=user_graph_name(path)) for path in files]
            report = load_into(store, inputs, reason=not no_reason)
            warm_store(store)  # the next process reads the rights data kept for this version
    except LoadError as exc:
        raise _report_load_error(exc) from exc
    except MappingError as exc:
        raise fail(str(exc)) from exc
    except (ReasonerUnavailable, StoreError, OSError) as exc:
        raise fail(str(exc)) from exc
    print_report(report, "loaded")
