"""Credentials never travel in URLs: requests carrying one are refused, and access logs are redacted.

The write token is accepted only in the ``Authorization: Bearer`` header.  A URL is kept in
access logs, proxies and browser histories, so a request whose URL holds a credential
(an ``access_token``/``token``/``api_key``… parameter, or the server's token as a parameter
value or path segment) is answered 400 before any route sees it, and the URL written to the
access log has such values replaced by ``REDACTED``.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, quote, quote_plus, unquote_plus

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

#: Query parameters that carry credentials by convention (RFC 6750 names ``access_token``).
CREDENTIAL_PARAMETERS = frozenset({"access_token", "token", "bearer", "auth", "authorization", "api_key", "apikey",
                                   "password"})
REDACTED = "REDACTED"


def url_credential(path: str, query: str, token: str | None) -> str | None:
    """What makes a URL carry a credential (a message for the client), or ``None``.

    Parameters
    ----------
    path
        The URL path, decoded.
    query
        The raw query string (percent-encoded, without ``?``).
    token
        The server's write token, if any.

    Examples
    --------
    >>> url_credential("/sparql", "query=ASK%7B%7D&access_token=abc", None)
    "the URL holds the parameter 'access_token'; send credentials only as 'Authorization: Bearer TOKEN'"
    >>> url_credential("/sparql", "query=ASK%7B%7D", "s3cret") is None
    True
    """
    items = parse_qsl(query, keep_blank_values=True)
    for name, value in items:
        if name.strip().lower() in CREDENTIAL_PARAMETERS:
            return f"the URL holds the parameter {name[:40]!r}; send credentials only as 'Authorization: Bearer TOKEN'"
        if token and value == token:
            return "the URL holds the write token; send it only as 'Authorization: Bearer TOKEN'"
    if token and token in path.split("/"):
        return "the URL holds the write token; send it only as 'Authorization: Bearer TOKEN'"
    return None


def redact_url(url: str, token: str | None) -> str:
    """``url`` (path and query, as an access log writes it) with credentials replaced by ``REDACTED``.

    Examples
    --------
    >>> redact_url("/sparql?query=ASK&access_token=abc&x=s3cret", "s3cret")
    '/sparql?query=ASK&access_token=REDACTED&x=REDACTED'
    """
    path, question, query = url.partition("?")
    if question:
        pairs = []
        for pair in query.split("&"):
            name, equals, value = pair.partition("=")
            if equals and unquote_plus(name).strip().lower() in CREDENTIAL_PARAMETERS:
                value = REDACTED
            pairs.append(f"{name}{equals}{value}")
        url = f"{path}?{'&'.join(pairs)}"
    if token:
        for form in {token, quote(token, safe=""), quote_plus(token), quote(token)}:
            url = url.replace(form, REDACTED)
    return url


class RedactAccessLog(logging.Filter):
    """A filter for uvicorn's access logger that redacts credentials from the logged URL."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact_url(a, self.token) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact_url(record.msg, self.token)
        return True


def redact_access_log(token: str | None, logger_name: str = "uvicorn.access") -> None:
    """Install :class:`RedactAccessLog` on the access logger (replacing one installed before)."""
    logger = logging.getLogger(logger_name)
    for old in [f for f in logger.filters if isinstance(f, RedactAccessLog)]:
        logger.removeFilter(old)
    logger.addFilter(RedactAccessLog(token))


class RefuseCredentialsInUrl:
    """ASGI middleware answering 400 to any HTTP request whose URL carries a credential."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"").decode("latin-1")
            problem = url_credential(scope.get("path", ""), query, self.token)
            if problem is not None:
                await PlainTextResponse(problem + "\n", status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


__all__ = ["CREDENTIAL_PARAMETERS", "RedactAccessLog", "RefuseCredentialsInUrl", "redact_access_log", "redact_url",
           "url_credential"]
