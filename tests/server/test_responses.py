"""HTTP answers shared by the endpoints: plain-text errors, the write token check, operation answers."""

from __future__ import annotations

from starlette.requests import Request

from alliancekg.server.config import ServiceConfig
from alliancekg.server.operations import Answer
from alliancekg.server.responses import answer_response, check_token, endpoint_url, error_response


def request(path: str = "/store", query: bytes = b"", headers: dict[str, str] | None = None) -> Request:
    """A request as Starlette builds it from an ASGI scope."""
    return Request({"type": "http", "method": "GET", "scheme": "http", "server": ("127.0.0.1", 8000),
                    "path": path, "root_path": "", "query_string": query,
                    "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]})


def test_an_error_is_one_line_of_plain_text() -> None:
    response = error_response(400, "bad\n")
    assert (response.status_code, response.body, response.media_type) == (400, b"bad\n", "text/plain")


def test_writes_need_an_allowing_server_and_the_right_bearer_token() -> None:
    writable = ServiceConfig(allow_updates=True, token="s3cret")
    assert check_token(ServiceConfig(), request()).status_code == 403
    assert check_token(writable, request()).status_code == 401
    refused = check_token(writable, request(headers={"Authorization": "Bearer wrong"}))
    assert refused.status_code == 401 and "invalid_token" in refused.headers["www-authenticate"]
    assert check_token(writable, request(headers={"Authorization": "Bearer s3cret"})) is None


def test_an_answer_keeps_its_status_and_type_and_a_head_answer_only_its_length() -> None:
    answer = Answer(200, "text/csv", b"x\r\n1\r\n")
    full, head = answer_response(answer), answer_response(answer, head=True)
    assert full.body == b"x\r\n1\r\n" and full.headers["content-type"].startswith("text/csv")
    assert head.body == b"" and head.headers["content-length"] == "6"
    assert answer_response(Answer(204)).body == b""


def test_the_endpoint_url_leaves_out_the_query_string() -> None:
    assert endpoint_url(request("/store/g", b"graph=x")) == "http://127.0.0.1:8000/store/g"
