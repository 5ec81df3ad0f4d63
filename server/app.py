"""The web application: SPARQL 1.1 Protocol at ``/sparql``, Graph Store Protocol at ``/store``, page at ``/``.

:func:`create_app` builds a FastAPI application around a store (an on-disk store path, or a
``pyoxigraph``-backed :class:`~alliancekg.graph.store.embedded.OxigraphStore`).  It is read-only
unless ``allow_updates`` is set together with a ``token`` that clients send as
``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from alliancekg.graph.sparql import guard as sparql_guard
from alliancekg.graph.sparql import lexer as sparql_text
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology.namespaces import PREFIXES, SCENARIO
from alliancekg.server.config import (
    DEFAULT_MAX_REQUEST_BYTES,
    DEFAULT_MAX_RESULTS,
    DEFAULT_QUERY_TIMEOUT,
    ServiceConfig,
)
from alliancekg.server.description import serialize_description, service_description
from alliancekg.server.graph_store import router as graph_store_router
from alliancekg.server.insights import mount_insights
from alliancekg.server.negotiation import (
    GRAPH_TYPES,
    NegotiationError,
    choose,
    choose_per_kind,
    media_types_for_format,
)
from alliancekg.server.operations import Answer, OperationError, QueryJob, UpdateJob
from alliancekg.server.pages import mount_pages
from alliancekg.server.protocol import ProtocolError, ProtocolRequest, parse_sparql_request
from alliancekg.server.responses import answer_response, check_token, endpoint_url, error_response
from alliancekg.server.url_tokens import RefuseCredentialsInUrl, redact_access_log
from alliancekg.server.web import mount_web
from alliancekg.server.workers import (
    MIN_QUERY_MEMORY,
    MIN_WRITER_MEMORY,
    Executor,
    LocalExecutor,
    ProcessExecutor,
)

#: Seconds an idle HTTP connection is kept open.  Longer than the idle expiry of common clients
#: (httpx: 5 s), so that a client never reuses a connection the server is closing at that moment.
KEEP_ALIVE_SECONDS = 75


async def _describe(request: Request, executor: Executor, config: ServiceConfig) -> Response:
    accept = request.headers.get("accept")
    media_type = choose(accept, GRAPH_TYPES)
    if media_type is None:
        if choose(accept, ["text/html"]):
            return RedirectResponse("/", status_code=303)
        return error_response(406, f"the service description can be {', '.join(GRAPH_TYPES)}")
    graphs = await executor.run("graphs", None)
    triples = service_description(endpoint_url(request), graphs, updates=config.allow_updates and bool(config.token),
                                  federation=config.allow_service)
    return answer_response(Answer(200, media_type, serialize_description(triples, media_type)),
                           head=request.method == "HEAD")


def _refuse_outbound(config: ServiceConfig, text: str, kind: sparql_guard.Kind) -> None:
    """Raise 403 if ``text`` could make the store reach another host and the server does not allow it.

    Parsing takes up to about a second (see :mod:`alliancekg.graph.sparql.guard`): callers run it in a thread.
    """
    if config.allow_service:
        return
    try:
        found = sparql_guard.outbound_operations(text, kind)
    except sparql_guard.UncheckedText as exc:
        raise ProtocolError(403, f"{exc}; this server refuses what it cannot check, since SERVICE and LOAD "
                                 "would make it fetch data from another host (allowed with --allow-service)") from None
    if found:
        raise ProtocolError(
            403, f"{' and '.join(sorted(found, reverse=True))} would make this server fetch data from another "
                 "host, which it does not do unless started with --allow-service",
        )


#: Longest query text whose reading (:func:`_names_dataset`) is remembered.
CACHED_TEXT_CHARS = 64 * 1024


@lru_cache(maxsize=1024)
def _names_dataset_cached(text: str) -> bool:
    return sparql_text.has_dataset_clause(text)


def _names_dataset(text: str) -> bool:
    """True if the query names its dataset with ``FROM``; :class:`ProtocolError` 400 if the tokenizer cannot read it.

    Remembered per text (a client sending the same queries again is served without tokenizing them again).
    """
    try:
        return (_names_dataset_cached if len(text) <= CACHED_TEXT_CHARS else sparql_text.has_dataset_clause)(text)
    except sparql_text.SparqlTextError as exc:
        raise ProtocolError(400, f"malformed query: {exc}") from None


@lru_cache(maxsize=256)
def _result_types(accept: str | None) -> tuple[tuple[str, str | None], ...]:
    return tuple(choose_per_kind(accept).items())


async def _check_outbound(config: ServiceConfig, text: str, kind: sparql_guard.Kind) -> None:
    """:func:`_refuse_outbound`, in a thread unless the text cannot hold ``SERVICE`` or ``LOAD`` (no parse then)."""
    if config.allow_service or not sparql_guard.can_hold_outbound(text):
        return
    await run_in_threadpool(_refuse_outbound, config, text, kind)


async def _query(request: Request, parsed: ProtocolRequest, executor: Executor, config: ServiceConfig) -> Response:
    query_has_dataset = _names_dataset(parsed.text)
    await _check_outbound(config, parsed.text, "query")
    if parsed.result_format is not None:
        media_types = media_types_for_format(parsed.result_format[1], parameter=parsed.result_format[0])
    else:
        media_types = dict(_result_types(request.headers.get("accept")))
    if not any(media_types.values()):
        raise ProtocolError(406, "the Accept header allows none of the result formats of this server: "
                                 "SPARQL results JSON/XML, CSV, TSV, Turtle, N-Triples, JSON-LD, RDF/XML")
    job = QueryJob(
        text=parsed.text,
        media_types=media_types,
        base_iri=endpoint_url(request),
        default_graphs=parsed.default_graphs,
        named_graphs=parsed.named_graphs,
        query_has_dataset=query_has_dataset,
        max_results=config.max_results,
        scenario_prefix=str(SCENARIO),
        prefixes=dict(PREFIXES),
    )
    try:
        answer = await executor.run("query", job)
    except OperationError as exc:
        if exc.status != 406 or parsed.result_format is None:
            raise
        name, value = parsed.result_format
        raise ProtocolError(400, f"the {name!r} parameter is {value!r}, a format this query's answer does not "
                                 f"have: {exc.message.split(';')[0]}") from None
    return answer_response(answer, head=request.method == "HEAD")


async def _update(request: Request, parsed: ProtocolRequest, executor: Executor, config: ServiceConfig) -> Response:
    refusal = check_token(config, request)
    if refusal is not None:
        return refusal
    try:
        sparql_text.tokenize(parsed.text)
    except sparql_text.SparqlTextError as exc:
        raise ProtocolError(400, f"malformed update: {exc}") from None
    await _check_outbound(config, parsed.text, "update")
    text = parsed.text
    if parsed.using_graphs is not None or parsed.using_named_graphs is not None:
        try:
            names_dataset = await run_in_threadpool(sparql_guard.update_names_dataset, text)
        except sparql_guard.UncheckedText as exc:
            raise ProtocolError(400, f"{exc}; using-graph-uri and using-named-graph-uri need an update this "
                                     "server can read") from None
        if names_dataset:
            raise ProtocolError(400, "the update names its dataset with USING or WITH; do not also pass "
                                     "using-graph-uri or using-named-graph-uri")
        text = sparql_text.add_using(text, [ox.NamedNode(g) for g in parsed.using_graphs or ()],
                                     [ox.NamedNode(g) for g in parsed.using_named_graphs or ()])
        await _check_outbound(config, text, "update")
    job = UpdateJob(text=text, base_iri=endpoint_url(request), prefixes=dict(PREFIXES), reason=config.reason_writes)
    answer = await executor.run("update", job)
    return answer_response(answer)


async def sparql_endpoint(request: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint (queries, updates, service description)."""
    executor: Executor = request.app.state.executor
    config: ServiceConfig = request.app.state.config
    try:
        body = await request.body() if request.method == "POST" else b""
        parsed = parse_sparql_request(request.method, request.query_params.multi_items(),
                                      request.headers.get("content-type"), body)
        if parsed.operation == "description":
            return await _describe(request, executor, config)
        if parsed.operation == "query":
            return await _query(request, parsed, executor, config)
        return await _update(request, parsed, executor, config)
    except (ProtocolError, OperationError) as exc:
        headers = {"Retry-After": "1"} if exc.status == 503 else None
        return error_response(exc.status, exc.message, headers)
    except NegotiationError as exc:
        return error_response(400, str(exc))


