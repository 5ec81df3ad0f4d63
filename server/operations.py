"""What the service does to the store, as plain functions of a ``pyoxigraph.Store`` and a job.

Each function takes a picklable job, does one thing and returns an :class:`Answer` (status,
media type, body) or raises :class:`OperationError` with the HTTP status to report.  They run
inside the query workers (see :mod:`alliancekg.server.workers`), so this module
imports nothing heavier than pyoxigraph.

Dataset of a query
    When the request names graphs (``default-graph-uri`` / ``named-graph-uri``) they make
    the dataset, replacing any ``FROM`` in the query.  Otherwise a query with ``FROM``
    keeps its own dataset, and any other query sees, as its default graph, the union of
    the data graphs (every named graph except scenarios), like the embedded store of the
    command line.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from alliancekg.graph.sparql.messages import readable_syntax_error
from alliancekg.server.negotiation import GRAPH_TYPES, OFFERS

#: Prefix of scenario graphs, which never join the default graph (see ``ontology.namespaces``).
SCENARIO_PREFIX = "https://w3id.org/alliance-kg/scenario/"


class OperationError(Exception):
    """A request failed in a way the client should hear about, with the HTTP status to use."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Answer:
    """An HTTP answer built by an operation."""

    status: int = 200
    media_type: str | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryJob:
    """A SPARQL query to run and how to answer it.

    ``media_types`` maps each answer kind (``select``, ``ask``, ``graph``) to the media
    type chosen by content negotiation, or ``None`` when the client accepts none.
    ``default_graphs`` / ``named_graphs`` are the protocol's dataset (``None``: not given).
    """

    text: str
    media_types: dict[str, str | None]
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    query_has_dataset: bool = False
    max_results: int | None = None
    scenario_prefix: str = SCENARIO_PREFIX
    prefixes: dict[str, str] | None = None


@dataclass(frozen=True)
class UpdateJob:
    """A SPARQL update (already given any ``USING`` clauses from the protocol).

    ``reason``: check the data it leaves with HermiT too, not only SHACL (see ``write_checks``).
    """

    text: str
    base_iri: str | None = None
    prefixes: dict[str, str] | None = None
    reason: bool = True


@dataclass(frozen=True)
class GraphJob:
    """A Graph Store Protocol request on one graph (``graph`` ``None``: the default graph)."""

    graph: str | None
    media_type: str | None = None
    payloads: tuple[tuple[bytes, str], ...] = ()
    max_results: int | None = None
    new_graph_base: str | None = None
    reason: bool = True


#: Largest single value Oxigraph's results parser reads (bigger ones fit TSV answers only).
MAX_VALUE_BYTES = 16 * 2**20


class ResultTooLarge(Exception):
    """More solutions or triples than the configured limit."""


def data_graphs(store: ox.Store, scenario_prefix: str = SCENARIO_PREFIX) -> list[ox.NamedNode]:
    """Named graphs holding data: all but the scenario graphs, sorted."""
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    return sorted((g for g in graphs if not g.value.startswith(scenario_prefix)), key=lambda g: g.value)


def query_dataset(store: ox.Store, job: QueryJob) -> dict[str, object]:
    """Keyword arguments of ``Store.query`` that give ``job`` its dataset.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g")))
    >>> query_dataset(store, QueryJob("SELECT * {}", {}))
    {'use_default_graph_as_union': True}
    """
    if job.default_graphs is not None or job.named_graphs is not None:
        return {
            "default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()],
        }
    if job.query_has_dataset:
        return {}
    named = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    graphs = sorted((g for g in named if not g.value.startswith(job.scenario_prefix)), key=lambda g: g.value)
    if len(graphs) == len(named) and next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                                          None) is None:
        # The same default graph, said the way Oxigraph evaluates about twice as fast as a list of graphs
        # (and as the embedded store of the command line says it).
        return {"use_default_graph_as_union": True}
    return {"default_graph": graphs or ox.DefaultGraph()}


def _too_large(limit: int, what: str) -> OperationError:
    return OperationError(
        422,
        f"the result has more than {limit} {what}, the limit of this server (--max-results); "
        "add a LIMIT or narrow the query",
    )


class _CountingWriter(io.RawIOBase):
    """A binary sink that counts lines and stops the serializer past ``limit`` rows."""

    def __init__(self, limit: int | None) -> None:
        self.buffer = io.BytesIO()
        self.lines = 0
        self.limit = limit
        self.overflow = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        self.lines += bytes(data).count(b"\n")
        # The first line of TSV results is the header row.
        if self.limit is not None and self.lines - 1 > self.limit:
            self.overflow = True
            raise ResultTooLarge
        return self.buffer.write(data)


