"""Parsers of plain literals: ``text``, ``decimal``, ``boolean``, ``gYearMonth``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD

from alliancekg.loaders.guards import shown
from alliancekg.loaders.tabular.parsers import invalid
from alliancekg.loaders.tabular.state import Cell
from alliancekg.loaders.tabular.text import decimal_text


def parse_text(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """The value as a plain literal."""
    return [Literal(raw)]


def parse_decimal(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """An ``xsd:decimal`` (thousands commas dropped)."""
    try:
        number = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return invalid(spec, cell, f"{shown(raw)} is not a number")
    return [Literal(decimal_text(number), datatype=XSD.decimal)]


def parse_boolean(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """True when the value is one of the spec's ``true`` words (default yes, true, 1)."""
    truth = spec.get("true", ["yes", "true", "1"])
    return [Literal(raw.lower() in [str(t).lower() for t in truth])]


def parse_gyearmonth(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """An ``xsd:gYearMonth`` from ``YYYY-MM``."""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", raw):
        return [Literal(raw, datatype=XSD.gYearMonth)]
    return invalid(spec, cell, f"{shown(raw)} is not a month YYYY-MM")