#: Methods the endpoint answers; others go through the routing of the whole application (405).
SPARQL_METHODS = frozenset({"GET", "HEAD", "POST"})


async def _sparql_asgi(scope: Scope, receive: Receive, send: Send) -> None:
    """:func:`sparql_endpoint` as a plain ASGI application, without the router and request validation around it."""
    response = await sparql_endpoint(Request(scope, receive, send))
    await response(scope, receive, send)


class ServiceApp(FastAPI):
    """The application, with requests to ``/sparql`` taken past the router to :func:`sparql_endpoint`.

    The endpoint takes a request and returns a response: FastAPI's dependency resolution and the
    router's matching only cost CPU on each of its requests.  They still pass through every middleware of
    the application (errors, body size limit, credentials in URLs, CORS), built as for the other
    routes; anything unusual (another method, a root path, telemetry) takes the ordinary way.
    """

    _sparql_stack: ASGIApp | None = None

    def _stack_around(self, inner: ASGIApp) -> ASGIApp:
        """The application's middleware, exactly as it wraps the router, around ``inner`` instead."""
        router = self.router
        self.router = inner  # type: ignore[assignment]
        try:
            return self.build_middleware_stack()
        finally:
            self.router = router

    def _takes_shortcut(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["path"] != "/sparql" or scope["method"] not in SPARQL_METHODS:
            return False
        if self.root_path or scope.get("root_path") or "fastapi.telemetry" in scope:
            return False
        telemetry = getattr(self, "_native_telemetry", None)
        return telemetry is None or not telemetry.enabled()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._takes_shortcut(scope):
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        if self._sparql_stack is None:
            if self.middleware_stack is None:  # built on first use, when no middleware can be added any more
                self.middleware_stack = self.build_middleware_stack()
            self._sparql_stack = self._stack_around(_sparql_asgi)
        await self._sparql_stack(scope, receive, send)


def _executor_for(store: OxigraphStore | Path | str, config: ServiceConfig) -> Executor:
    if isinstance(store, (str, os.PathLike)):
        return ProcessExecutor(store, timeout=config.query_timeout, workers=config.workers,
                               allow_writes=config.allow_updates, queue_timeout=config.queue_timeout,
                               max_memory=config.max_query_memory, long_after=config.long_query_seconds)
    if isinstance(store, OxigraphStore):
        return LocalExecutor(store.oxigraph, timeout=config.query_timeout, workers=config.workers,
                             allow_writes=config.allow_updates)
    raise TypeError(f"cannot serve {type(store).__name__}: give a store path or an OxigraphStore")


def create_app(
    store: OxigraphStore | Path | str,
    *,
    allow_updates: bool = False,
    token: str | None = None,
    query_timeout: float = DEFAULT_QUERY_TIMEOUT,
    max_results: int = DEFAULT_MAX_RESULTS,
    allow_service: bool = False,
    cors_origins: Sequence[str] = (),
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    workers: int | None = None,
    queue_timeout: float | None = None,
    max_query_memory: int | None = None,
    long_query_seconds: float | None = None,
    reason_writes: bool = True,
) -> ServiceApp:
    """Build the web application serving ``store``.

    Parameters
    ----------
    store
        A path to an on-disk store (queries run in killable worker processes, see
        :class:`~alliancekg.server.workers.ProcessExecutor`) or an
        :class:`~alliancekg.graph.store.embedded.OxigraphStore` object (queries run in threads).
    allow_updates, token
        Accept SPARQL updates and the Graph Store Protocol from clients sending
        ``Authorization: Bearer TOKEN``.  Both are needed.
    query_timeout
        Seconds a query or update may run before it is stopped (504).
    max_results
        Most solutions or triples one answer may hold (more: 422).
    allow_service
        Let queries use ``SERVICE`` (and updates ``LOAD``) to reach other hosts.
    cors_origins
        Origins allowed to call the service from a browser (``"*"`` for any).
    max_request_bytes
        Largest request body accepted (more: 413).
    workers
        Number of query workers (default: the number of CPUs, at most 4).
    queue_timeout
        Seconds a request may wait for a free worker (more: 503; default: ``query_timeout``).
    max_query_memory
        Bytes of private memory each query worker may use (more: 507; default: the machine's
        RAM divided by ``workers + 2``, see :func:`~alliancekg.server.workers.default_query_memory`).
    long_query_seconds
        Seconds after which a query counts as long.  Long queries may hold all workers but one,
        kept for short queries; the next query to run this long is stopped with 503 (default:
        2 s, or half of ``query_timeout`` if shorter).
    reason_writes
        Check the data a write leaves with HermiT as well as SHACL, as ``alliancekg load`` does
        (writes are always SHACL-validated before they are committed; see ``write_checks``).
    """
    if allow_updates and not token:
        raise ValueError("allow_updates needs a token: writes are only accepted from clients that send it")
    if query_timeout <= 0 or max_results <= 0 or max_request_bytes <= 0:
        raise ValueError("query_timeout, max_results and max_request_bytes must be positive")
    if max_query_memory is not None and max_query_memory < MIN_QUERY_MEMORY:
        raise ValueError(f"max_query_memory must be at least {MIN_QUERY_MEMORY // 2**20} MiB: a worker needs "
                         "about 100 MiB to open the store and answer")
    if allow_updates and max_query_memory is not None and max_query_memory < MIN_WRITER_MEMORY:
        raise ValueError(f"max_query_memory must be at least {MIN_WRITER_MEMORY // 2**20} MiB with allow_updates: "
                         "the writer validates each write with SHACL and HermiT before committing it")
    if long_query_seconds is not None and long_query_seconds <= 0:
        raise ValueError("long_query_seconds must be positive")
    config = ServiceConfig(
        allow_updates=allow_updates, token=token, query_timeout=query_timeout, max_results=max_results,
        allow_service=allow_service, cors_origins=tuple(cors_origins), max_request_bytes=max_request_bytes,
        workers=workers or max(1, min(4, os.cpu_count() or 1)), queue_timeout=queue_timeout,
        max_query_memory=max_query_memory, long_query_seconds=long_query_seconds,
        reason_writes=reason_writes,
    )
    executor = _executor_for(store, config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await executor.start()
        try:
            yield
        finally:
            await executor.stop()

    app = ServiceApp(title="alliance-kg", summary="SPARQL service of the alliance-kg knowledge graph",
                  lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  max_body_size=max_request_bytes)
    app.state.executor = executor
    app.state.config = config
    app.state.store_source = store
    app.add_api_route("/sparql", sparql_endpoint, methods=["GET", "HEAD", "POST"], include_in_schema=False)
    app.include_router(graph_store_router)
    mount_insights(app)
    mount_pages(app)
    mount_web(app)
    app.add_middleware(RefuseCredentialsInUrl, token=config.token)
    redact_access_log(config.token)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
            allow_headers=["Accept", "Authorization", "Content-Type"],
            expose_headers=["Location", "Content-Type"],
        )
    return app


__all__ = ["KEEP_ALIVE_SECONDS", "ServiceApp", "ServiceConfig", "answer_response", "check_token", "create_app",
           "endpoint_url", "error_response"]
