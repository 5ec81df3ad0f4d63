"""``alliancekg analyze``: network analyses of the views (centrality, dependencies, concentration,
circular deals, AGI exposure)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from alliancekg.app import app, console, fail, settings
from alliancekg.graph.network.analysis import ANALYSES, AnalysisError, Options, Report, analyze
from alliancekg.graph.network.analysis.report import cell, format_amount
from alliancekg.graph.network.views import UnknownView


class ReportFormat(StrEnum):
    """How ``analyze`` prints its report."""

    table = "table"
    json = "json"


def list_analyses() -> Table:
    """The analyses with the views they run on (the first is the default)."""
    table = Table(title="alliance-kg analyses")
    table.add_column("name", style="bold")
    table.add_column("title")
    table.add_column("views (default first)")
    for analysis in ANALYSES.values():
        table.add_row(analysis.name + (" (--org)" if analysis.needs_org else ""), analysis.title,
                      ", ".join(analysis.views))
    return table


def report_table(report: Report, limit: int | None = None) -> Table:
    """A rich table of a report (amount columns shown as $250B)."""
    table = Table(title=report.title, show_lines=False)
    for column in report.columns:
        table.add_column(column, overflow="fold")
    for row in report.rows[:limit] if limit else report.rows:
        cells = []
        for column in report.columns:
            value = row.get(column)
            if column in ("circulating", "total") and isinstance(value, int | float):
                cells.append(format_amount(float(value), str(row.get("currency") or "")))
            elif column == "amounts" and isinstance(value, dict):
                cells.append(", ".join(format_amount(v, c) for c, v in value.items()))
            else:
                cells.append(cell(value))
        table.add_row(*cells)
    return table


@app.command("analyze")
def analyze_command(
    name: Annotated[str | None, typer.Argument(help="Analysis to run; leave out to list them.")] = None,
    view: Annotated[str | None, typer.Option("--view", "-v", help="View to run on (default: the analysis's own).")]
    = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    org: Annotated[str | None, typer.Option("--org", help="Organization (IRI, CURIE or label) for chains, "
                                                          "dominators and loss.")] = None,
    by: Annotated[str, typer.Option("--by", help="loss: 'counterparty' or 'agreement'.")] = "counterparty",
    group: Annotated[bool, typer.Option("--group", help="With --org: the organization's whole group (parents, "
                                                        "subsidiaries, controlled) as one node.")] = False,
    max_length: Annotated[int, typer.Option("--max-length", help="Longest chain or cycle (hops).")] = 4,
    include_superseded: Annotated[bool, typer.Option("--include-superseded",
                                                     help="Keep replaced or revoked provisions and deals.")] = False,
    no_merge_groups: Annotated[bool, typer.Option(
        "--no-merge-groups", help="circular-deals, compute-concentration: keep group members apart.")] = False,
    binding_only: Annotated[bool, typer.Option(
        "--binding-only", help="circular-deals, compute-concentration: leave out flows of non-binding instruments "
                               "(letters of intent, memoranda, term sheets).")] = False,
    include_datasets: Annotated[list[str] | None, typer.Option(
        "--include-datasets", help="Bring a dataset the alliance view leaves out by default back in (cuad); "
                                   "repeat or separate with commas.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Show at most this many rows (table).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="money view: as it stood on this date (YYYY-MM-DD): only agreements in effect by then, "
                        "superseded only if replaced by then.")] = None,
) -> None:
    """Run a network analysis on a view of the graph and print its report."""
    if name is None:
        console.print(list_analyses())
        return
    try:
        on = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)") from None
    datasets = tuple(name.strip() for value in include_datasets or () for name in value.split(",") if name.strip())
    options = Options(org=org, by=by, max_length=max_length, merge_groups=not no_merge_groups,
                      binding_only=binding_only, include_datasets=datasets, group=group)
    try:
        with settings.open(read_only=True) as store:
            report = analyze(store, name, view=view, options=options, include_superseded=include_superseded,
                             as_of=on)
    except (AnalysisError, UnknownView) as exc:
        raise fail(str(exc)) from exc
    if fmt is ReportFormat.json:
        typer.echo(report.to_json())
        return
    console.print(report_table(report, limit))
    for note in report.notes:
        console.print(f"  {note}", highlight=False, markup=False)


__all__ = ["analyze_command", "list_analyses", "report_table"]
