"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests, over real HTTP.

The manifests come from the shared ``datasets/sparql11-protocol`` folder.  One server runs with
updates allowed on a scratch store; before each test the store is emptied (``DROP ALL``) and
the test's ``ut:graphData`` files are loaded with Graph Store Protocol ``PUT`` requests.

Deviations from a bare run of the suite, all on the runner's side:

* request paths ``/sparql/`` and ``/gsp`` are mapped to this server's ``/sparql`` and ``/store``
  (the manifests ask runners to do so);
* every request carries ``Authorization: Bearer TOKEN``, since this server takes writes only
  from clients that have the token.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from alliancekg.server.app import create_app
from tests.conftest import shared_dir
from tests.server.w3c_manifest import ProtocolTest, Request, read_manifest
from tests.servers import LiveServer

pytestmark = pytest.mark.server

SUITE = shared_dir() / "datasets" / "sparql11-protocol"
TOKEN = "w3c-test-token"
SD = "http://www.w3.org/ns/sparql-service-description#"

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": None,
}
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}

#: Tests not run, with the reason (shown by pytest -ra and listed in docs/reference/http-api.md).
SKIPS = {
    "http-rdf-update": "deprecated (dawg:Deprecated) in favour of graph-store-protocol/; its tests exist only as "
                       "prose HTTP transcripts in rdfs:comment, with no machine-readable requests",
}


def load(relative: str) -> list[ProtocolTest]:
    path = SUITE / relative
    return read_manifest(path) if path.is_file() else []


def cases(relative: str) -> list[object]:
    return [pytest.param(test, id=test.id) for test in load(relative)]


if not SUITE.is_dir():
    pytest.skip(f"the shared W3C protocol tests are not at {SUITE} (set ALLIANCEKG_SHARED)", allow_module_level=True)


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("w3c") / "store"
    server = LiveServer(create_app(store, allow_updates=True, token=TOKEN, workers=2)).start()
    yield server.url
    server.stop()


@pytest.fixture
def client(w3c_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=w3c_server, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60,
                      follow_redirects=False) as http:
        yield http


