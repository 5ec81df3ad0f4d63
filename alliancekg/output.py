"""Printing tabular query answers: rich tables, CSV, TSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node
from rich.table import Table
from rich.text import Text

from alliancekg.ontology.namespaces import PREFIXES


def compact(term: Node | None) -> str:
    """Shorten an IRI with the project's prefixes; literals become their lexical form.

    Examples
    --------
    >>> compact(URIRef("https://w3id.org/alliance-kg/id/ent/microsoft"))
    'ent:microsoft'
    """
    if term is None:
        return ""
    if isinstance(term, str) and not isinstance(term, Literal | URIRef) and term.startswith(("http://", "https://")):
        term = URIRef(term)
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace) and "/" not in text[len(namespace):]:
                return f"{prefix}:{text[len(namespace):]}"
        return text
    return str(term)


#: Control characters written as escapes on output: C0 but tab and line feed, DEL, C1.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_control_characters(text: str) -> str:
    r"""``text`` with control characters (NUL, ESC, CR…) written as visible escapes such as ``\x1b``.

    Loads refuse such characters; this keeps data that got in some other way from driving a
    terminal or breaking an XML export.  Tab and line feed are kept.

    Examples
    --------
    >>> print(escape_control_characters("Evil\x1b[31m Corp\x00"))
    Evil\x1b[31m Corp\x00
    >>> escape_control_characters("two\tcolumns") == "two\tcolumns"
    True
    """
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def json_value(term: Node | None) -> object:
    """A JSON-friendly value: numbers and booleans as such, dates and IRIs as strings."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, bool | int | float | str):
            return value
        return str(term)
    return str(term)


def rows_to_csv(variables: Sequence[str], rows: Sequence[dict[str, Node]], delimiter: str = ",") -> str:
    """CSV (or TSV) text with full IRIs, one header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if row.get(v) is None else str(row[v]) for v in variables])
    return buffer.getvalue()


def rows_to_json(variables: Sequence[str], rows: Sequence[dict[str, Node]]) -> str:
    """A JSON array of objects, one per row."""
    return json.dumps([{v: json_value(row.get(v)) for v in variables} for row in rows], indent=2)


def rows_to_table(variables: Sequence[str], rows: Sequence[dict[str, Node]], title: str | None = None) -> Table:
    """A rich table with compacted IRIs; values are shown as plain text (no markup, control characters escaped)."""
    table = Table(title=title, show_lines=False)
    for variable in variables:
        table.add_column(escape_control_characters(variable), overflow="fold")
    for row in rows:
        table.add_row(*(Text(escape_control_characters(compact(row.get(v)))) for v in variables))
    return table
