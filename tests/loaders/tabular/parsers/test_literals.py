"""Literal parsers: text, decimal, boolean, gYearMonth."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import XSD

from alliancekg.loaders.tabular.parsers.literals import parse_boolean, parse_decimal, parse_gyearmonth, parse_text


def test_text_and_boolean(make_cell) -> None:
    cell = make_cell()
    assert parse_text("a b", {}, cell) == [Literal("a b")]
    assert parse_boolean("YES", {}, cell) == [Literal(True)]
    assert parse_boolean("yes", {"true": ["y"]}, cell) == [Literal(False)]


def test_decimal_drops_thousands_commas_and_reports_the_rest(make_cell) -> None:
    cell = make_cell({"value": "x"})
    assert parse_decimal("1,500.50", {}, cell) == [Literal("1500.5", datatype=XSD.decimal)]
    assert parse_decimal("12 M", {}, cell) == []
    assert cell.run.problems[0].message == "'12 M' is not a number"


def test_gyearmonth(make_cell) -> None:
    cell = make_cell({"value": "x"})
    assert parse_gyearmonth("2025-03", {}, cell) == [Literal("2025-03", datatype=XSD.gYearMonth)]
    assert parse_gyearmonth("2025-13", {"on_invalid": "skip"}, cell) == [] and not cell.run.problems
