"""The SPARQL 1.1 Protocol endpoint at /sparql, over real HTTP on loopback."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi import FastAPI
from rdflib import Literal, URIRef

from alliancekg.graph.store import OxigraphStore, result_from_oxigraph
from alliancekg.server.app import ServiceApp, create_app
from alliancekg.server.protocol import ProtocolError, parse_sparql_request
from tests.servers import AKG_PERCENT, DATA_A, SCENARIO_S, make_test_store

pytestmark = pytest.mark.server

SD = "http://www.w3.org/ns/sparql-service-description#"
JSON = "application/sparql-results+json"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def solutions(response: httpx.Response) -> list[dict[str, object]]:
    """SPARQL JSON results as rows of pyoxigraph terms."""
    assert response.status_code == 200, response.text
    parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
    return [{v.value: row[v] for v in parsed.variables if row[v] is not None} for row in parsed]


def get(base: str, query: str, **kwargs: object) -> httpx.Response:
    return httpx.get(f"{base}/sparql", params={"query": query, **kwargs.pop("params", {})}, timeout=60, **kwargs)


# -- reading requests (pure) ----------------------------------------------------------

def test_get_and_both_posts_read_the_same_query() -> None:
    via_get = parse_sparql_request("GET", [("query", "ASK {}")], None, b"")
    via_form = parse_sparql_request("POST", [], "application/x-www-form-urlencoded", b"query=ASK+%7B%7D")
    via_direct = parse_sparql_request("POST", [], "application/sparql-query; charset=utf-8", b"ASK {}")
    assert via_get == via_form == via_direct
    assert via_get.operation == "query" and via_get.text == "ASK {}"


def test_dataset_parameters_are_read_from_url_and_form() -> None:
    parsed = parse_sparql_request(
        "POST", [("default-graph-uri", "urn:g1")], "application/x-www-form-urlencoded",
        b"query=ASK%7B%7D&default-graph-uri=urn%3Ag2&named-graph-uri=urn%3Ag3",
    )
    assert parsed.default_graphs == ("urn:g1", "urn:g2")
    assert parsed.named_graphs == ("urn:g3",)
    assert parse_sparql_request("GET", [("query", "ASK{}")], None, b"").default_graphs is None
    update = parse_sparql_request("POST", [("using-named-graph-uri", "urn:g")], "application/sparql-update",
                                  b"CLEAR ALL")
    assert update.operation == "update" and update.using_named_graphs == ("urn:g",)


@pytest.mark.parametrize(("method", "items", "content_type", "body", "status"), [
    ("GET", [("query", "ASK {}"), ("query", "SELECT * {}")], None, b"", 400),
    ("GET", [("update", "CLEAR ALL")], None, b"", 400),
    ("POST", [], "application/x-www-form-urlencoded", b"query=ASK%7B%7D&update=CLEAR%20ALL", 400),
    ("POST", [], "application/x-www-form-urlencoded", b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", 400),
    ("POST", [], "application/x-www-form-urlencoded", b"", 400),
    ("POST", [], None, b"ASK {}", 415),
    ("POST", [], "text/plain", b"ASK {}", 415),
    ("POST", [], "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415),
    ("POST", [], "application/sparql-update; charset=latin-1", b"CLEAR ALL", 415),
    ("POST", [], "application/sparql-query", b"ASK { \xff }", 400),
    ("POST", [("query", "ASK {}")], "application/sparql-query", b"ASK {}", 400),
    ("GET", [("query", "ASK {}"), ("default-graph-uri", "not an iri")], None, b"", 400),
    ("PUT", [("query", "ASK {}")], "application/x-www-form-urlencoded", b"", 405),
])
def test_protocol_violations(method: str, items: list, content_type: str | None, body: bytes, status: int) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_sparql_request(method, items, content_type, body)
    assert caught.value.status == status


def test_get_without_query_asks_for_the_description() -> None:
    assert parse_sparql_request("GET", [], None, b"").operation == "description"


# -- queries over HTTP -------------------------------------------------------------------

def test_default_graph_is_the_union_of_data_graphs_without_scenarios(test_server: str) -> None:
    rows = solutions(get(test_server, "SELECT ?p WHERE { <urn:ex:msft> akg:percent ?p }"))
    assert [int(r["p"].value) for r in rows] == [27]
    rows = solutions(get(test_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { <urn:ex:msft> ?x ?y } } ORDER BY ?g"))
    assert [r["g"].value for r in rows] == [str(DATA_A), str(SCENARIO_S)]


def test_answers_match_the_embedded_store(test_server: str, test_store_path: Path) -> None:
    queries = [
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "ASK { <urn:ex:openai> rdfs:label 'OpenAI'@en }",
    ]
    store = OxigraphStore(test_store_path, read_only=True)
    try:
        for query in queries:
            expected = store.query(query)
            response = get(test_server, query)
            assert response.status_code == 200, response.text
            served = result_from_oxigraph(ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON))
            assert served == expected, query
    finally:
        store.close()


def test_protocol_dataset_replaces_the_default(test_server: str) -> None:
    query = "SELECT ?p WHERE { <urn:ex:msft> akg:percent ?p }"
    rows = solutions(get(test_server, query, params={"default-graph-uri": str(SCENARIO_S)}))
    assert [int(r["p"].value) for r in rows] == [99]
    rows = solutions(get(test_server, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                         params={"named-graph-uri": str(DATA_A)}))
    assert {r["g"].value for r in rows} == {str(DATA_A)}
    # Naming only named graphs leaves an empty default graph.
    assert solutions(get(test_server, query, params={"named-graph-uri": str(DATA_A)})) == []


def test_from_in_the_query_is_respected_without_protocol_dataset(test_server: str) -> None:
    rows = solutions(get(test_server, f"SELECT ?p FROM <{SCENARIO_S}> WHERE {{ <urn:ex:msft> akg:percent ?p }}"))
    assert [int(r["p"].value) for r in rows] == [99]


def test_post_form_and_direct(test_server: str) -> None:
    query = "SELECT ?l WHERE { <urn:ex:msft> rdfs:label ?l }"
    form = httpx.post(f"{test_server}/sparql", data={"query": query}, timeout=30)
    direct = httpx.post(f"{test_server}/sparql", content=query.encode(), timeout=30,
                        headers={"Content-Type": "application/sparql-query"})
    assert solutions(form) == solutions(direct) == [{"l": ox.Literal("Microsoft")}]


def test_hostile_literal_comes_back_intact(test_server: str) -> None:
    [row] = solutions(get(test_server, "SELECT ?n WHERE { <urn:ex:openai> <urn:ex:note> ?n }"))
    assert row["n"].value == 'tricky "}{# \\ \n value'


@pytest.mark.parametrize(("accept", "media_type", "fmt"), [
    (JSON, JSON, ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/csv;q=0.9, application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("*/*", JSON, ox.QueryResultsFormat.JSON),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml", ox.QueryResultsFormat.XML),
])
def test_select_results_in_each_format(test_server: str, accept: str, media_type: str,
                                       fmt: ox.QueryResultsFormat) -> None:
    response = get(test_server, "SELECT ?s ?p WHERE { ?s akg:percent ?p }", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    rows = list(ox.parse_query_results(response.content, fmt))
    assert [(r["s"].value, r["p"].value) for r in rows] == [("urn:ex:msft", "27")]


def test_select_as_csv(test_server: str) -> None:
    response = get(test_server, "SELECT ?s ?p WHERE { ?s akg:percent ?p }", headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.splitlines() == ["s,p", "urn:ex:msft,27"]


def test_ask_formats_and_not_acceptable(test_server: str) -> None:
    response = get(test_server, "ASK { ?s akg:percent 27 }", headers={"Accept": "application/sparql-results+xml"})
    assert bool(ox.parse_query_results(response.content, ox.QueryResultsFormat.XML)) is True
    response = get(test_server, "ASK { ?s akg:percent 99 }")
    assert bool(ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)) is False
    refused = get(test_server, "ASK { }", headers={"Accept": "text/csv"})
    assert refused.status_code == 406
    assert "Accept" in refused.text


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_and_describe_in_each_format(test_server: str, accept: str, fmt: ox.RdfFormat) -> None:
    expected = {
        ox.Triple(ox.NamedNode("urn:ex:msft"), ox.NamedNode(str(AKG_PERCENT)),
                  ox.Literal("27", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        ox.Triple(ox.NamedNode("urn:ex:msft"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                  ox.Literal("Microsoft")),
    }
    for query in ("CONSTRUCT { <urn:ex:msft> ?p ?o } WHERE { <urn:ex:msft> ?p ?o }", "DESCRIBE <urn:ex:msft>"):
        response = get(test_server, query, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == accept
        parsed = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=fmt)}
        assert parsed == expected, query


def test_construct_refuses_result_set_media_types(test_server: str) -> None:
    response = get(test_server, "CONSTRUCT WHERE { ?s ?p ?o }", headers={"Accept": JSON})
    assert response.status_code == 406


def test_malformed_query_gets_a_readable_message(test_server: str) -> None:
    response = get(test_server, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400
    assert response.text.startswith("malformed query: line 1, column ")
    hostile = (Path(__file__).resolve().parents[1] / "data" / "hostile" / "query-malformed-term.rq").read_text()
    readable = get(test_server, hostile)
    assert readable.status_code == 400
    assert readable.text.startswith('malformed query: line 6, column 1 (at "}"): expected a variable')
    assert "\\u{" not in readable.text
    unterminated = get(test_server, 'SELECT * WHERE { ?s ?p "open }')
    assert unterminated.status_code == 400


def test_malformed_accept_header(test_server: str) -> None:
    assert get(test_server, "ASK {}", headers={"Accept": "garbage"}).status_code == 400


def test_unsupported_media_type_over_http(test_server: str) -> None:
    response = httpx.post(f"{test_server}/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert httpx.put(f"{test_server}/sparql", content=b"ASK {}").status_code == 405


def test_service_description(test_server: str) -> None:
    response = httpx.get(f"{test_server}/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    store = ox.Store()
    store.load(response.content, format=ox.RdfFormat.TURTLE)
    endpoint = list(store.query(f"SELECT ?e WHERE {{ ?s a <{SD}Service> ; <{SD}endpoint> ?e }}"))
    assert [r["e"].value for r in endpoint] == [f"{test_server}/sparql"]
    names = {r["n"].value for r in store.query(f"SELECT ?n WHERE {{ ?d <{SD}namedGraph>/<{SD}name> ?n }}")}
    assert str(DATA_A) in names and str(SCENARIO_S) in names
    assert not store.query(f"ASK {{ ?s <{SD}supportedLanguage> <{SD}SPARQL11Update> }}")
    xml = httpx.get(f"{test_server}/sparql", headers={"Accept": "application/rdf+xml"})
    assert xml.headers["content-type"] == "application/rdf+xml"
    assert len(list(ox.parse(xml.content, format=ox.RdfFormat.RDF_XML))) == len(store)


def test_read_only_server_refuses_writes(test_server: str) -> None:
    response = httpx.post(f"{test_server}/sparql", data={"update": "CLEAR ALL"},
                          headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "--allow-updates" in response.text
    assert httpx.get(f"{test_server}/store", params={"default": ""}).status_code == 403
    assert solutions(get(test_server, "SELECT ?s WHERE { ?s akg:percent 27 }"))  # data still there


def test_service_to_other_hosts_is_refused_by_default(test_server: str) -> None:
    response = get(test_server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert response.status_code == 403
    assert "--allow-service" in response.text


def test_service_works_when_allowed(test_server: str, test_store_path: Path, tmp_path: Path, serve_app) -> None:
    own = OxigraphStore(tmp_path / "own")
    own.replace_graph(DATA_A, [(URIRef("urn:ex:local"), URIRef("urn:ex:p"), Literal("here"))])
    own.close()
    url = serve_app(create_app(tmp_path / "own", allow_service=True, workers=1))
    query = f"SELECT ?p WHERE {{ SERVICE <{test_server}/sparql> {{ <urn:ex:msft> <{AKG_PERCENT}> ?p }} }}"
    assert [int(r["p"].value) for r in solutions(get(url, query))] == [27]


# -- limits --------------------------------------------------------------------------------

@pytest.fixture
def bigger_store(tmp_path: Path) -> Path:
    path = make_test_store(tmp_path / "bigger")
    store = OxigraphStore(path)
    store.replace_graph(URIRef("https://w3id.org/alliance-kg/graph/test/many"),
                        [(URIRef(f"urn:ex:n{i}"), URIRef("urn:ex:value"), Literal(i)) for i in range(300)])
    store.close()
    return path


def test_slow_query_is_stopped_and_does_not_block_others(bigger_store: Path, serve_app) -> None:
    url = serve_app(create_app(bigger_store, query_timeout=2.0, workers=2))
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["response"] = get(url, SLOW_QUERY)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    fast = get(url, "SELECT ?p WHERE { <urn:ex:msft> akg:percent ?p }")
    assert fast.status_code == 200
    assert time.monotonic() - started < 1.5
    assert thread.is_alive()  # the slow one is still running meanwhile
    thread.join(30)
    response = slow["response"]
    assert response.status_code == 504
    assert "--query-timeout" in response.text
    assert 1.9 < slow["seconds"] < 10
    # The killed worker is replaced: the pool keeps answering.
    for _ in range(4):
        assert get(url, "ASK { ?s akg:percent 27 }").status_code == 200


def test_busy_pool_answers_503(bigger_store: Path, serve_app) -> None:
    url = serve_app(create_app(bigger_store, query_timeout=3.0, queue_timeout=0.5, workers=1))
    thread = threading.Thread(target=get, args=(url, SLOW_QUERY))
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    response = get(url, "ASK {}")
    waited = time.monotonic() - started
    thread.join(30)
    assert 0.4 < waited < 2.5
    assert response.status_code == 503
    assert response.headers.get("retry-after") == "1"
    assert "busy" in response.text


def test_result_size_limit(test_store_path: Path, serve_app) -> None:
    url = serve_app(create_app(test_store_path, max_results=2, workers=1))
    too_many = get(url, "SELECT * WHERE { ?s ?p ?o }")
    assert too_many.status_code == 422
    assert "--max-results" in too_many.text
    assert len(solutions(get(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 2"))) == 2
    assert get(url, "CONSTRUCT WHERE { ?s ?p ?o }").status_code == 422
    assert get(url, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2").status_code == 200
    csv = get(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 2", headers={"Accept": "text/csv"})
    assert len(csv.text.splitlines()) == 3


def test_oversized_request_is_refused(test_store_path: Path, serve_app) -> None:
    url = serve_app(create_app(test_store_path, max_request_bytes=1000, workers=1))
    padding = "# " + "x" * 2000 + "\n"
    response = httpx.post(f"{url}/sparql", content=(padding + "ASK {}").encode(),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    small = httpx.post(f"{url}/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert small.status_code == 200


def test_cors_only_when_configured(test_server: str, test_store_path: Path, serve_app) -> None:
    origin = {"Origin": "https://example.org"}
    assert "access-control-allow-origin" not in get(test_server, "ASK {}", headers=origin).headers
    url = serve_app(create_app(test_store_path, cors_origins=["https://example.org"], workers=1))
    assert get(url, "ASK {}", headers=origin).headers["access-control-allow-origin"] == "https://example.org"
    preflight = httpx.options(f"{url}/sparql", headers={
        **origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    other = get(url, "ASK {}", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


# -- updates -----------------------------------------------------------------------------

@pytest.fixture
def writable(tmp_path: Path, serve_app) -> str:
    return serve_app(create_app(make_test_store(tmp_path / "rw"), allow_updates=True, token="s3cret", workers=2))


def test_updates_need_the_token(writable: str) -> None:
    update = {"update": "INSERT DATA { GRAPH <urn:g:new> { <urn:ex:x> <urn:ex:p> 1 } }"}
    missing = httpx.post(f"{writable}/sparql", data=update)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = httpx.post(f"{writable}/sparql", data=update, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert not get(writable, "ASK { GRAPH <urn:g:new> { ?s ?p ?o } }").json()["boolean"]
    done = httpx.post(f"{writable}/sparql", data=update, headers={"Authorization": "Bearer s3cret"},
                      timeout=120)  # validated (SHACL, HermiT) before it is committed
    assert done.status_code == 204
    # Readers see the write at once (they reopen the store after each write).
    assert get(writable, "ASK { GRAPH <urn:g:new> { <urn:ex:x> <urn:ex:p> 1 } }").json()["boolean"]


def test_update_with_protocol_using_graphs(writable: str) -> None:
    auth = {"Authorization": "Bearer s3cret", "Content-Type": "application/sparql-update"}
    update = "INSERT { GRAPH <urn:g:out> { ?s a <urn:ex:Percented> } } WHERE { ?s akg:percent ?p }"
    response = httpx.post(f"{writable}/sparql", params={"using-graph-uri": str(SCENARIO_S)}, content=update,
                          headers=auth, timeout=120)
    assert response.status_code == 204, response.text
    assert get(writable, "ASK { GRAPH <urn:g:out> { <urn:ex:msft> a <urn:ex:Percented> } }").json()["boolean"]
    conflict = httpx.post(f"{writable}/sparql", params={"using-graph-uri": str(DATA_A)}, headers=auth,
                          content=f"WITH <{DATA_A}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}")
    assert conflict.status_code == 400


def test_bad_and_outbound_updates_are_refused(writable: str) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    bad = httpx.post(f"{writable}/sparql", data={"update": "CLEAR XYZ"}, headers=auth)
    assert bad.status_code == 400 and "malformed update" in bad.text
    load = httpx.post(f"{writable}/sparql", data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"}, headers=auth)
    assert load.status_code == 403 and "--allow-service" in load.text


def test_updates_and_token_go_together(test_store_path: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(test_store_path, allow_updates=True)


def test_in_memory_store_is_served_in_threads(serve_app) -> None:
    store = OxigraphStore()
    store.replace_graph(DATA_A, [(URIRef("urn:ex:m"), AKG_PERCENT, Literal(5))])
    url = serve_app(create_app(store))
    assert [int(r["p"].value) for r in solutions(get(url, "SELECT ?p { ?s akg:percent ?p }"))] == [5]
    assert httpx.post(f"{url}/sparql", data={"update": "CLEAR ALL"}).status_code == 403


def test_a_rebuilt_store_is_picked_up(tmp_path: Path, serve_app) -> None:
    from alliancekg.graph.store import swap_in

    path = make_test_store(tmp_path / "live")
    url = serve_app(create_app(path, workers=1))
    assert not get(url, "ASK { ?s akg:percent 42 }").json()["boolean"]
    fresh = OxigraphStore(tmp_path / "fresh")
    fresh.replace_graph(DATA_A, [(URIRef("urn:ex:new"), AKG_PERCENT, Literal(42))])
    fresh.close()
    swap_in(tmp_path / "fresh", path)
    assert get(url, "ASK { ?s akg:percent 42 }").json()["boolean"]


def test_workers_know_the_scenario_namespace() -> None:
    from alliancekg.ontology.namespaces import SCENARIO
    from alliancekg.server.operations import SCENARIO_PREFIX

    assert str(SCENARIO) == SCENARIO_PREFIX


# -- the shortcut past the router -----------------------------------------------------

#: Requests to /sparql of every kind the endpoint answers: (method, params, headers, body).
SHORTCUT_REQUESTS = [
    ("GET", {"query": "ASK {}"}, {"Accept": JSON}, None),
    ("HEAD", {"query": "SELECT * WHERE { ?s ?p ?o }"}, {"Accept": "text/csv"}, None),
    ("POST", {}, {"Content-Type": "application/x-www-form-urlencoded"}, b"query=SELECT+*+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D"),
    ("POST", {}, {"Content-Type": "application/sparql-query", "Origin": "https://example.org"}, b"ASK {}"),
    ("POST", {}, {"Content-Type": "text/plain"}, b"ASK {}"),
    ("POST", {}, {"Content-Type": "application/sparql-query"}, b"# " + b"x" * 3000 + b"\nASK {}"),
    ("POST", {}, {"Content-Type": "application/sparql-update"}, b"CLEAR ALL"),
    ("GET", {"query": "SELECT * WHERE { ?s ?p"}, {}, None),
    ("GET", {"query": "ASK {}", "access_token": "abc"}, {}, None),
    ("GET", {"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"}, {}, None),
    ("GET", {"query": "ASK {}"}, {"Accept": "image/png"}, None),
    ("GET", {}, {"Accept": "text/turtle"}, None),
    ("PUT", {}, {"Content-Type": "application/sparql-query"}, b"ASK {}"),
]


def _routed(app: ServiceApp) -> object:
    """``app``, with requests under ``/routed`` answered by the full middleware and router (no shortcut)."""
    async def dispatch(scope: dict, receive: object, send: object) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/routed/"):
            path = scope["path"].removeprefix("/routed")
            await FastAPI.__call__(app, {**scope, "path": path, "raw_path": path.encode()}, receive, send)
        else:
            await app(scope, receive, send)

    return dispatch


def test_the_shortcut_answers_as_the_router_does(test_store_path: Path, serve_app) -> None:
    app = create_app(test_store_path, workers=1, max_request_bytes=2000, cors_origins=["https://example.org"])
    assert isinstance(app, ServiceApp)
    url = serve_app(_routed(app))
    for method, params, headers, body in SHORTCUT_REQUESTS:
        answers = [httpx.request(method, f"{url}{prefix}/sparql", params=params, headers=headers, content=body,
                                 timeout=60) for prefix in ("", "/routed")]
        # The service description names its node with a fresh blank node each time.
        shortcut, routed = ((a.status_code, {k: v for k, v in a.headers.items() if k not in ("date", "content-length")},
                             re.sub(rb"_:\w+", b"_:node", a.content)) for a in answers)
        assert shortcut == routed, (method, params, headers)
        if method != "HEAD":
            assert all(int(a.headers["content-length"]) == len(a.content) for a in answers)
    assert app._sparql_stack is not None  # the requests to /sparql took the shortcut


def test_each_host_name_gets_its_own_endpoint_url(test_server: str) -> None:
    port = test_server.rsplit(":", 1)[1]
    for host in ("a.example", "b.example", "a.example", f"127.0.0.1:{port}"):
        response = httpx.get(f"{test_server}/sparql", headers={"Accept": "application/n-triples", "Host": host},
                             timeout=60)
        assert response.status_code == 200
        assert f"<http://{host}/sparql>" in response.text.split("sparql-service-description#endpoint>", 1)[1]
