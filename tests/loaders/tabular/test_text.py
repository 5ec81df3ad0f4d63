"""Cell text helpers: party entries, trailing parentheses, source notes, decimal text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from alliancekg.loaders.tabular.text import (
    SourceNote,
    decimal_text,
    drop_trailing_parentheses,
    parse_source_note,
    publisher_domain,
    split_party,
)


def test_split_party_takes_the_last_parenthesized_group() -> None:
    assert split_party("Acme (US) Corp (investor; lead)") == ("Acme (US) Corp", "investor; lead")
    assert split_party("Acme") is None
    assert split_party("Acme (investor") is None


def test_drop_trailing_parentheses_only_on_the_last_line() -> None:
    assert drop_trailing_parentheses("Acme (a)\nBeta (b)") == "Acme (a)\nBeta"
    assert drop_trailing_parentheses("Acme") == "Acme"


def test_source_notes_give_publisher_comment_date_precision_and_basis() -> None:
    assert parse_source_note("fool.com, 2025-10-07 (date in the address)") == SourceNote(
        "fool.com", None, "2025-10-07", None, "date in the address", False)
    assert parse_source_note("Reuters, Inc. (wire), 2025") == SourceNote(
        "Reuters, Inc.", "wire", "2025-01-01", "year", None, False)
    assert parse_source_note("aimojo.io, undated (states Aug 2 2024)") == SourceNote(
        "aimojo.io", None, None, None, "states Aug 2 2024", True)


@pytest.mark.parametrize(("note", "message"), [
    ("example.org, sometime in 2025", "not a date the table uses"),
    ("example.org, Dec 11", "not a date the table uses"),  # no year shown and none given
    ("example.org, Feb 30 2025", "day is out of range"),
    ("example.org", "a source note is 'PUBLISHER, DATE'"),
    (", 2025-01-02", "must name its publisher"),
])
def test_source_notes_the_table_does_not_use_are_refused(note: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_source_note(note)


def test_table_dates_as_written() -> None:
    assert parse_source_note("topnews.com (UPI), Dec 11", 2025).date == "2025-12-11"
    assert parse_source_note("jakotaindex.com, Oct 2 2025 (data date)").basis == "date of the data shown"
    assert parse_source_note("x.org, 13 Jun 2025").date == "2025-06-13"
    assert parse_source_note("x.org, n.d.").undated


def test_publisher_domain_from_the_name_else_the_address() -> None:
    assert publisher_domain("GLEIF", "https://api.gleif.org/x") == "api.gleif.org"
    assert publisher_domain("Ir.AMD.com", "https://example.org/") == "ir.amd.com"


def test_decimal_text_has_no_exponent_nor_trailing_zeros() -> None:
    assert [decimal_text(Decimal(v)) for v in ("1E+3", "1.500", "0.000", "-2.0")] == ["1000", "1.5", "0", "-2"]
