"""The embedded Oxigraph store (on disk or in memory), the default :class:`KnowledgeStore`.

:class:`~alliancekg.graph.store.interface.KnowledgeStore` is what every command and the server
talk to; :class:`alliancekg.graph.store.remote.RemoteStore` is the other implementation, for any
SPARQL 1.1 server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from alliancekg.graph.sparql.binding import inline_bindings
from alliancekg.graph.store.interface import KnowledgeStore, QueryError, StoreError, is_scenario_graph
from alliancekg.graph.store.results import QueryResult, Triple
from alliancekg.graph.store.swap import recover_interrupted_swap, remove_leftovers
from alliancekg.graph.store.terms import OxigraphTerm, to_oxigraph, to_rdflib
from alliancekg.graph.store.version import bump_store_version
from alliancekg.ontology.namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node

#: Turns each distinct term of an answer into the term the :class:`QueryResult` holds.
TermConverter = Callable[[OxigraphTerm], object]


class OxigraphStore(KnowledgeStore):
    """The embedded Oxigraph store (pyoxigraph), persistent in ``path`` or in memory.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> store = OxigraphStore()
    >>> g = URIRef("https://w3id.org/alliance-kg/graph/example")
    >>> store.replace_graph(g, [(URIRef("urn:a"), URIRef("urn:p"), Literal(1))])
    >>> store.query("SELECT ?o WHERE { ?s ?p ?o }").values("o")
    [rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))]
    >>> store.query("ASK { ?s ?p ?x }", {"x": Literal(2)}).boolean
    False
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        #: Opened read-only: this object never writes to the store directory.
        self.read_only = read_only
        if self.path is not None:
            recover_interrupted_swap(self.path)
            remove_leftovers(self.path)
        try:
            if self.path is None:
                self.oxigraph = ox.Store()
            elif read_only:
                self.oxigraph = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.oxigraph = ox.Store(str(self.path))
        except OSError as exc:
            if not read_only and "lock" in str(exc).lower():
                raise StoreError(
                    f"the store at {self.path} is open for writing in another process: a running "
                    "'alliancekg serve --allow-updates' in the middle of a write, or a build or load. "
                    "Try again when it is done, or send the change to the server with --endpoint "
                    "(its SPARQL URL) and ALLIANCEKG_ENDPOINT_TOKEN"
                ) from exc
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
        self.location = str(self.path) if self.path else "memory"

    # -- reading -----------------------------------------------------------------
    def default_graphs(self) -> list[ox.NamedNode] | ox.DefaultGraph:
        """The graphs that make up the default graph of queries."""
        graphs = [ox.NamedNode(str(g)) for g in self.data_graphs()]
        return graphs or ox.DefaultGraph()

    def dataset_options(self) -> dict[str, object]:
        """Keyword arguments of ``pyoxigraph.Store.query`` that make the data graphs the default graph.

        When every named graph holds data (no scenario graph) and the store's own default graph
        is empty, that is the union of all graphs, which Oxigraph evaluates about twice as fast as
        the same graphs given as a list.
        """
        named = list(self.oxigraph.named_graphs())
        data = [g for g in named if isinstance(g, ox.NamedNode) and not is_scenario_graph(g.value)]
        default_quads = self.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if len(data) == len(named) and next(iter(default_quads), None) is None:
            return {"use_default_graph_as_union": True}
        return {"default_graph": sorted(data, key=lambda g: g.value) or ox.DefaultGraph()}

    def query(self, sparql: str, bindings: Mapping[str, Node | OxigraphTerm] | None = None, *,
              convert: TermConverter = to_rdflib) -> QueryResult:
        # Bindings may be rdflib or pyoxigraph terms; ``convert`` makes the answer's terms (rdflib
        # terms unless told otherwise: ``alliancekg query`` asks for terms.to_plain).
        # Bound values are written into the patterns as validated terms (see graph.binding): Oxigraph
        # plans a query without looking at substitutions, which can make a bound query read every
        # value of the variable.  Substitutions remain the fallback where a term cannot be written.
        terms = {name: to_oxigraph(value) for name, value in (bindings or {}).items()}
        options = self.dataset_options()
        text = inline_bindings(sparql, terms) if terms else sparql
        try:
            if text is not None:
                try:
                    return result_from_oxigraph(self.oxigraph.query(text, prefixes=PREFIXES, **options), convert)
                except SyntaxError:
                    if not terms:
                        raise
            substitutions = {ox.Variable(name): term for name, term in terms.items()}
            raw = self.oxigraph.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None, **options)
            return result_from_oxigraph(raw, convert)
        except (RuntimeError, OSError) as exc:
            raise QueryError(str(exc)) from exc

    def graphs(self) -> list[URIRef]:
        from rdflib import URIRef

        return sorted(URIRef(g.value) for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self, graph: URIRef | None = None) -> int:
        if graph is not None:
            return sum(1 for _ in self.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
        return sum(self.triple_count(g) for g in self.data_graphs())

    # -- writing -----------------------------------------------------------------
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        self.replace_graphs({graph: triples})

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> None:
        # One update request is one transaction: the old graphs stay until all new ones are in.
        # The data is pyoxigraph's own N-Quads serialization of validated terms, re-read by the
        # parser; nothing from the user is pasted into SPARQL syntax.
        parts = []
        for graph, triples in graphs.items():
            target = ox.NamedNode(str(graph))
            quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in triples]
            body = ox.serialize(ox.Dataset(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8") if quads else ""
            parts.append(_replace_graph_update(target, body))
        if parts:
            self.oxigraph.update(" ;\n".join(parts))
            self._committed()

    def drop_graph(self, graph: URIRef) -> None:
        with suppress(KeyError):
            self.oxigraph.remove_graph(ox.NamedNode(str(graph)))
        self._committed()

    def _committed(self) -> None:
        """Tell servers reading this store that a write was committed (see ``store_version``)."""
        if self.path is not None:
            bump_store_version(self.path)

    def bulk_add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Fast, non-transactional insert for building a fresh store that is swapped in later."""
        target = ox.NamedNode(str(graph))
        self.oxigraph.bulk_extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in triples
        )

    def bulk_load_file(self, path: Path | str, *, threads: int | None = None) -> None:
        """Fast, non-transactional load of a big RDF file (N-Quads and N-Triples in parallel threads).

        For a fresh store that is swapped in later (:func:`alliancekg.graph.store.bulk.bulk_build`);
        see :mod:`alliancekg.graph.store.bulk`.
        """
        from alliancekg.graph.store.bulk import bulk_load_file

        bulk_load_file(self.oxigraph, path, threads=threads)

    def flush(self) -> None:
        """Write pending changes to disk."""
        self.oxigraph.flush()

    def close(self) -> None:
        if self.path is not None:
            with suppress(Exception):
                self.oxigraph.flush()
        del self.oxigraph


def _replace_graph_update(target: ox.NamedNode, nquads: str) -> str:
    """Build ``DROP SILENT GRAPH g ; INSERT DATA { GRAPH g { ... } }`` from serialized quads."""
    lines = []
    for line in nquads.splitlines():
        line = line.rstrip()
        if not line:
            continue
        # N-Quads line "s p o g ." -> the triple part "s p o ." inside GRAPH g {}.
        suffix = f" {target} ."
        if not line.endswith(suffix):
            raise StoreError(f"unexpected serialization line: {line[:80]}")
        lines.append(line[: -len(suffix)] + " .")
    insert = f"INSERT DATA {{ GRAPH {target} {{\n" + "\n".join(lines) + "\n} }" if lines else ""
    return f"DROP SILENT GRAPH {target} ;\n{insert}" if insert else f"DROP SILENT GRAPH {target}"


def result_from_oxigraph(raw: object, convert: TermConverter = to_rdflib) -> QueryResult:
    """Turn a pyoxigraph query answer into a :class:`QueryResult` whose terms ``convert`` makes.

    Each distinct term is converted once per answer (answers repeat terms a lot: an agreement
    on each of its provisions' rows), and rdflib terms are immutable, so rows share them.
    """
    if isinstance(raw, (ox.QueryBoolean, bool)):
        return QueryResult(kind="ask", boolean=bool(raw))
    converted: dict[object, Node] = {}

    def once(term: object) -> Node:
        found = converted.get(term)
        if found is None:
            found = converted[term] = convert(term)  # type: ignore[arg-type,assignment]
        return found  # type: ignore[return-value]

    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows = []
        for solution in raw:
            rows.append({name: once(value) for name, value in zip(variables, solution, strict=True)
                         if value is not None})
        return QueryResult(kind="select", variables=variables, rows=rows)
    if isinstance(raw, ox.QueryTriples):
        triples = [(once(t.subject), once(t.predicate), once(t.object)) for t in raw]
        return QueryResult(kind="graph", triples=triples)
    raise StoreError(f"unexpected query answer {type(raw).__name__}")
