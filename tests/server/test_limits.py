"""Request size limits on every way into the endpoint (the direct-POST query case is in test_server_protocol)."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from alliancekg.server.app import create_app
from tests.servers import make_test_store

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


# -- memory, nesting and value size: the worker's limits, answered cleanly, and the pool keeps serving --------

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
ASK = {"query": "ASK { ?s ?p ?o }"}


@pytest.fixture(scope="module")
def bounded(built_store_path: Path) -> str:
    """A server over the built store whose workers may use 512 MiB each."""
    from tests.servers import LiveServer

    server = LiveServer(create_app(built_store_path, workers=2, query_timeout=120,
                                  max_query_memory=512 * 2**20)).start()
    yield server.url
    server.stop()


def hostile_query(name: str) -> str:
    return (HOSTILE / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["query-string-doubling.rq", "query-cross-product.rq"])
def test_a_query_past_the_memory_bound_is_stopped_with_507(bounded: str, name: str) -> None:
    response = httpx.post(f"{bounded}/sparql", data={"query": hostile_query(name)}, timeout=120)
    assert response.status_code == 507, response.text
    assert "512 MiB" in response.text and "--max-query-memory" in response.text
    # The worker was replaced: both workers answer again.
    for _ in range(4):
        assert httpx.post(f"{bounded}/sparql", data=ASK, timeout=60).status_code == 200


def test_deeply_nested_parentheses_are_a_400(bounded: str) -> None:
    response = httpx.post(f"{bounded}/sparql", data={"query": hostile_query("query-nested-parentheses.rq")},
                          timeout=60)
    assert response.status_code == 400, response.text
    assert "nested too deeply" in response.text
    assert httpx.post(f"{bounded}/sparql", data=ASK, timeout=60).status_code == 200


def test_a_value_over_16_mib_is_answered_in_every_results_format(bounded: str) -> None:
    # Answers are serialized once, in the format asked for: no results parser caps the size of a value.
    query = {"query": hostile_query("query-huge-value.rq")}
    for accept, value_at in (("application/sparql-results+json", b'"value":"xxx'),
                             ("text/tab-separated-values", b'\n"xxx')):
        response = httpx.post(f"{bounded}/sparql", data=query, headers={"Accept": accept}, timeout=120)
        assert response.status_code == 200, response.text[:200]
        assert len(response.content) > 32 * 2**20 and value_at in response.content
    assert httpx.post(f"{bounded}/sparql", data=ASK, timeout=60).status_code == 200


def test_a_memory_bound_too_small_to_open_a_store_is_refused(built_store_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 256 MiB"):
        create_app(built_store_path, max_query_memory=2**20)
    with pytest.raises(ValueError, match="512 MiB with allow_updates"):
        create_app(built_store_path, allow_updates=True, token="t", max_query_memory=256 * 2**20)


def test_a_write_past_the_memory_bound_is_a_507_and_changes_nothing(tmp_path: Path, serve_app) -> None:
    store = make_test_store(tmp_path / "store")
    url = serve_app(create_app(store, workers=1, allow_updates=True, token="s3cret", max_query_memory=512 * 2**20))
    lines = (f'<urn:ex:s{i}> <urn:ex:p> "{"v" * 50}{i}" .\n' for i in range(130_000))
    body = "".join(lines).encode()[: 10 * 2**20 - 1000].rsplit(b"\n", 1)[0] + b"\n"
    response = httpx.put(f"{url}/store", params={"graph": "urn:ex:big"}, content=body, timeout=120,
                         headers={**AUTH, "Content-Type": "application/n-triples"})
    assert response.status_code == 507, response.text
    assert "--max-query-memory" in response.text
    # The writer was replaced: the graph is absent, and the next write goes through.
    assert httpx.get(f"{url}/store", params={"graph": "urn:ex:big"}, headers=AUTH).status_code == 404
    small = httpx.put(f"{url}/store", params={"graph": "urn:ex:small"}, content=b"<urn:a> <urn:b> <urn:c> .\n",
                      headers={**AUTH, "Content-Type": "application/n-triples"}, timeout=60)
    assert small.status_code == 201
