"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

:func:`parse_sparql_request` is a pure function of the HTTP method, the URL's query
parameters, the ``Content-Type`` header and the body, so every rule of the protocol
(one query or one update, the three ways to send it, UTF-8 only, dataset parameters) is
tested without a server.  It raises :class:`ProtocolError` with the status to answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl

import pyoxigraph as ox

from alliancekg.server.negotiation import media_type_of

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


class ProtocolError(Exception):
    """The request breaks the protocol; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class ProtocolRequest:
    """What a request to the SPARQL endpoint asks for.

    ``operation`` is ``"query"``, ``"update"`` or ``"description"`` (a GET with no
    query).  Dataset parameters are ``None`` when the request does not give them.
    """

    operation: Literal["query", "update", "description"]
    text: str = ""
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    using_graphs: tuple[str, ...] | None = None
    using_named_graphs: tuple[str, ...] | None = None
    result_format: tuple[str, str] | None = None


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} is not valid UTF-8: {exc}") from None


def _check_charset(params: dict[str, str], media_type: str) -> None:
    charset = params.get("charset")
    if charset is not None and charset.lower().replace("-", "") != "utf8":
        raise ProtocolError(415, f"{media_type} must be sent in UTF-8, not {charset}")


def _graph_list(items: Sequence[tuple[str, str]], name: str) -> tuple[str, ...] | None:
    values = [value for key, value in items if key == name]
    if not values:
        return None
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise ProtocolError(400, f"{name} must be an absolute IRI, got {value!r}") from None
    return tuple(values)


def _single(items: Sequence[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in items if key == name]
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def _result_format(items: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """The ``format`` parameter, or its alias ``output``, as ``(name, value)``.

    Both may come when they agree (SPARQLWrapper sends ``format=json&output=json``); two different
    values are a 400.
    """
    given = [(name, value) for name in ("format", "output") if (value := _single(items, name)) is not None]
    if len({value.strip().lower() for _, value in given}) > 1:
        raise ProtocolError(400, "the request has 'format' and 'output' with different values; send one of them")
    return given[0] if given else None


def parse_sparql_request(method: str, url_items: Sequence[tuple[str, str]], content_type: str | None,
                         body: bytes) -> ProtocolRequest:
    """Work out the operation a request to the endpoint asks for.

    Parameters
    ----------
    method
        The HTTP method (``GET``, ``HEAD`` or ``POST``).
    url_items
        The decoded parameters of the URL's query string, in order, repeats kept.
    content_type
        The ``Content-Type`` header, if any.
    body
        The request body.

    Examples
    --------
    >>> parse_sparql_request("GET", [("query", "ASK {}")], None, b"").operation
    'query'
    >>> parse_sparql_request("POST", [], "application/sparql-query", b"ASK {}").text
    'ASK {}'
    >>> try:
    ...     parse_sparql_request("POST", [], "text/plain", b"ASK {}")
    ... except ProtocolError as exc:
    ...     print(exc.status)
    415
    """
    method = method.upper()
    items = list(url_items)
    direct: tuple[str, str] | None = None
    if method in ("GET", "HEAD"):
        if any(key == "update" for key, _ in items):
            raise ProtocolError(400, "updates must be sent with POST, not GET")
    elif method == "POST":
        media_type, params = media_type_of(content_type)
        if media_type == FORM:
            _check_charset(params, media_type)
            try:
                items += parse_qsl(_decode(body, "form body"), keep_blank_values=True, strict_parsing=False,
                                   encoding="utf-8", errors="strict")
            except UnicodeDecodeError as exc:
                raise ProtocolError(400, f"the form body is not valid UTF-8 once decoded: {exc}") from None
        elif media_type in (QUERY_TYPE, UPDATE_TYPE):
            _check_charset(params, media_type)
            direct = ("query" if media_type == QUERY_TYPE else "update", _decode(body, media_type))
        else:
            shown = repr(content_type) if content_type else "missing"
            raise ProtocolError(415, f"unsupported Content-Type {shown}; send {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
    else:
        raise ProtocolError(405, f"method {method} is not allowed here; use GET or POST")

    query = _single(items, "query")
    update = _single(items, "update")
    if direct is not None:
        kind, text = direct
        if query is not None or update is not None:
            raise ProtocolError(400, f"the body is a {kind}; do not also pass 'query' or 'update' in the URL")
        query, update = (text, None) if kind == "query" else (None, text)
    if query is not None and update is not None:
        raise ProtocolError(400, "send either a query or an update, not both")
    if query is None and update is None:
        if method == "POST":
            raise ProtocolError(400, "the request has no 'query' and no 'update'")
        return ProtocolRequest("description")
    if query is not None:
        return ProtocolRequest(
            "query", query,
            default_graphs=_graph_list(items, "default-graph-uri"),
            named_graphs=_graph_list(items, "named-graph-uri"),
            result_format=_result_format(items),
        )
    return ProtocolRequest(
        "update", update or "",
        using_graphs=_graph_list(items, "using-graph-uri"),
        using_named_graphs=_graph_list(items, "using-named-graph-uri"),
    )


__all__ = ["DATASET_PARAMETERS", "FORM", "QUERY_TYPE", "UPDATE_TYPE", "ProtocolError", "ProtocolRequest",
           "parse_sparql_request"]
