"""Printing tabular query answers: rich tables, CSV, TSV and JSON.

Rows hold rdflib terms or :class:`~alliancekg.graph.store.terms.PlainTerm` (what ``alliancekg
query`` gets from the embedded store); both print the same.  rich is imported only for tables.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from alliancekg.graph.store.terms import PlainTerm, compact, escape_control_characters, json_value

if TYPE_CHECKING:
    from rdflib.term import Node
    from rich.table import Table

    Term = Node | PlainTerm


def rows_to_csv(variables: Sequence[str], rows: Sequence[dict[str, Term]], delimiter: str = ",") -> str:
    """CSV (or TSV) text with full IRIs, one header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if row.get(v) is None else str(row[v]) for v in variables])
    return buffer.getvalue()


def rows_to_json(variables: Sequence[str], rows: Sequence[dict[str, Term]]) -> str:
    """A JSON array of objects, one per row."""
    return json.dumps([{v: json_value(row.get(v)) for v in variables} for row in rows], indent=2)


def rows_to_table(variables: Sequence[str], rows: Sequence[dict[str, Term]], title: str | None = None) -> Table:
    """A rich table with compacted IRIs; values are shown as plain text (no markup, control characters escaped)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False)
    for variable in variables:
        table.add_column(escape_control_characters(variable), overflow="fold")
    for row in rows:
        table.add_row(*(Text(escape_control_characters(compact(row.get(v)))) for v in variables))
    return table
