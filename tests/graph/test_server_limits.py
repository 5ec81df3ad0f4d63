"""Request size limits on every way into the endpoint (the direct-POST query case is in test_server_protocol)."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from alliancekg.graph.server.app import create_app
from tests.graph.conftest import make_test_store

pytestmark = pytest.mark.server

AUTH = {"Authorization": "Bearer s3cret"}
PADDING = "# " + "x" * 5000 + "\n"


@pytest.fixture
def small_limit(tmp_path: Path, serve_app) -> str:
    store = make_test_store(tmp_path / "store")
    return serve_app(create_app(store, max_request_bytes=1000, workers=1, allow_updates=True, token="s3cret"))


def test_oversized_form_query_and_update_are_refused(small_limit: str) -> None:
    assert httpx.post(f"{small_limit}/sparql", data={"query": PADDING + "ASK {}"}).status_code == 413
    assert httpx.post(f"{small_limit}/sparql", data={"update": PADDING + "CLEAR ALL"}, headers=AUTH).status_code == 413
    # Nothing was cleared, and small requests still go through.
    answer = httpx.post(f"{small_limit}/sparql", data={"query": "ASK { ?s ?p ?o }"},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True


@pytest.mark.parametrize("chunked", [False, True])
def test_oversized_graph_store_upload_is_refused(small_limit: str, chunked: bool) -> None:
    body = b'<urn:ex:a> <urn:ex:p> "' + b"x" * 5000 + b'" .\n'
    content = iter([body[:100], body[100:]]) if chunked else body
    response = httpx.put(f"{small_limit}/store", params={"graph": "urn:ex:big"}, content=content,
                         headers={**AUTH, "Content-Type": "application/n-triples"})
    assert response.status_code == 413
    assert httpx.get(f"{small_limit}/store", params={"graph": "urn:ex:big"}, headers=AUTH).status_code == 404


def test_an_overlong_request_line_is_refused(small_limit: str) -> None:
    port = int(small_limit.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET /sparql?query=" + b"x" * 200_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
        status_line = connection.recv(100).split(b"\r\n", 1)[0]
    assert status_line.split()[1] in (b"400", b"414", b"431")
