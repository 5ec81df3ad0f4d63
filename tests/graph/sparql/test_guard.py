"""SERVICE and LOAD tricks from the hostile corpus, sent to real servers on loopback.

Each hostile text names a second HTTP listener on loopback (``{endpoint}``) that records every
request it gets.  A server started without ``--allow-service`` must answer 403 and the listener
must have received nothing; with ``--allow-updates`` the store must be left as it was.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from alliancekg.graph.sparql import guard as sparql_guard
from alliancekg.graph.sparql.lexer import has_keyword
from alliancekg.server.app import create_app
from tests.servers import make_test_store

pytestmark = pytest.mark.server

HOSTILE = Path(__file__).parents[2] / "data" / "hostile"
TOKEN = "guard-test-token"
QUERIES = sorted(HOSTILE.glob("sparql-service-*.rq"))
UPDATES = sorted(HOSTILE.glob("sparql-load-*.ru"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class Listener:
    """An HTTP server on loopback that records the path of every request and answers an empty result."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                body = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_port}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def hostile(path: Path, listener: Listener) -> str:
    return path.read_text(encoding="utf-8").replace("{endpoint}", listener.endpoint)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_hidden_service_is_refused_and_nothing_is_contacted(test_server: str, listener: Listener, path: Path) -> None:
    response = httpx.post(f"{test_server}/sparql", data={"query": hostile(path, listener)}, timeout=60)
    assert response.status_code == 403, response.text
    assert "SERVICE" in response.text
    assert listener.requests == []


@pytest.fixture
def writable(serve_app: object, tmp_path: Path) -> str:
    store = make_test_store(tmp_path / "store")
    return serve_app(create_app(store, allow_updates=True, token=TOKEN, workers=1))


def count(url: str) -> str:
    response = httpx.post(f"{url}/sparql", data={"query": COUNT}, headers={"Accept": "text/csv"}, timeout=60)
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.parametrize("path", UPDATES, ids=lambda p: p.name)
@pytest.mark.parametrize("using", [False, True], ids=["plain", "using-graph-uri"])
def test_hidden_load_is_refused_and_the_store_is_unchanged(writable: str, listener: Listener, path: Path,
                                                           using: bool) -> None:
    before = count(writable)
    data = {"update": hostile(path, listener)}
    if using:
        data["using-graph-uri"] = "urn:ex:g"
    response = httpx.post(f"{writable}/sparql", data=data, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert response.status_code == 403, response.text
    assert listener.requests == []
    assert count(writable) == before


def test_a_hidden_using_clause_conflicts_with_using_graph_uri(writable: str) -> None:
    text = (HOSTILE / "sparql-using-hidden.ru").read_text(encoding="utf-8")
    before = count(writable)
    response = httpx.post(f"{writable}/sparql", data={"update": text, "using-graph-uri": "urn:ex:other"},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert response.status_code == 400, response.text
    assert "USING" in response.text
    assert count(writable) == before


def test_with_allow_service_the_listener_is_reached(serve_app: object, test_store_path: Path,
                                                     listener: Listener) -> None:
    # The listener really records what a server sends: the refusals above are not vacuous.
    url = serve_app(create_app(test_store_path, allow_service=True, workers=1))
    text = hostile(HOSTILE / "sparql-service-dotted-number.rq", listener)
    response = httpx.post(f"{url}/sparql", data={"query": text}, timeout=60)
    assert response.status_code == 200, response.text
    assert listener.requests


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s ?p "a service agreement" }',
    "PREFIX ex: <urn:ex:> SELECT ?download WHERE { ?download ex:serviceLevel ?l } # SERVICE",
    "SELECT * WHERE { ?s <urn:ex:SERVICE> ?o }",
])
def test_service_letters_outside_keywords_are_allowed(text: str) -> None:
    assert sparql_guard.outbound_operations(text, "query") == frozenset()


def test_unicode_escapes_outside_strings_are_no_keywords_for_oxigraph() -> None:
    # The letter check assumes Oxigraph does not expand escapes outside strings and IRIs.
    for text in ("SELECT * WHERE { SERV\\u0049CE <http://127.0.0.1:1/> { ?s ?p ?o } }",
                 "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"):
        with pytest.raises(SyntaxError):
            ox.Store().query(text)


