"""What every analysis returns: a titled table of JSON-friendly rows, plus how to show amounts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


@dataclass
class Report:
    """The answer of an analysis: ``rows`` (dicts of JSON values) shown under ``columns``."""

    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        """The report as a JSON document (name, title, columns, rows, notes)."""
        return json.dumps({"name": self.name, "title": self.title, "columns": self.columns, "rows": self.rows,
                           "notes": self.notes}, indent=2, ensure_ascii=False)


def format_amount(amount: float | None, currency: str | None = None) -> str:
    """A compact amount: ``$250B``, ``$1.5M``, ``€300``.

    Examples
    --------
    >>> format_amount(250e9, "USD"), format_amount(1.5e6, "EUR"), format_amount(None)
    ('$250B', '€1.5M', '')
    """
    if amount is None:
        return ""
    sign = CURRENCY_SIGNS.get(currency or "", "")
    suffix = "" if sign or not currency else f" {currency}"
    for size, letter in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= size:
            return f"{sign}{amount / size:.4g}{letter}{suffix}"
    return f"{sign}{amount:.4g}{suffix}"


def cell(value: object) -> str:
    """A table cell: numbers rounded, lists joined, nested records shortened."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text") or value.get("label") or value)
    return str(value)


__all__ = ["Report", "cell", "format_amount"]
