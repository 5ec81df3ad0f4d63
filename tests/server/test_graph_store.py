"""The Graph Store Protocol at /store, beyond the W3C tests: access control, identification, media types."""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from alliancekg.server.app import create_app
from tests.servers import DATA_A, SCENARIO_S, make_test_store

pytestmark = pytest.mark.server

AUTH = {"Authorization": "Bearer gsp-token"}
TURTLE = {**AUTH, "Content-Type": "text/turtle"}
#: Writes are validated (SHACL, HermiT) before they are committed; the first one also starts the
#: reasoner. A generous bound keeps a busy machine from failing the test (behaviour, not speed).
client = httpx.Client(timeout=120)


@pytest.fixture
def server(tmp_path: Path, serve_app) -> str:
    return serve_app(create_app(make_test_store(tmp_path / "store"), allow_updates=True, token="gsp-token",
                                workers=1, max_results=100))


def triples(response: httpx.Response) -> set[ox.Triple]:
    fmt = ox.RdfFormat.from_media_type(response.headers["content-type"].split(";")[0])
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=fmt)}


def test_every_method_needs_the_token(server: str) -> None:
    for method in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        response = client.request(method, f"{server}/store", params={"graph": str(DATA_A)})
        assert response.status_code == 401, method
    assert client.get(f"{server}/store", params={"graph": str(DATA_A)}, headers=AUTH).status_code == 200


def test_get_existing_graph_in_each_format(server: str) -> None:
    expected = None
    for media_type in ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"):
        response = client.get(f"{server}/store", params={"graph": str(DATA_A)}, headers={**AUTH, "Accept": media_type})
        assert response.status_code == 200
        got = triples(response)
        assert len(got) == 2
        expected = expected or got
        assert got == expected
    refused = client.get(f"{server}/store", params={"graph": str(DATA_A)}, headers={**AUTH, "Accept": "text/html"})
    assert refused.status_code == 406


def test_graphs_written_through_the_store_are_queryable(server: str) -> None:
    graph = "https://w3id.org/alliance-kg/graph/test/new"
    put = client.put(f"{server}/store", params={"graph": graph}, headers=TURTLE,
                    content=b'<urn:ex:x> <https://w3id.org/alliance-kg/ontology#percent> 5 .')
    assert put.status_code == 201
    rows = client.get(f"{server}/sparql", params={"query": "SELECT ?p WHERE { ?s akg:percent ?p } ORDER BY ?p"}).json()
    assert [b["p"]["value"] for b in rows["results"]["bindings"]] == ["5", "27"]
    assert client.delete(f"{server}/store", params={"graph": graph}, headers=AUTH).status_code == 204
    assert client.delete(f"{server}/store", params={"graph": graph}, headers=AUTH).status_code == 404


def test_direct_and_indirect_names_are_the_same_graph(server: str) -> None:
    direct = f"{server}/store/people/alice"
    assert client.put(direct, headers=TURTLE, content=b"<urn:alice> <urn:knows> <urn:bob> .").status_code == 201
    indirect = client.get(f"{server}/store", params={"graph": direct}, headers=AUTH)
    assert indirect.status_code == 200 and len(triples(indirect)) == 1


def test_post_to_the_store_creates_a_graph(server: str) -> None:
    created = client.post(f"{server}/store", headers=TURTLE, content=b"<urn:a> <urn:b> <urn:c> .")
    assert created.status_code == 201
    location = created.headers["location"]
    assert location.startswith(f"{server}/store/")
    assert len(triples(client.get(location, headers=AUTH))) == 1


@pytest.mark.parametrize(("params", "headers", "body", "status"), [
    ({"graph": "urn:g", "default": ""}, TURTLE, b"", 400),
    ({"graph": "not an iri"}, TURTLE, b"", 400),
    ({}, TURTLE, b"", 400),
    ({"graph": "urn:g"}, {**AUTH, "Content-Type": "application/n-quads"}, b"", 415),
    ({"graph": "urn:g"}, {**AUTH, "Content-Type": "image/png"}, b"", 415),
    ({"graph": "urn:g"}, AUTH, b"<urn:a> <urn:b> <urn:c> .", 415),
    ({"graph": "urn:g"}, TURTLE, b"<urn:a> <urn:b> .", 400),
])
def test_bad_requests(server: str, params: dict, headers: dict, body: bytes, status: int) -> None:
    assert client.put(f"{server}/store", params=params, headers=headers, content=body).status_code == status


def test_a_failed_put_leaves_the_graph_unchanged(server: str) -> None:
    bad = client.put(f"{server}/store", params={"graph": str(SCENARIO_S)}, headers=TURTLE, content=b"<urn:a> .")
    assert bad.status_code == 400
    kept = client.get(f"{server}/store", params={"graph": str(SCENARIO_S)}, headers=AUTH)
    assert len(triples(kept)) == 1


def test_default_graph_and_head(server: str) -> None:
    assert client.put(f"{server}/store?default", headers=TURTLE, content=b"<urn:d> <urn:e> 1 .").status_code == 201
    head = httpx.head(f"{server}/store?default", headers=AUTH)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) > 0
    assert httpx.head(f"{server}/store", params={"graph": "urn:none"}, headers=AUTH).status_code == 404
