"""Cell text helpers of the mapping engine: party entries, trailing parentheses, source notes, decimals.

Each reads cells of up to ``MAX_VALUE_CHARS`` characters with a scan or a regex that cannot
backtrack (no repeat next to another repeat that matches the same text), so it takes linear time
on any cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

ROLES = re.compile(r"[^()]*(?:\([^()]*\)[^()]*)*")  # text with parentheses at most one level deep
DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")
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


@dataclass(frozen=True)
class SourceNote:
    """What a source note of a table says: the publisher as named, what the source is, and its date."""

    publisher: str
    comment: str | None
    date: str | None  # YYYY-MM-DD (the first day of the month or year when only that is known)
    precision: str | None  # 'month' or 'year' when only that is known
    basis: str | None  # how the date was read
    undated: bool


MONTHS = {name: number for number, names in enumerate([
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")], start=1) for name in names}
#: How the table says a date was read, in words.
DATE_BASES = {"URL": "date in the address", "text": "date in the text", "last update": "date of the last update",
              "id": "date in the page's identifier", "data date": "date of the data shown"}
ISO_DAY, ISO_MONTH, YEAR = re.compile(r"\d{4}-\d{2}-\d{2}"), re.compile(r"\d{4}-\d{2}"), re.compile(r"\d{4}")
MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})")  # Oct 28 2025
DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([A-Za-z]+) (\d{4})")  # 13 Jun 2025
MONTH_DAY = re.compile(r"([A-Za-z]+)\.? (\d{1,2})")  # Dec 11: no year shown


def _trailing_parenthesis(text: str) -> tuple[str, str | None]:
    """``'text (inside)'`` as ``('text', 'inside')``; text without a final parenthesis as is."""
    if text.endswith(")") and " (" in text:
        head, _, inside = text[:-1].rpartition(" (")
        if "(" not in inside and ")" not in inside:
            return head, inside.strip()
    return text, None


def _day(year: str | int, month: int | None, day: str) -> str:
    if month is None:
        raise ValueError("unknown month")
    return dt.date(int(year), month, int(day)).isoformat()


def read_publication_date(text: str, basis: str | None = None,
                          year: int | None = None) -> tuple[str | None, str | None, str | None]:
    """A publication date as the table writes it: ``(YYYY-MM-DD or None when undated, precision, basis)``.

    Days (``2025-10-07``, ``Oct 28 2025``, ``13 Jun 2025``), months (``2025-10``), years, ``n.d.`` or
    ``undated``; a day and month without a year take ``year`` (the deal's) and say so. Raises
    ``ValueError`` for anything else.

    Examples
    --------
    >>> read_publication_date("2025-10", "URL")
    ('2025-10-01', 'month', 'date in the address')
    >>> read_publication_date("Dec 11", None, 2025)
    ('2025-12-11', None, 'day and month shown without a year; the year of the deal it reports')
    >>> read_publication_date("n.d.", "states Aug 2 2024")
    (None, None, 'states Aug 2 2024')
    """
    basis = DATE_BASES.get(basis, basis) if basis else None
    text = text.strip()
    if text in ("n.d.", "undated"):
        return None, None, basis
    if ISO_DAY.fullmatch(text):
        return dt.date.fromisoformat(text).isoformat(), None, basis
    if ISO_MONTH.fullmatch(text):
        return dt.date.fromisoformat(f"{text}-01").isoformat(), "month", basis
    if YEAR.fullmatch(text):
        return f"{text}-01-01", "year", basis
    if match := MONTH_DAY_YEAR.fullmatch(text):
        return _day(match.group(3), MONTHS.get(match.group(1).lower()), match.group(2)), None, basis
    if match := DAY_MONTH_YEAR.fullmatch(text):
        return _day(match.group(3), MONTHS.get(match.group(2).lower()), match.group(1)), None, basis
    if (match := MONTH_DAY.fullmatch(text)) and year is not None:
        shown = f"{basis}; " if basis else ""
        return (_day(year, MONTHS.get(match.group(1).lower()), match.group(2)), None,
                f"{shown}day and month shown without a year; the year of the deal it reports")
    raise ValueError("not a date the table uses (YYYY-MM-DD, YYYY-MM, YYYY, 'Oct 28 2025', '13 Jun 2025', "
                     "a day and month with the deal's year, or n.d.)")


def parse_source_note(note: str, year: int | None = None) -> SourceNote:
    """``'Publisher (what it is), DATE (how the date was read)'`` as a :class:`SourceNote` (the parentheses are
    optional; DATE as :func:`read_publication_date` reads it). Raises ``ValueError`` saying what is wrong.

    Examples
    --------
    >>> note = parse_source_note("nasdaq.com (RTTNews), 2025-10 (URL)")
    >>> note.publisher, note.comment, note.date, note.precision, note.basis
    ('nasdaq.com', 'RTTNews', '2025-10-01', 'month', 'date in the address')
    >>> parse_source_note("Reuters, Inc., n.d.").undated
    True
    """
    rest, basis = _trailing_parenthesis(note.strip())
    publisher, comma, date = rest.rpartition(", ")
    if not comma:
        raise ValueError("a source note is 'PUBLISHER, DATE' (DATE a day, a month, a year or n.d.)")
    name, comment = _trailing_parenthesis(publisher.strip())
    if not name.strip():
        raise ValueError("a source note must name its publisher before the date")
    day, precision, basis = read_publication_date(date, basis, year)
    return SourceNote(name.strip(), comment, day, precision, basis, day is None)


def publisher_domain(name: str, address: str) -> str:
    """The web domain of a publisher: its name when that is a domain, else the address's host without www.

    Examples
    --------
    >>> publisher_domain("fool.com", "https://www.fool.com/x")
    'fool.com'
    >>> publisher_domain("Morocco World News", "https://www.moroccoworldnews.com/a")
    'moroccoworldnews.com'
    """
    if DOMAIN.fullmatch(name.lower()):
        return name.lower()
    return (urlsplit(address).hostname or "").lower().removeprefix("www.")


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
