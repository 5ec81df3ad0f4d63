"""Cell text helpers: party entries, trailing parentheses, publisher notes, decimal text."""

from __future__ import annotations

from decimal import Decimal

from alliancekg.loaders.tabular.text import decimal_text, drop_trailing_parentheses, split_party, split_publisher_date


def test_split_party_takes_the_last_parenthesized_group() -> None:
    assert split_party("Acme (US) Corp (investor; lead)") == ("Acme (US) Corp", "investor; lead")
    assert split_party("Acme") is None
    assert split_party("Acme (investor") is None


def test_drop_trailing_parentheses_only_on_the_last_line() -> None:
    assert drop_trailing_parentheses("Acme (a)\nBeta (b)") == "Acme (a)\nBeta"
    assert drop_trailing_parentheses("Acme") == "Acme"


def test_split_publisher_date_at_the_last_comma() -> None:
    assert split_publisher_date(" Example ") == ("Example", "")
    assert split_publisher_date("A, B, n.d.") == ("A, B", "n.d.")


def test_decimal_text_has_no_exponent_nor_trailing_zeros() -> None:
    assert [decimal_text(Decimal(v)) for v in ("1E+3", "1.500", "0.000", "-2.0")] == ["1000", "1.5", "0", "-2"]
