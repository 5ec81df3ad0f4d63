"""Writes through the service pass the checks of ``alliancekg load``, or change nothing.

A SPARQL update or a Graph Store Protocol write is applied to an in-memory copy of the store
first.  The copy's data (every graph but the scenario graphs, as a load sees it) is validated
with the same SHACL shapes and, unless switched off, the same HermiT consistency check as a
load (:func:`alliancekg.graph.build.validate_graphs`).  Only when that passes are the graphs the
write changed put into the real store, all in one update request, so one transaction: a
refused or failed write leaves the store exactly as it was, and what is committed is what was
validated (an update using ``UUID()``, ``NOW()`` or ``BNODE()`` is not evaluated twice).

Heavy imports (rdflib, pySHACL, owlready2) happen on the first write, in the writer process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pyoxigraph as ox

from alliancekg.server.operations import SCENARIO_PREFIX, Answer, OperationError

GraphName = ox.NamedNode | ox.DefaultGraph
Job = TypeVar("Job")

#: Most problems listed in a refusal (the count is always given).
MAX_LISTED = 50


def copy_store(store: ox.Store) -> ox.Store:
    """An in-memory copy of ``store``: every quad, and every named graph even when empty.

    Examples
    --------
    >>> source = ox.Store()
    >>> source.add_graph(ox.NamedNode("urn:g"))
    >>> list(copy_store(source).named_graphs())
    [<NamedNode value=urn:g>]
    """
    copy = ox.Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
    for graph in store.named_graphs():
        copy.add_graph(graph)
    return copy


def graph_contents(store: ox.Store) -> dict[GraphName, frozenset[ox.Triple]]:
    """The triples of each graph of ``store`` (named graphs, even empty ones, and the default graph)."""
    contents: dict[GraphName, set[ox.Triple]] = {graph: set() for graph in store.named_graphs()}
    contents.setdefault(ox.DefaultGraph(), set())
    for quad in store.quads_for_pattern(None, None, None, None):
        contents.setdefault(quad.graph_name, set()).add(ox.Triple(quad.subject, quad.predicate, quad.object))
    return {graph: frozenset(triples) for graph, triples in contents.items()}


def changed_graphs(before: dict[GraphName, frozenset[ox.Triple]],
                   after: dict[GraphName, frozenset[ox.Triple]]) -> list[GraphName]:
    """Graphs added, removed or changed between two :func:`graph_contents`.

    Examples
    --------
    >>> g = ox.NamedNode("urn:g")
    >>> t = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))
    >>> changed_graphs({g: frozenset()}, {g: frozenset({t})})
    [<NamedNode value=urn:g>]
    >>> changed_graphs({g: frozenset({t})}, {g: frozenset({t})})
    []
    """
    names = sorted(set(before) | set(after), key=str)
    return [name for name in names if before.get(name) != after.get(name)]


def commit_update(changed: list[GraphName], after: dict[GraphName, frozenset[ox.Triple]]) -> str:
    """One SPARQL update that gives each ``changed`` graph its contents in ``after`` (absent: dropped).

    All graphs are filled by one ``INSERT DATA``, so blank nodes shared between them stay one
    node.  The triples are pyoxigraph's own serialization of stored terms.

    Examples
    --------
    >>> g = ox.NamedNode("urn:g")
    >>> t = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))
    >>> print(commit_update([g], {g: frozenset({t})}))
    DROP SILENT GRAPH <urn:g> ;
    CREATE SILENT GRAPH <urn:g> ;
    INSERT DATA {
    GRAPH <urn:g> {
    <urn:a> <urn:b> "c" .
    }
    }
    """
    operations = []
    blocks = []
    for graph in changed:
        named = isinstance(graph, ox.NamedNode)
        operations.append(f"DROP SILENT GRAPH {graph}" if named else "DROP SILENT DEFAULT")
        if graph not in after:
            continue
        if named:
            operations.append(f"CREATE SILENT GRAPH {graph}")
        triples = sorted(after[graph], key=str)
        if triples:
            text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            blocks.append(f"GRAPH {graph} {{\n{text}}}" if named else text.rstrip("\n"))
    if blocks:
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(operations)


def _is_scenario(graph: GraphName, scenario_prefix: str) -> bool:
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(scenario_prefix)


def checked_data(contents: dict[GraphName, frozenset[ox.Triple]], scenario_prefix: str = SCENARIO_PREFIX) -> bytes:
    """N-Triples of every graph a load validates: all but the scenario graphs (hypothetical events)."""
    triples = {triple for graph, graph_triples in contents.items() if not _is_scenario(graph, scenario_prefix)
               for triple in graph_triples}
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) if triples else b""


def refusal(problems: list[object]) -> OperationError:
    """The 422 answer listing what is wrong with the data a write would leave."""
    lines = [f"  {problem}" for problem in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"  … and {len(problems) - MAX_LISTED} more")
    return OperationError(422, f"the write was refused and nothing was changed: the data it would leave fails "
                               f"validation, {len(problems)} problem(s):\n" + "\n".join(lines))


def validate_data(ntriples: bytes, *, reason: bool) -> None:
    """Validate data as ``alliancekg load`` does (SHACL, then HermiT); raise a 422 :class:`OperationError`."""
    from rdflib import Graph

    from alliancekg.graph.build import validate_graphs
    from alliancekg.graph.quality.reasoning import ReasonerUnavailable
    from alliancekg.loaders.errors import LoadError, Problem

    data = Graph()
    if ntriples:
        data.parse(data=ntriples.decode("utf-8"), format="nt")
    try:
        validate_graphs({}, [], context=data, reason=reason)
    except LoadError as exc:
        # Problems of data with no file are reported against "data"; a write has no file either.
        raise refusal([Problem("the store", p.message, field=p.field, node=p.node) for p in exc.problems]) from None
    except ReasonerUnavailable as exc:
        raise OperationError(503, f"writes are checked with HermiT like loads, which cannot run here: {exc}; "
                                  "start the server with --no-reason to check writes with SHACL only") from None


def checked_write(operation: Callable[[ox.Store, Job], Answer], store: ox.Store, job: Job, *,
                  reason: bool = True, scenario_prefix: str = SCENARIO_PREFIX) -> Answer:
    """Run the write ``operation`` on a copy of ``store``, validate the result, then commit it atomically.

    Parameters
    ----------
    operation
        A write of :mod:`alliancekg.server.operations` (``run_update``, ``graph_put``…).
    store, job
        The store to write and the job to run.
    reason
        Also run the HermiT consistency check (as ``alliancekg load`` does unless ``--no-reason``).

    Examples
    --------
    >>> from alliancekg.server.operations import UpdateJob, run_update
    >>> store = ox.Store()
    >>> bad = "INSERT DATA { GRAPH <urn:g> { <urn:s> a <https://w3id.org/alliance-kg/ontology#EquityStake> } }"
    >>> try:
    ...     checked_write(run_update, store, UpdateJob(bad), reason=False)
    ... except OperationError as exc:
    ...     print(exc.status, len(store))
    422 0
    """
    before = graph_contents(store)
    copy = copy_store(store)
    answer = operation(copy, job)
    after = graph_contents(copy)
    changed = changed_graphs(before, after)
    if not changed:
        return answer
    if any(not _is_scenario(graph, scenario_prefix) for graph in changed):
        validate_data(checked_data(after, scenario_prefix), reason=reason)
    store.update(commit_update(changed, after))
    return answer


__all__ = ["changed_graphs", "checked_data", "checked_write", "commit_update", "copy_store", "graph_contents",
           "validate_data"]
