"""``alliancekg queries`` and ``alliancekg query``: the catalog of named SPARQL queries."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Annotated

import typer

from alliancekg.app import OutputFormat, app, console, fail, settings
from alliancekg.conversion import PlainCommand
from alliancekg.graph.store import StoreError
from alliancekg.graph.store.results import QueryResult
from alliancekg.graph.store.terms import TermError, compact, parse_oxigraph_term, parse_term, to_plain
from alliancekg.output import rows_to_csv, rows_to_json, rows_to_table
from alliancekg.queries.catalog import CatalogError, CatalogQuery, load_catalog, resolve_query
from alliancekg.queries.run import sort_lists


def catalog_records(queries: Iterable[CatalogQuery]) -> list[dict[str, object]]:
    """The catalog as plain data, one object per query, for JSON output.

    Examples
    --------
    >>> from alliancekg.queries.catalog import parse_query_file
    >>> q = parse_query_file("# title: T\\n# param: at date = 2026-01-01 ; the day\\nSELECT * {}", "t")
    >>> catalog_records([q])[0]["parameters"]
    [{'name': 'at', 'type': 'date', 'default': '2026-01-01', 'description': 'the day', 'optional': False}]
    """
    return [
        {"name": q.name, "title": q.title, "description": q.description, "group": q.group,
         "parameters": [{"name": p.name, "type": p.kind, "default": p.default, "description": p.description,
                         "optional": p.optional} for p in q.parameters]}
        for q in queries
    ]


def parameter_summary(query: CatalogQuery) -> str:
    """The parameters of ``query`` on one line: ``name:type=default`` (``name:type?`` if optional).

    Examples
    --------
    >>> from alliancekg.queries.catalog import parse_query_file
    >>> parameter_summary(parse_query_file("# title: T\\n# param: x iri = ent:openai\\n# param: at date\\n"
    ...                                    "# param: h iri optional\\n", "t"))
    'x:iri=ent:openai, at:date, h:iri?'
    """
    return ", ".join(f"{p.name}:{p.kind}" + (f"={p.default}" if p.default else "?" if p.optional else "")
                     for p in query.parameters)


CATALOG_COLUMNS = ("name", "title", "description", "group", "parameters")


def catalog_csv(queries: Iterable[CatalogQuery], delimiter: str = ",") -> str:
    """CSV (or TSV) text of the catalog: a header, then one row per query.

    Examples
    --------
    >>> from alliancekg.queries.catalog import parse_query_file
    >>> print(catalog_csv([parse_query_file("# title: T, short\\n# param: at date\\n", "t")]), end="")
    name,title,description,group,parameters
    t,"T, short",,general,at:date
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(CATALOG_COLUMNS)
    for q in queries:
        writer.writerow([q.name, q.title, q.description, q.group, parameter_summary(q)])
    return buffer.getvalue()


@app.command("queries", cls=PlainCommand)
def list_queries(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table, or json/csv/tsv for scripts.")]
    = OutputFormat.table,
) -> None:
    """List the catalog of named queries with their parameters."""
    queries = list(load_catalog().values())
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(catalog_records(queries), indent=2, ensure_ascii=False))
        return
    if fmt in (OutputFormat.csv, OutputFormat.tsv):
        typer.echo(catalog_csv(queries, "\t" if fmt is OutputFormat.tsv else ","), nl=False)
        return
    from rich.table import Table

    table = Table(title="alliance-kg query catalog")
    table.add_column("name", style="bold")
    table.add_column("title")
    table.add_column("parameters")
    for query in queries:
        table.add_row(query.name, query.title, parameter_summary(query))
    console.print(table)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """Turn ``k=v`` strings into a mapping, rejecting anything else."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CatalogError(f"--param wants NAME=VALUE, got {pair!r}")
        params[key.strip()] = value
    return params


def print_result(result: QueryResult, fmt: OutputFormat, title: str | None = None) -> None:
    """Print any query answer in ``fmt``."""
    if result.kind == "ask":
        console.print("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        variables = ["subject", "predicate", "object"]
        rows = [dict(zip(variables, t, strict=True)) for t in result.triples]
    else:
        variables, rows = result.variables, result.rows
    if fmt is OutputFormat.table:
        console.print(rows_to_table(variables, rows, title=title))
    elif fmt is OutputFormat.json:
        console.print_json(rows_to_json(variables, rows))
    else:
        typer.echo(rows_to_csv(variables, rows, "\t" if fmt is OutputFormat.tsv else ","), nl=False)


@app.command("query", cls=PlainCommand)
def query_command(
    name: Annotated[str | None, typer.Argument(help="Catalog query name or a .rq file.")] = None,
    sparql: Annotated[str | None, typer.Option("--sparql", help="Run this SPARQL text instead.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Bind NAME=VALUE.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Run a catalog query, a .rq file or --sparql text; parameters are bound, never spliced."""
    try:
        if sparql is not None:
            if name:
                raise CatalogError("give a query name or --sparql, not both")
            query = CatalogQuery(name="sparql", title="ad-hoc query", description="", text=sparql)
        elif name:
            query = resolve_query(name)
        else:
            raise CatalogError("give a catalog query name, a .rq file or --sparql TEXT")
        # The embedded store takes pyoxigraph terms and gives terms made for printing, which spares
        # importing rdflib (longer than the whole query); a remote store works on rdflib terms.
        embedded = not settings.endpoint
        bindings = query.bindings(parse_params(param or []), parse_oxigraph_term if embedded else parse_term)
        with settings.open(read_only=True) as store:
            answer = (store.query(query.text, bindings, convert=to_plain) if embedded  # type: ignore[call-arg]
                      else store.query(query.text, bindings))
            result = sort_lists(answer, query.lists)
    except (CatalogError, TermError, StoreError) as exc:
        raise fail(str(exc)) from exc
    except (SyntaxError, ValueError, OSError) as exc:
        raise fail(f"query failed: {exc}") from exc
    print_result(result, fmt, title=query.title if fmt is OutputFormat.table else None)


__all__ = [
    "catalog_csv",
    "catalog_records",
    "compact",
    "list_queries",
    "parameter_summary",
    "parse_params",
    "print_result",
    "query_command",
]
