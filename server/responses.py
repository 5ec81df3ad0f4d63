"""HTTP answers shared by the protocol endpoints: errors as plain text, the write token check, and
an operation's :class:`~alliancekg.server.operations.Answer` as a response (relayed from the worker
when it streams)."""

from __future__ import annotations

import hmac

from fastapi import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from alliancekg.server.config import ServiceConfig
from alliancekg.server.negotiation import content_type
from alliancekg.server.operations import Answer
from alliancekg.server.workers import StreamedAnswer, WorkerBody


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def check_token(config: ServiceConfig, request: Request) -> Response | None:
    """``None`` if the request may write; else the 403 or 401 answer to send."""
    if not config.allow_updates or not config.token:
        return error_response(403, "this server is read-only; start it with --allow-updates --token TOKEN "
                                   "to allow writes")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        return error_response(401, "writes need 'Authorization: Bearer TOKEN'",
                              {"WWW-Authenticate": 'Bearer realm="alliance-kg"'})
    if not hmac.compare_digest(credentials.strip().encode(), config.token.encode()):
        return error_response(401, "wrong token",
                              {"WWW-Authenticate": 'Bearer realm="alliance-kg", error="invalid_token"'})
    return None


class RelayResponse(Response):
    """A response whose body is relayed from a query worker as it reads it (see :class:`WorkerBody`)."""

    def __init__(self, body: WorkerBody, status_code: int, headers: dict[str, str]) -> None:
        super().__init__(None, status_code=status_code, headers={**headers, "Content-Length": str(body.length)})
        self.worker_body = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            async for chunk in self.worker_body.chunks():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.worker_body.discard()  # no-op once relayed whole


def answer_response(answer: Answer, *, head: bool = False) -> Response:
    """Turn an operation's :class:`Answer` into an HTTP response."""
    headers = dict(answer.headers)
    if answer.media_type:
        headers["Content-Type"] = content_type(answer.media_type)
    if isinstance(answer, StreamedAnswer) and answer.stream is not None:
        if not head:
            return RelayResponse(answer.stream, answer.status, headers)
        answer.stream.discard()
        headers["Content-Length"] = str(answer.stream.length)
        return Response(b"", status_code=answer.status, headers=headers)
    body = b"" if head or answer.status == 204 else answer.body
    if head:
        headers["Content-Length"] = str(len(answer.body))
    return Response(body, status_code=answer.status, headers=headers)


#: Endpoint URLs already worked out, by what they are made of (see :func:`endpoint_url`); at most 256.
_ENDPOINT_URLS: dict[tuple[object, ...], str] = {}


def endpoint_url(request: Request) -> str:
    """The URL of the endpoint that got ``request``, without its query string.

    Remembered by what Starlette makes it of (scheme, server address, path, ``Host`` headers).
    """
    scope = request.scope
    server = scope.get("server")
    key = (scope.get("scheme", "http"), tuple(server) if server else None, scope["path"],
           tuple(request.headers.getlist("host")))
    url = _ENDPOINT_URLS.get(key)
    if url is None:
        url = str(request.url.replace(query="", fragment=""))
        if len(_ENDPOINT_URLS) >= 256:
            _ENDPOINT_URLS.clear()
        _ENDPOINT_URLS[key] = url
    return url


__all__ = ["RelayResponse", "answer_response", "check_token", "endpoint_url", "error_response"]
