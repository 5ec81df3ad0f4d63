"""Reading a SPARQL Protocol request: operation, text and dataset, or the HTTP status that refuses it."""

from __future__ import annotations

import pytest

from alliancekg.server.protocol import FORM, QUERY_TYPE, UPDATE_TYPE, ProtocolError, parse_sparql_request


def test_queries_come_by_get_form_or_direct_post_with_their_dataset() -> None:
    got = parse_sparql_request("GET", [("query", "ASK {}"), ("default-graph-uri", "urn:a"),
                                       ("default-graph-uri", "urn:b"), ("named-graph-uri", "urn:n")], None, b"")
    assert (got.operation, got.text, got.default_graphs, got.named_graphs) == ("query", "ASK {}", ("urn:a", "urn:b"),
                                                                               ("urn:n",))
    form = parse_sparql_request("POST", [], FORM, b"query=SELECT+%2A+%7B%7D")
    assert (form.operation, form.text, form.default_graphs) == ("query", "SELECT * {}", None)
    assert parse_sparql_request("POST", [], QUERY_TYPE, b"ASK {}").text == "ASK {}"


def test_updates_come_by_post_only_with_their_using_graphs() -> None:
    update = parse_sparql_request("POST", [("using-graph-uri", "urn:u")], UPDATE_TYPE, b"CLEAR ALL")
    assert (update.operation, update.text, update.using_graphs) == ("update", "CLEAR ALL", ("urn:u",))
    with pytest.raises(ProtocolError) as refused:
        parse_sparql_request("GET", [("update", "CLEAR ALL")], None, b"")
    assert refused.value.status == 400


def test_a_get_without_a_query_asks_for_the_service_description() -> None:
    assert parse_sparql_request("GET", [], None, b"").operation == "description"


@pytest.mark.parametrize(("method", "items", "content_type", "body", "status"), [
    ("POST", [], "text/plain", b"ASK {}", 415),
    ("PUT", [], QUERY_TYPE, b"ASK {}", 405),
    ("POST", [], FORM, b"", 400),
    ("POST", [("query", "ASK {}")], QUERY_TYPE, b"ASK {}", 400),
    ("POST", [], FORM, b"query=ASK+%7B%7D&update=CLEAR+ALL", 400),
    ("GET", [("query", "ASK {}"), ("query", "ASK {}")], None, b"", 400),
])
def test_requests_breaking_the_protocol_get_their_status(method: str, items: list, content_type: str | None,
                                                         body: bytes, status: int) -> None:
    with pytest.raises(ProtocolError) as refused:
        parse_sparql_request(method, items, content_type, body)
    assert refused.value.status == status


def test_the_format_parameter_comes_from_the_url_or_the_form_under_either_name() -> None:
    assert parse_sparql_request("GET", [("query", "ASK {}"), ("format", "csv")], None, b"").result_format == (
        "format", "csv")
    form = parse_sparql_request("POST", [], FORM, b"query=ASK+%7B%7D&output=json")
    assert form.result_format == ("output", "json")
    assert parse_sparql_request("GET", [("query", "ASK {}")], None, b"").result_format is None
    with pytest.raises(ProtocolError, match="'format' and 'output' with different values"):
        parse_sparql_request("GET", [("query", "ASK {}"), ("format", "csv"), ("output", "tsv")], None, b"")


def test_format_and_output_that_agree_are_one_choice() -> None:
    # SPARQLWrapper sends the same value under both names (and results=json, which is ignored).
    items = [("query", "ASK {}"), ("format", "json"), ("output", "json"), ("results", "json")]
    assert parse_sparql_request("GET", items, None, b"").result_format == ("format", "json")
