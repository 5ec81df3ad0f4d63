"""Amounts and cells of analysis reports."""

from __future__ import annotations

from alliancekg.graph.network.analysis.report import cell, format_amount


def test_amounts_are_compact_with_their_currency() -> None:
    assert format_amount(250e9, "USD") == "$250B"
    assert format_amount(1.5e6, "EUR") == "€1.5M"
    assert format_amount(1200, "CHF") == "1.2k CHF"
    assert format_amount(42) == "42"
    assert format_amount(None) == ""


def test_cells_show_booleans_lists_and_records_readably() -> None:
    assert cell(True) == "yes" and cell(False) == "no"
    assert cell(0.123456) == "0.1235"
    assert cell(["a", 1.0, None]) == "a; 1; "
    assert cell({"label": "OpenAI", "iri": "urn:x"}) == "OpenAI"
    assert cell(None) == ""