def test_unparsable_text_with_the_letters_is_refused() -> None:
    with pytest.raises(sparql_guard.UncheckedText):
        sparql_guard.outbound_operations("SELECT * WHERE { ?s ?p trueSERVICE <http://x/> { } }", "query")


@pytest.mark.parametrize("name", ["sparql-service-escaped-quote.rq", "sparql-service-cr-comment.rq",
                                  "sparql-service-long-string.rq", "sparql-service-dotted-number.rq"])
def test_rdflib_alone_sees_the_hidden_service(name: str) -> None:
    # rdflib expands \u escapes everywhere and ends comments at \n only; the guard undoes both.
    text = (HOSTILE / name).read_text(encoding="utf-8").replace("{endpoint}", "http://127.0.0.1:1/")
    assert sparql_guard.parsed_outbound(text, "query") == {"SERVICE"}


# -- soundness against Oxigraph's own parser ----------------------------------------------

SERVICE_LETTERS = re.compile("service", re.IGNORECASE)
ELEMENTS = [
    '?s ?p "a"', "?s ?p 'b'", '?s ?p """x"y""z"""', 'VALUES ?x { """a"""" " }', "VALUES ?x { '''a'''' ' }",
    '?s ?p "\\u0022"', "?s <urn:x#y> ?o", "BIND(<urn:x\\u0041#> AS ?z)", "?s ?p true", "?s ?p 27", "?s ?p 1.5",
    "?s ?p ex:o", "?s ?p ex:o.", "?s ex:p ?o ;", "FILTER(?s<STR(?o)&&?s>0)", "BIND(1 AS ?z)", "?s ?p ?o .",
    "{ SELECT ?s WHERE { ?s ?p ?o } }", "OPTIONAL { ?s ?p ?o }", '?s ?p "SERVICE <http://127.0.0.1:1/> {}"',
    "?s <http://127.0.0.1:1/SERVICE> ?o", '?s ?p """a"""', "?service ?p ?o", '?s ?p "a"@en', "?s ?p _:b",
]
GLUE = ["", " ", "\n", "\r", "\t", " # c\n", " #c\r", "#\n", " . "]


def oxigraph_parses(text: str) -> bool:
    """True if Oxigraph parses the query (a SELECT is evaluated lazily: nothing runs here)."""
    try:
        ox.Store().query(text)
    except (SyntaxError, RuntimeError):
        return False
    return True


def oxigraph_sees_service(text: str) -> bool:
    """True if Oxigraph reads a SERVICE keyword in ``text``.

    It does when the text parses but no longer does once every "service" is spelt "xervice":
    changing letters moves no string, IRI or comment boundary, and "xervice" is no keyword.
    """
    masked = SERVICE_LETTERS.sub(lambda match: "x" + match.group()[1:], text)
    return oxigraph_parses(text) and not oxigraph_parses(masked)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ELEMENTS), max_size=3),
       st.sampled_from(["SERVICE", "service", "SeRvIcE", "SERVICE SILENT"]),
       st.lists(st.sampled_from(ELEMENTS), max_size=3), st.sampled_from(GLUE), st.sampled_from(GLUE),
       st.sampled_from(["", ' # "', ' # """', "#"]))
@example(["?s ?p true"], "SERVICE", [], "", " ", "")
@example(['VALUES ?x { """a"""" " }'], "SERVICE", ['?s ?p "a"'], " ", " ", ' # "')
def test_the_guard_refuses_whatever_oxigraph_reads_as_service(before: list[str], keyword: str, after: list[str],
                                                               glue: str, around: str, tail: str) -> None:
    text = (f"PREFIX ex: <urn:ex:> SELECT * WHERE {{ {glue.join(before)}{glue}{keyword} <http://127.0.0.1:1/> "
            f"{{ ?a ?b ?c }}{around}{around.join(after)} }}{tail}")
    if not oxigraph_sees_service(text):
        return
    assert has_keyword(text, "SERVICE")  # the tokenizer alone agrees with Oxigraph
    try:
        found = sparql_guard.outbound_operations(text, "query")
    except sparql_guard.UncheckedText:
        return  # refused as well
    assert "SERVICE" in found


