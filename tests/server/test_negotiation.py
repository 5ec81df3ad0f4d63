"""Content negotiation of the SPARQL service."""

from __future__ import annotations

import pytest

from alliancekg.server.negotiation import (
    GRAPH_TYPES,
    SELECT_TYPES,
    NegotiationError,
    choose,
    choose_per_kind,
    content_type,
    media_type_of,
)


def test_the_client_preference_wins_and_no_header_accepts_anything() -> None:
    assert choose("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES) == "application/sparql-results+xml"
    assert choose(None, GRAPH_TYPES) == choose("*/*", GRAPH_TYPES)
    assert choose("image/png", SELECT_TYPES) is None


def test_each_answer_kind_gets_its_own_choice() -> None:
    chosen = choose_per_kind("text/turtle")
    assert chosen["graph"] == "text/turtle"
    assert chosen["select"] is None


def test_a_malformed_accept_header_is_refused() -> None:
    with pytest.raises(NegotiationError, match="malformed Accept header"):
        choose("text", SELECT_TYPES)


def test_textual_types_get_a_charset_and_headers_are_split() -> None:
    assert content_type("text/turtle") == "text/turtle; charset=utf-8"
    assert content_type("application/sparql-results+json") == "application/sparql-results+json"
    parsed = media_type_of('Text/CSV; Charset="UTF-8"; header=present')
    assert parsed == ("text/csv", {"charset": "UTF-8", "header": "present"})
    assert media_type_of(None) == ("", {})
