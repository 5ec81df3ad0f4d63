"""Cell text helpers of the mapping engine: party entries, trailing parentheses, publisher notes, decimals.

Each reads cells of up to ``MAX_VALUE_CHARS`` characters with a scan or a regex that cannot
backtrack (no repeat next to another repeat that matches the same text), so it takes linear time
on any cell.
"""

from __future__ import annotations

import re
from decimal import Decimal

ROLES = re.compile(r"[^()]*(?:\([^()]*\)[^()]*)*")  # text with parentheses at most one level deep
PARENTHESES = re.compile(r"\([^()]*\)|（[^（）]*）")


def split_party(text: str) -> tuple[str, str] | None:
    """``Name (role; role)`` as ``(names, roles)``, the roles being the last parenthesized group.

    Examples
    --------
    >>> split_party("Acme Corp (investor; buyer (lead)) ")
    ('Acme Corp', 'investor; buyer (lead)')
    >>> split_party("Acme (investor) and Beta") is None
    True
    """
    stripped = text.rstrip()
    if not stripped.endswith(")"):
        return None
    depth = 0
    for start in range(len(stripped) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(stripped[start], 0)
        if depth == 0:
            break
    names, roles = stripped[:start], stripped[start + 1:-1]
    if depth != 0 or "\n" in names or not ROLES.fullmatch(roles):
        return None
    return names.rstrip(), roles


def drop_trailing_parentheses(text: str) -> str:
    """``text`` without a parenthesized ending that starts on its last line (``'Acme (investor)'`` -> ``'Acme'``).

    Examples
    --------
    >>> drop_trailing_parentheses("Acme Corp (investor; buyer) "), drop_trailing_parentheses("Acme")
    ('Acme Corp', 'Acme')
    """
    stripped = text.rstrip()
    start = stripped.find("(", stripped.rfind("\n") + 1)
    if start < 0 or not stripped.endswith(")"):
        return text
    return stripped[:start].rstrip()


def split_publisher_date(note: str) -> tuple[str, str]:
    """``'Publisher, date'`` as its two parts, split at the last comma (no comma: all publisher).

    Examples
    --------
    >>> split_publisher_date("Reuters, Inc., 2025-01-02")
    ('Reuters, Inc.', '2025-01-02')
    """
    publisher, comma, date = note.strip().rpartition(",")
    if not comma or "\n" in publisher:
        return note.strip(), ""
    return publisher, date.lstrip()


def decimal_text(number: Decimal) -> str:
    """Canonical decimal lexical form without exponent.

    Examples
    --------
    >>> decimal_text(Decimal("1E+9")), decimal_text(Decimal("2.50")), decimal_text(Decimal("0.0"))
    ('1000000000', '2.5', '0')
    """
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