UPDATE_ELEMENTS = [
    'INSERT DATA { <urn:ex:a> <urn:ex:b> """a""", " " }', "INSERT DATA { <urn:ex:a> <urn:ex:b> '''a'''' ' }",
    'INSERT { ?s ?p ?x } WHERE { VALUES ?x { """a"""" " } ?s ?p ?o }', "CLEAR SILENT GRAPH <urn:x#y>",
    "INSERT { ?z <urn:ex:b> 1 } WHERE { BIND(<urn:x\\u0041#> AS ?z) }", "INSERT DATA { <urn:ex:a> <urn:ex:b> true }",
    'DELETE WHERE { ?s <urn:ex:load> "LOAD <http://127.0.0.1:1/>" }', "INSERT DATA { <urn:ex:a> <urn:ex:b> 27 }",
]
LOADS_SEEN: list[str] = []
UPDATE_GLUE = [" ; ", ";", " ;\n", " ; # c\r", ";#\n"]


def oxigraph_loads(text: str) -> bool:
    """True if Oxigraph runs a LOAD in ``text`` on a scratch in-memory store.

    The generated LOADs name port 1 of loopback, which Oxigraph refuses to contact with an
    ``OSError`` when the LOAD runs; nothing else in these updates can raise one.
    """
    try:
        ox.Store().update(text)
    except SyntaxError:
        return False
    except OSError:
        return True
    return False


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(UPDATE_ELEMENTS), max_size=2), st.sampled_from(["LOAD", "load", "LoAd"]),
       st.lists(st.sampled_from(UPDATE_ELEMENTS), max_size=2), st.sampled_from(UPDATE_GLUE),
       st.sampled_from(["", ' # "', ' # """', "#"]))
@example(['INSERT { ?s ?p ?x } WHERE { VALUES ?x { """a"""" " } ?s ?p ?o }'], "LOAD",
         ['INSERT DATA { <urn:ex:a> <urn:ex:b> """a""", " " }'], " ; ", ' # "')
def test_the_guard_refuses_whatever_oxigraph_runs_as_load(before: list[str], keyword: str, after: list[str],
                                                           glue: str, tail: str) -> None:
    text = glue.join([*before, f"{keyword} <http://127.0.0.1:1/data.ttl>", *after]) + tail
    if not oxigraph_loads(text):
        return
    LOADS_SEEN.append(text)
    assert has_keyword(text, "LOAD")
    try:
        found = sparql_guard.outbound_operations(text, "update")
    except sparql_guard.UncheckedText:
        return
    assert "LOAD" in found


def test_the_load_oracle_sees_loads() -> None:
    # The property above is not vacuous: Oxigraph ran a LOAD for some of the generated updates.
    LOADS_SEEN.clear()
    test_the_guard_refuses_whatever_oxigraph_runs_as_load()
    assert LOADS_SEEN


def test_a_text_too_long_to_parse_is_refused_only_if_it_has_the_letters() -> None:
    padding = "?s ?p ?o . " * (sparql_guard.MAX_CHECKED_CHARS // 10)
    assert sparql_guard.outbound_operations(f"SELECT * WHERE {{ {padding} }}", "query") == frozenset()
    with pytest.raises(sparql_guard.UncheckedText, match="characters"):
        sparql_guard.outbound_operations(f"SELECT * WHERE {{ {padding} }} # a service note", "query")


def test_an_update_sent_as_a_query_changes_nothing(writable: str) -> None:
    # Query or update is the protocol parameter, and Oxigraph's query parser takes no update.
    text = (HOSTILE / "sparql-update-as-query.rq").read_text(encoding="utf-8")
    before = count(writable)
    response = httpx.post(f"{writable}/sparql", data={"query": text}, headers={"Authorization": f"Bearer {TOKEN}"},
                          timeout=60)
    assert response.status_code == 400, response.text
    assert count(writable) == before


def test_every_hostile_outbound_text_takes_the_parsed_path() -> None:
    # The server answers without parsing only what can_hold_outbound rules out: no hostile text may be.
    texts = sorted([*HOSTILE.glob("sparql-service-*.rq"), *HOSTILE.glob("sparql-load-*.ru")])
    assert texts
    for path in texts:
        assert sparql_guard.can_hold_outbound(path.read_text(encoding="utf-8")), path.name
    assert not sparql_guard.can_hold_outbound("SELECT * WHERE { ?s ?p ?o }")
