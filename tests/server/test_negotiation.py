"""Content negotiation of the SPARQL service."""

from __future__ import annotations

import httpx
import pandas
import pyoxigraph as ox
import pytest

from alliancekg.server.negotiation import (
    GRAPH_TYPES,
    SELECT_TYPES,
    NegotiationError,
    choose,
    choose_per_kind,
    content_type,
    media_type_of,
    media_types_for_format,
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


def test_the_format_parameter_names_a_media_type_per_answer_kind() -> None:
    assert media_types_for_format("csv") == {"select": "text/csv", "ask": None, "graph": None}
    assert media_types_for_format("JSON")["graph"] == "application/ld+json"
    assert media_types_for_format("ntriples") == {"select": None, "ask": None, "graph": "application/n-triples"}
    with pytest.raises(NegotiationError, match=r"'output' parameter is 'xlsx'.*csv"):
        media_types_for_format("xlsx", parameter="output")


def sparql_get(base: str, query: str, **params: str) -> httpx.Response:
    return httpx.get(f"{base}/sparql", params={"query": query, **params},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)


@pytest.mark.server
def test_format_parameter_overrides_accept_so_pandas_reads_a_query_url(test_server: str) -> None:
    url = str(httpx.URL(f"{test_server}/sparql", params={"query": "SELECT ?s ?p WHERE { ?s akg:percent ?p }"}))
    frame = pandas.read_csv(url + "&format=csv")
    assert list(frame.columns) == ["s", "p"] and frame.to_dict("records") == [{"s": "urn:ex:msft", "p": 27}]
    tsv = pandas.read_csv(url + "&output=tsv", sep="\t")
    assert list(tsv.columns) == ["?s", "?p"]
    for name, media_type in [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml")]:
        response = sparql_get(test_server, "ASK { ?s akg:percent 27 }", format=name)
        assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.server
def test_format_parameter_for_construct_gives_turtle_or_ntriples(test_server: str) -> None:
    query = "CONSTRUCT { ?s akg:percent ?p } WHERE { ?s akg:percent ?p }"
    for name, fmt in [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES)]:
        response = sparql_get(test_server, query, format=name)
        assert response.status_code == 200, response.text
        assert [t.subject.value for t in ox.parse(response.content, format=fmt)] == ["urn:ex:msft"]
    form = httpx.post(f"{test_server}/sparql", data={"query": query, "format": "ntriples"}, timeout=30)
    assert form.headers["content-type"].startswith("application/n-triples")


@pytest.mark.server
def test_a_bad_format_value_is_a_400_naming_the_parameter(test_server: str) -> None:
    unknown = sparql_get(test_server, "SELECT * WHERE { ?s ?p ?o }", format="xlsx")
    assert unknown.status_code == 400
    assert "'format' parameter is 'xlsx'" in unknown.text and "csv" in unknown.text
    unfit = sparql_get(test_server, "CONSTRUCT WHERE { ?s ?p ?o }", format="csv")
    assert unfit.status_code == 400 and "'format' parameter is 'csv'" in unfit.text
    both = sparql_get(test_server, "ASK {}", format="json", output="xml")
    assert both.status_code == 400 and "'format' and 'output'" in both.text
