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
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from alliancekg.graph.sparql.messages import readable_syntax_error
from alliancekg.server.errors import OperationError
from alliancekg.server.held import kept_while_still
from alliancekg.server.negotiation import GRAPH_TYPES, OFFERS

#: Prefix of scenario graphs, which never join the default graph (see ``ontology.namespaces``).
SCENARIO_PREFIX = "https://w3id.org/alliance-kg/scenario/"


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
    return kept_while_still(store, ("dataset", job.scenario_prefix),
                            lambda: data_dataset(store, job.scenario_prefix))


def data_dataset(store: ox.Store, scenario_prefix: str = SCENARIO_PREFIX) -> dict[str, object]:
    """Keyword arguments of ``Store.query`` making the data graphs (all but scenarios) the default graph.

    Examples
    --------
    >>> data_dataset(ox.Store())
    {'use_default_graph_as_union': True}
    """
    named = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    graphs = sorted((g for g in named if not g.value.startswith(scenario_prefix)), key=lambda g: g.value)
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


class _TsvRows:
    """Solutions in TSV results: one line each (newlines in values are escaped), after the header line."""

    def __init__(self) -> None:
        self.lines = 0

    def feed(self, chunk: bytes) -> int:
        self.lines += chunk.count(b"\n")
        return self.lines - 1


class _CsvRows:
    """Solutions in CSV results: line ends outside quoted fields, after the header line.

    A quoted field may hold line ends; its quotes are doubled, so the parity of the ``"`` seen so
    far tells whether a byte is inside a field.
    """

    def __init__(self) -> None:
        self.lines = 0
        self.quoted = False

    def feed(self, chunk: bytes) -> int:
        parts = chunk.split(b'"')
        self.lines += sum(part.count(b"\n") for part in parts[1 if self.quoted else 0::2])
        self.quoted ^= len(parts) % 2 == 0
        return self.lines - 1


class _Occurrences:
    """Occurrences of ``marker`` in a stream of chunks, each counted once wherever the chunks split it."""

    def __init__(self, marker: bytes) -> None:
        self.marker = marker
        self.count = 0
        self.tail = b""

    def feed(self, chunk: bytes) -> int:
        window = self.tail + chunk
        # The tail is shorter than the marker, so every marker found ends in ``chunk``: none is counted twice.
        self.count += window.count(self.marker)
        self.tail = window[max(0, len(window) - len(self.marker) + 1):]
        return self.count


class _XmlRows:
    """Solutions in XML results: ``<result>`` or ``<result/>`` elements (``<`` in values is escaped).

    Counted as the tags that start with ``<result`` minus the one ``<results>`` tag.
    """

    def __init__(self) -> None:
        self.tags = _Occurrences(b"<result")
        self.containers = _Occurrences(b"<results")

    def feed(self, chunk: bytes) -> int:
        return self.tags.feed(chunk) - self.containers.feed(chunk)


_JSON_ESCAPE = re.compile(rb"\\.", re.DOTALL)


class _JsonRows:
    """Solutions in JSON results: objects opened right after ``[`` or ``,`` outside strings.

    In Oxigraph's JSON results only a solution opens there (a term object follows ``:``, and the
    variable list holds strings).  Escapes are dropped first, so every ``"`` left delimits a string.
    """

    def __init__(self) -> None:
        self.rows = 0
        self.quoted = False
        self.carry = b""  # a backslash whose escaped character is in the next chunk
        self.last = b""  # the last byte outside strings, when the chunk ended outside one

    def feed(self, chunk: bytes) -> int:
        data = self.carry + chunk
        backslashes = len(data) - len(data.rstrip(b"\\"))
        self.carry = b"\\" if backslashes % 2 else b""
        data = _JSON_ESCAPE.sub(b"", data[:len(data) - len(self.carry)])
        parts = data.split(b'"')
        outside = parts[1 if self.quoted else 0::2]
        if not self.quoted:
            outside[0] = self.last + outside[0]
        self.quoted ^= len(parts) % 2 == 0
        text = b"\0".join(outside)
        self.rows += text.count(b"[{") + text.count(b",{")
        self.last = b"" if self.quoted else text[-1:]
        return self.rows


#: How to count the solutions in each results format, by pyoxigraph ``QueryResultsFormat`` name.
ROW_COUNTERS = {"TSV": _TsvRows, "CSV": _CsvRows, "XML": _XmlRows, "JSON": _JsonRows}


class _CountingWriter(io.RawIOBase):
    """A binary sink that keeps serialized results and stops the serializer past ``limit`` solutions."""

    def __init__(self, format_name: str, limit: int | None) -> None:
        self.buffer = io.BytesIO()
        self.rows = ROW_COUNTERS[format_name]()
        self.limit = limit
        self.overflow = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        if self.limit is not None and self.rows.feed(chunk) > self.limit:
            self.overflow = True
            raise ResultTooLarge
        return self.buffer.write(chunk)


def count_solutions(serialized: bytes, format_name: str, chunk: int = 8192) -> int:
    """Solutions in ``serialized`` results, counted as :func:`serialize_solutions` counts them while writing.

    Examples
    --------
    >>> count_solutions(b'{"head":{"vars":["x"]},"results":{"bindings":[{},{"x":{"type":"literal","value":",{"}}]}}',
    ...                 "JSON")
    2
    >>> count_solutions(b'x\\r\\n"a\\r\\nb"\\r\\n', "CSV")
    1
    """
    counter, rows = ROW_COUNTERS[format_name](), 0
    for start in range(0, len(serialized), chunk):
        rows = counter.feed(serialized[start:start + chunk])
    return rows


def serialize_solutions(solutions: ox.QuerySolutions, media_type: str, limit: int | None) -> bytes:
    """SELECT solutions serialized in ``media_type`` by pyoxigraph, refusing more than ``limit`` of them.

    The solutions are counted in the serialized bytes as they are written, so a query over the
    limit stops early, and the answer is written once, in the format the client asked for.
    """
    format_name = OFFERS["select"][media_type]
    writer = _CountingWriter(format_name, limit)
    try:
        solutions.serialize(writer, getattr(ox.QueryResultsFormat, format_name))
    except Exception as exc:
        if writer.overflow:
            raise _too_large(limit or 0, "solutions") from None
        raise exc
    return writer.buffer.getvalue()


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
            body = serialize_solutions(result, media_type, job.max_results)
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
    "OPERATIONS", "READ_OPERATIONS", "ROW_COUNTERS", "SCENARIO_PREFIX", "WRITE_OPERATIONS", "Answer", "GraphJob",
    "OperationError", "QueryJob", "UpdateJob", "count_solutions", "data_dataset", "data_graphs", "graph_delete",
    "graph_get", "graph_post", "graph_put", "list_graphs",
    "query_dataset", "replace_graph_update", "run_query", "run_update", "serialize_solutions",
]
