"""Readable SPARQL syntax errors, checked against the real parser's messages."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from alliancekg.graph.sparql.messages import expected_summary, readable_syntax_error

HOSTILE = Path(__file__).resolve().parents[2] / "data" / "hostile"


def parser_message(text: str) -> str:
    with pytest.raises(SyntaxError) as raised:
        ox.Store().query(text)
    return str(raised.value)


def test_a_missing_term_names_its_line_column_and_kinds_of_term_without_code_points() -> None:
    text = (HOSTILE / "query-malformed-term.rq").read_text()
    raw = parser_message(text)
    assert "\\u{" in raw  # the parser's own message lists code-point ranges
    readable = readable_syntax_error(raw, text)
    assert readable.startswith("line 6, column 1 (at \"}\"): expected ")
    assert "a variable" in readable and "an IRI" in readable and "a string" in readable
    assert "\\u{" not in readable and "[_]" not in readable and "..=" not in readable
    assert len(readable) < 250


def test_a_wrong_keyword_names_what_could_come_there() -> None:
    text = "PREFIX a: <x:>\nSELECT * WHERE { ?s a:b ?o } LIMT 3"
    readable = readable_syntax_error(parser_message(text), text)
    assert readable.startswith("line 2, column ")
    assert readable.endswith("expected HAVING, OFFSET, OPTIONAL or VALUES")


def test_long_lists_are_cut_and_messages_without_a_position_kept() -> None:
    many = "one of " + ", ".join(f'"{word}"' for word in ("ABS", "AVG", "DAY", "IRI", "MAX", "MD5", "MIN", "NOT",
                                                          "NOW", "STR"))
    assert expected_summary(many) == "ABS, AVG, DAY, IRI, MAX, MD5, MIN, NOT, …"
    assert readable_syntax_error("no position here", "ASK {}") == "no position here"