def reset(client: httpx.Client, test: ProtocolTest) -> None:
    """Empty the store, then load the test's data files into the graphs they name."""
    response = client.post("/sparql", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 204, response.text
    for file, graph in test.graph_data:
        response = client.put("/store", params={"graph": graph}, content=file.read_bytes(),
                              headers={"Content-Type": "application/n-triples"})
        assert response.status_code in (201, 204), response.text


def local_path(path: str) -> str:
    if path.startswith("/sparql/"):
        return "/sparql" + path[len("/sparql/"):]
    if path.startswith("/gsp"):
        return "/store" + path[len("/gsp"):]
    return path


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def check_response(request: Request, response: httpx.Response, url: str) -> None:
    expected = request.expected
    assert expected.status_ok(response.status_code), (
        f"{request.method} {request.path}: status {response.status_code}, expected {expected.statuses}: "
        f"{response.text[:300]}")
    if expected.format in ("boolean", "tabular"):
        kind = media_type(response)
        allowed = ["application/sparql-results+json", "application/sparql-results+xml"]
        if expected.format == "tabular":
            allowed += ["text/csv", "text/tab-separated-values"]
        assert kind in allowed, f"{kind} is not a {expected.format} result format"
        if RESULT_TYPES[kind] is not None:
            parsed = ox.parse_query_results(response.content, RESULT_TYPES[kind])
            if expected.format == "boolean":
                assert isinstance(parsed, ox.QueryBoolean)
                if expected.boolean is not None:
                    assert bool(parsed) is expected.boolean
            else:
                list(parsed)
    if expected.format == "RDF":
        kind = media_type(response)
        assert kind in RDF_TYPES, f"{kind} is not an RDF format"
        list(ox.parse(response.content, format=RDF_TYPES[kind]))
    for name, value in expected.headers:
        actual = response.headers.get(name, "")
        assert actual.replace(" ", "").lower() == value.replace(" ", "").lower(), f"{name}: {actual!r} != {value!r}"
    if expected.body is not None:
        wanted = Graph().parse(data=expected.body, format="turtle", publicID=url)
        got = Graph().parse(data=response.text, format="turtle", publicID=url)
        assert isomorphic(wanted, got), f"graph differs:\n{response.text}"


def run_test(client: httpx.Client, test: ProtocolTest) -> None:
    reset(client, test)
    variables: dict[str, str] = {}
    for request in test.requests:
        path, body = local_path(request.path), request.body
        for name, value in variables.items():
            path = path.replace(name, value)
            body = body.replace(name.encode(), value.encode()) if body is not None else None
        response = client.request(request.method, path, content=body, headers=dict(request.headers))
        check_response(request, response, str(response.request.url))
        if request.expected.location_variable:
            assert "location" in response.headers, "no Location header"
            variables[request.expected.location_variable] = response.headers["location"]


@pytest.mark.parametrize("test", cases("protocol/manifest.ttl"))
def test_protocol(client: httpx.Client, test: ProtocolTest) -> None:
    run_test(client, test)


@pytest.mark.parametrize("test", cases("graph-store-protocol/manifest.ttl"))
def test_graph_store_protocol(client: httpx.Client, test: ProtocolTest) -> None:
    run_test(client, test)


def description(client: httpx.Client) -> tuple[httpx.Response, ox.Store]:
    response = client.get("/sparql")
    store = ox.Store()
    kind = media_type(response)
    if response.status_code == 200 and kind in RDF_TYPES:
        store.load(response.content, format=RDF_TYPES[kind])
    return response, store


def check_description(test_id: str, client: httpx.Client) -> None:
    response, store = description(client)
    if test_id == "returns-rdf":
        assert response.status_code == 200 and media_type(response) in RDF_TYPES and len(store) > 0
    elif test_id == "has-endpoint-triple":
        endpoint = str(response.request.url)
        assert store.query(f"ASK {{ ?s <{SD}endpoint> <{endpoint}> }}")
    elif test_id == "conforms-to-schema":
        # Every sd: term used is one the vocabulary defines, with the right kind of object.
        used = {q.predicate.value for q in store if q.predicate.value.startswith(SD)}
        classes = {q.object.value for q in store if q.predicate.value.endswith("#type")}
        assert used <= {SD + p for p in ("endpoint", "supportedLanguage", "resultFormat", "feature",
                                         "defaultEntailmentRegime", "defaultDataset", "defaultGraph",
                                         "namedGraph", "name")}
        assert classes <= {SD + c for c in ("Service", "Dataset", "Graph", "NamedGraph")}
        assert store.query(f"ASK {{ ?s a <{SD}Service> ; <{SD}endpoint> ?e ; <{SD}supportedLanguage> ?l "
                           f"FILTER(isIRI(?e) && ?l IN (<{SD}SPARQL11Query>, <{SD}SPARQL11Update>)) }}")
        assert not store.query(f"ASK {{ ?d <{SD}namedGraph> ?n FILTER NOT EXISTS {{ ?n <{SD}name> ?g "
                               "FILTER(isIRI(?g)) } }")
        assert store.query(f"ASK {{ ?s <{SD}defaultDataset> ?d . ?d a <{SD}Dataset> ; <{SD}defaultGraph> ?g . "
                           f"?g a <{SD}Graph> }}")
    else:
        pytest.fail(f"no check written for service description test {test_id}")


@pytest.mark.parametrize("test", cases("service-description/manifest.ttl"))
def test_service_description(client: httpx.Client, test: ProtocolTest) -> None:
    check_description(test.id, client)


@pytest.mark.parametrize("test", cases("http-rdf-update/manifest.ttl"))
def test_deprecated_http_rdf_update(test: ProtocolTest) -> None:
    assert test.approval == "Deprecated"
    pytest.skip(SKIPS["http-rdf-update"])


def test_the_suite_is_complete() -> None:
    """The counts the shared folder's SOURCE.md promises, so a truncated copy cannot pass silently."""
    assert len(load("protocol/manifest.ttl")) == 34
    assert sum(len(t.requests) for t in load("protocol/manifest.ttl")) == 39
    assert len(load("graph-store-protocol/manifest.ttl")) == 14
    assert len(load("service-description/manifest.ttl")) == 3
    assert len(load("http-rdf-update/manifest.ttl")) == 18