def _serialize_solutions(solutions: ox.QuerySolutions, media_type: str, limit: int | None) -> bytes:
    """Serialize SELECT solutions, refusing more than ``limit`` of them.

    The solutions are first written as TSV, where each solution is one line (newlines in
    literals are escaped), so they can be counted while streaming and the query stops
    early when over the limit; the TSV is then re-read and written in the wanted format.
    """
    writer = _CountingWriter(limit)
    try:
        solutions.serialize(writer, ox.QueryResultsFormat.TSV)
    except Exception as exc:
        if writer.overflow:
            raise _too_large(limit or 0, "solutions") from None
        raise exc
    tsv = writer.buffer.getvalue()
    fmt = getattr(ox.QueryResultsFormat, OFFERS["select"][media_type])
    if fmt == ox.QueryResultsFormat.TSV:
        return tsv
    try:
        return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt)
    except MemoryError as exc:
        # Oxigraph's results parser reads one value into a buffer of at most 16 MiB.
        if "buffer maximal size" not in str(exc):
            raise
        raise OperationError(
            422, f"the result holds a value larger than {MAX_VALUE_BYTES // 2**20} MiB, more than this server "
                 f"converts to {media_type}; ask for text/tab-separated-values or shorten the value",
        ) from None


def _collect_triples(triples: object, limit: int | None) -> list[ox.Triple]:
    collected = []
    for triple in triples:
        collected.append(triple)
        if limit is not None and len(collected) > limit:
            raise _too_large(limit, "triples")
    return collected


def run_query(store: ox.Store, job: QueryJob) -> Answer:
    """Run a SPARQL query and serialize its answer in the negotiated media type."""
    try:
        result = store.query(job.text, base_iri=job.base_iri, prefixes=job.prefixes, **query_dataset(store, job))
        if isinstance(result, ox.QuerySolutions):
            kind = "select"
        elif isinstance(result, ox.QueryTriples):
            kind = "graph"
        else:
            kind = "ask"
        media_type = job.media_types.get(kind)
        if media_type is None:
            offered = ", ".join(OFFERS[kind])
            raise OperationError(406, f"the answer to this query can be {offered}; "
                                      "the Accept header allows none of them")
        if kind == "select":
            body = _serialize_solutions(result, media_type, job.max_results)
        elif kind == "graph":
            triples = _collect_triples(result, job.max_results)
            body = ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media_type]))
        else:
            body = result.serialize(format=getattr(ox.QueryResultsFormat, OFFERS["ask"][media_type]))
    except SyntaxError as exc:
        raise OperationError(400, f"malformed query: {readable_syntax_error(str(exc), job.text)}") from None
    return Answer(200, media_type, body)


def run_update(store: ox.Store, job: UpdateJob) -> Answer:
    """Apply a SPARQL update (one transaction)."""
    try:
        store.update(job.text, base_iri=job.base_iri, prefixes=job.prefixes)
    except SyntaxError as exc:
        raise OperationError(400, f"malformed update: {readable_syntax_error(str(exc), job.text)}") from None
    return Answer(204)


def list_graphs(store: ox.Store, job: object = None) -> list[str]:
    """IRIs of all named graphs."""
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def _graph_name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


def _graph_exists(store: ox.Store, graph: str | None) -> bool:
    return graph is None or store.contains_named_graph(ox.NamedNode(graph))


def _parse_payloads(job: GraphJob) -> list[ox.Triple]:
    """Parse the RDF payloads of a PUT or POST into triples (blank nodes kept apart per payload)."""
    triples = []
    for data, media_type in job.payloads:
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None or fmt.supports_datasets:
            raise OperationError(415, f"cannot read a graph from {media_type!r}; send one of {', '.join(GRAPH_TYPES)}")
        try:
            parsed = ox.parse(data, format=fmt, base_iri=job.graph or job.new_graph_base)
            triples.extend(ox.Triple(q.subject, q.predicate, q.object) for q in parsed)
        except SyntaxError as exc:
            raise OperationError(400, f"malformed {media_type} content: {exc}") from None
    return triples


def replace_graph_update(graph: str | None, triples: list[ox.Triple]) -> str:
    """One SPARQL update that empties ``graph`` and fills it with ``triples`` (atomic).

    The triples are pyoxigraph's own N-Triples serialization of parsed terms.
    """
    target = _graph_name(graph)
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""
    if graph is None:
        drop = "DROP SILENT DEFAULT"
        insert = f"INSERT DATA {{\n{lines}}}" if lines else ""
    else:
        drop = f"DROP SILENT GRAPH {target}"
        insert = f"INSERT DATA {{ GRAPH {target} {{\n{lines}}} }}" if lines else ""
    return f"{drop} ;\n{insert}" if insert else drop


