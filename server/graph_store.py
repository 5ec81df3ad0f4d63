"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store`` (only with updates allowed and the token).

Graphs are named indirectly (``/store?graph=IRI``, ``/store?default``) or directly (the
graph whose IRI is the request URL, ``/store/any/path``).  ``POST /store`` with neither
creates a new graph below ``/store/`` and answers 201 with its IRI in ``Location``.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from alliancekg.server.config import ServiceConfig
from alliancekg.server.negotiation import GRAPH_TYPES, NegotiationError, choose, media_type_of
from alliancekg.server.operations import GraphJob, OperationError
from alliancekg.server.responses import answer_response, check_token, endpoint_url, error_response
from alliancekg.server.workers import Executor

router = APIRouter()

_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
_CREATE = object()


def _target(request: Request, direct: bool) -> str | object | None:
    """The graph a request is about: an IRI, ``None`` for the default graph, or ``_CREATE``."""
    params = request.query_params
    if direct:
        if "graph" in params or "default" in params:
            raise OperationError(400, "a graph named by the request URL takes no 'graph' or 'default' parameter")
        return endpoint_url(request)
    graphs = params.getlist("graph")
    if graphs and "default" in params:
        raise OperationError(400, "give either 'graph' or 'default', not both")
    if len(graphs) > 1:
        raise OperationError(400, "give one 'graph' parameter")
    if graphs:
        try:
            ox.NamedNode(graphs[0])
        except ValueError:
            raise OperationError(400, f"graph must be an absolute IRI, got {graphs[0]!r}") from None
        return graphs[0]
    if "default" in params:
        return None
    if request.method == "POST":
        return _CREATE
    raise OperationError(400, "name the graph with ?graph=IRI or ?default")


async def _payloads(request: Request) -> tuple[tuple[bytes, str], ...]:
    """The RDF documents sent with a PUT or POST, with their media types."""
    media_type, _ = media_type_of(request.headers.get("content-type"))
    if media_type == "multipart/form-data":
        parts = []
        async with request.form() as form:
            for _, value in form.multi_items():
                if not isinstance(value, UploadFile):
                    continue
                part_type, _ = media_type_of(value.content_type)
                if not part_type or part_type == "application/octet-stream":
                    fmt = ox.RdfFormat.from_extension((value.filename or "").rpartition(".")[2])
                    part_type = fmt.media_type if fmt else ""
                parts.append((await value.read(), part_type))
        return tuple(parts)
    if not media_type:
        raise OperationError(415, f"send the graph with a Content-Type: one of {', '.join(GRAPH_TYPES)}")
    return ((await request.body(), media_type),)


async def _handle(request: Request, direct: bool) -> Response:
    config: ServiceConfig = request.app.state.config
    executor: Executor = request.app.state.executor
    refusal = check_token(config, request)
    if refusal is not None:
        return refusal
    try:
        target = _target(request, direct)
        method = request.method
        if method in ("GET", "HEAD"):
            media_type = choose(request.headers.get("accept"), GRAPH_TYPES)
            if media_type is None:
                return error_response(406, f"a graph can be sent as {', '.join(GRAPH_TYPES)}")
            job = GraphJob(graph=target, media_type=media_type, max_results=config.max_results)
            return answer_response(await executor.run("graph_get", job), head=method == "HEAD")
        reason = config.reason_writes
        if method == "DELETE":
            return answer_response(await executor.run("graph_delete", GraphJob(graph=target, reason=reason)))
        payloads = await _payloads(request)
        if target is _CREATE:
            job = GraphJob(graph=None, payloads=payloads, new_graph_base=endpoint_url(request), reason=reason)
            return answer_response(await executor.run("graph_post", job))
        operation = "graph_put" if method == "PUT" else "graph_post"
        return answer_response(await executor.run(operation, GraphJob(graph=target, payloads=payloads, reason=reason)))
    except OperationError as exc:
        return error_response(exc.status, exc.message)
    except NegotiationError as exc:
        return error_response(400, str(exc))


@router.api_route("/store", methods=_METHODS, include_in_schema=False)
async def graph_store_indirect(request: Request) -> Response:
    """Graph Store Protocol, graphs named by ``?graph=`` or ``?default``."""
    return await _handle(request, direct=False)


@router.api_route("/store/{path:path}", methods=_METHODS, include_in_schema=False)
async def graph_store_direct(request: Request, path: str) -> Response:
    """Graph Store Protocol, the graph named by the request URL."""
    return await _handle(request, direct=True)


__all__ = ["router"]