def graph_get(store: ox.Store, job: GraphJob) -> Answer:
    """GET (and HEAD): the graph serialized in the negotiated media type, or 404."""
    if not _graph_exists(store, job.graph):
        raise OperationError(404, f"no graph <{job.graph}> in this store")
    quads = store.quads_for_pattern(None, None, None, _graph_name(job.graph))
    triples = _collect_triples((ox.Triple(q.subject, q.predicate, q.object) for q in quads), job.max_results)
    media_type = job.media_type or "text/turtle"
    return Answer(200, media_type, ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media_type])))


def graph_put(store: ox.Store, job: GraphJob) -> Answer:
    """PUT: replace the graph with the payload (201 if it is new)."""
    if job.graph is None:
        existed = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    else:
        existed = store.contains_named_graph(ox.NamedNode(job.graph))
    triples = _parse_payloads(job)
    store.update(replace_graph_update(job.graph, triples))
    if job.graph is not None and not triples:
        store.add_graph(ox.NamedNode(job.graph))
    return Answer(204 if existed else 201)


def graph_post(store: ox.Store, job: GraphJob) -> Answer:
    """POST: add the payload to the graph (201 if it is new).

    Posted to the store itself (``new_graph_base`` set), it creates a new graph below that
    IRI and answers 201 with its IRI in ``Location``.
    """
    if job.new_graph_base is not None:
        graph: str | None = job.new_graph_base.rstrip("/") + "/" + uuid.uuid4().hex
        created = True
    else:
        graph = job.graph
        created = not _graph_exists(store, graph)
    triples = _parse_payloads(GraphJob(graph=graph, payloads=job.payloads))
    target = _graph_name(graph)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)
    if graph is not None:
        store.add_graph(ox.NamedNode(graph))
    if job.new_graph_base is not None:
        return Answer(201, headers={"Location": graph or ""})
    return Answer(201 if created else 204)


def graph_delete(store: ox.Store, job: GraphJob) -> Answer:
    """DELETE: remove the graph (404 if absent; the default graph is emptied)."""
    if job.graph is None:
        store.clear_graph(ox.DefaultGraph())
        return Answer(204)
    if not _graph_exists(store, job.graph):
        raise OperationError(404, f"no graph <{job.graph}> in this store")
    store.remove_graph(ox.NamedNode(job.graph))
    return Answer(204)


def _insight(name: str, module: str = "insight_operations") -> Callable[[ox.Store, object], object]:
    """An operation of :mod:`~alliancekg.server.insight_operations` (or another server ``module``),
    imported when first run."""
    def run(store: ox.Store, job: object) -> object:
        import importlib

        return getattr(importlib.import_module(f"alliancekg.server.{module}"), name)(store, job)

    run.__name__ = name
    return run


def _checked(operation: Callable[[ox.Store, Any], Answer]) -> Callable[[ox.Store, Any], Answer]:
    """``operation`` applied to a copy and validated like a load before it is committed (see ``write_checks``)."""

    def run(store: ox.Store, job: Any) -> Answer:
        from alliancekg.server.write_checks import checked_write

        return checked_write(operation, store, job, reason=job.reason)

    run.__doc__ = operation.__doc__
    return run


#: Operations that only read, by name (run by any query worker).
READ_OPERATIONS = {"query": run_query, "graphs": list_graphs, "graph_get": graph_get,
                   "rights": _insight("rights"), "rights_choices": _insight("rights_choices"),
                   "export": _insight("export"),
                   **{f"page_{name}": _insight(f"{name}_operation", "page_data")
                      for name in ("org", "deal", "money", "resolve")}}
#: Operations that write, by name (run one at a time, with no read in progress; validated before commit).
WRITE_OPERATIONS = {"update": _checked(run_update), "graph_put": _checked(graph_put),
                    "graph_post": _checked(graph_post), "graph_delete": _checked(graph_delete)}
OPERATIONS = {**READ_OPERATIONS, **WRITE_OPERATIONS}

__all__ = [
    "OPERATIONS", "READ_OPERATIONS", "SCENARIO_PREFIX", "WRITE_OPERATIONS", "Answer", "GraphJob",
    "OperationError", "QueryJob", "UpdateJob", "data_graphs", "graph_delete", "graph_get", "graph_post",
    "graph_put", "list_graphs", "query_dataset", "replace_graph_update", "run_query", "run_update",
]
