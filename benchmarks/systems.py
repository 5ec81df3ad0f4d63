"""The three systems compared, behind one small interface.

``project``
    alliance-kg itself: :func:`alliancekg.graph.store.bulk.bulk_build` (bulk load into a fresh
    directory, swapped in atomically), :class:`~alliancekg.graph.store.embedded.OxigraphStore` queries
    (answers converted to rdflib terms, as every command gets them), and the project's Python
    code for rights, views and exports.
``rdflib``
    rdflib's in-memory ``Dataset`` (default graph: the union of all graphs), queried with
    rdflib's SPARQL engine; rights, views and exports run the project's same Python code over
    it through :class:`RdflibStore`, a :class:`~alliancekg.graph.store.embedded.KnowledgeStore` adapter.
``pyoxigraph``
    raw pyoxigraph on disk: ``Store.bulk_load`` and ``Store.query`` with solutions consumed as
    pyoxigraph terms.  For rights, views and exports it runs the same SPARQL the project runs
    and consumes the answers raw, with no Python-side evaluation: a lower bound for what the
    project's code adds.
"""

from __future__ import annotations

import io
import time
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib
from rdflib import URIRef
from rdflib.term import Node

from alliancekg.graph.store import KnowledgeStore, OxigraphStore, is_scenario_graph
from alliancekg.graph.store.results import QueryResult
from alliancekg.graph.store.terms import to_oxigraph
from alliancekg.ontology.namespaces import PREFIXES


class System(ABC):
    """One store under test."""

    name: str

    @abstractmethod
    def load(self, data: Path, workdir: Path) -> None:
        """Load the N-Quads file ``data`` (``workdir``: where on-disk stores go)."""

    def finish_load(self) -> float | None:
        """Work the system does after loading before it serves (seconds), if any."""
        return None

    @abstractmethod
    def count(self) -> int:
        """Number of quads loaded."""

    @abstractmethod
    def query(self, text: str, bindings: Mapping[str, Node]) -> int:
        """Run a query with bound values, consume the whole answer, return its row or triple count."""

    def knowledge_store(self) -> KnowledgeStore | None:
        """The store as the project's code sees it (``None``: the system runs raw SPARQL instead)."""
        return None

    def raw_query(self, text: str) -> int:
        """Run ``text`` without the project's conversions (only meaningful for raw pyoxigraph)."""
        return self.query(text, {})

    def serialize_all(self) -> int:
        """Every triple of the data graphs as N-Triples; the number of bytes."""
        raise NotImplementedError

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store."""


class ProjectSystem(System):
    """alliance-kg's own store and code."""

    name = "project"

    def __init__(self) -> None:
        self.store: OxigraphStore | None = None

    def load(self, data: Path, workdir: Path) -> None:
        from alliancekg.graph.store.bulk import bulk_build

        target = workdir / "project-store"
        # The bulk load proper, comparable with pyoxigraph's bulk_load; bulk_build's compaction
        # (its default) is timed apart by finish_load.
        bulk_build(target, [data], optimize=False)
        self.store = OxigraphStore(target)

    def finish_load(self) -> float | None:
        """Compact the store, as ``bulk_build`` does by default before swapping it in."""
        assert self.store is not None
        started = time.perf_counter()
        self.store.oxigraph.optimize()
        return time.perf_counter() - started

    def count(self) -> int:
        assert self.store is not None
        return len(self.store.oxigraph)

    def query(self, text: str, bindings: Mapping[str, Node]) -> int:
        assert self.store is not None
        result = self.store.query(text, dict(bindings))
        return len(result.rows) if result.kind == "select" else len(result.triples)

    def knowledge_store(self) -> KnowledgeStore | None:
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


class RawOxigraphSystem(System):
    """pyoxigraph used directly."""

    name = "pyoxigraph"

    def __init__(self) -> None:
        self.store: ox.Store | None = None
        self.dataset: dict[str, object] = {}

    def load(self, data: Path, workdir: Path) -> None:
        self.store = ox.Store(str(workdir / "raw-store"))
        self.store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        self.store.flush()
        named = list(self.store.named_graphs())
        data = [g for g in named if isinstance(g, ox.NamedNode) and not is_scenario_graph(g.value)]
        # As a user of pyoxigraph would: the union of the graphs, unless some must stay out of it.
        self.dataset = {"use_default_graph_as_union": True} if len(data) == len(named) else {"default_graph": data}

    def count(self) -> int:
        assert self.store is not None
        return len(self.store)

    def _run(self, text: str, substitutions: dict[ox.Variable, object] | None) -> int:
        assert self.store is not None
        answer = self.store.query(text, prefixes=PREFIXES, substitutions=substitutions or None, **self.dataset)
        if isinstance(answer, ox.QuerySolutions):
            rows = 0
            for solution in answer:
                for _ in solution:  # touch every value
                    pass
                rows += 1
            return rows
        if isinstance(answer, ox.QueryTriples):
            return sum(1 for _ in answer)
        return 1

    def query(self, text: str, bindings: Mapping[str, Node]) -> int:
        return self._run(text, {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()})

    def raw_query(self, text: str) -> int:
        return self._run(text, None)

    def parties_graph(self, text: str) -> nx.Graph:
        """Organizations linked by shared agreements (``weight``: how many), from ``?agreement ?party`` rows."""
        assert self.store is not None
        parties: dict[str, list[str]] = defaultdict(list)
        for solution in self.store.query(text, prefixes=PREFIXES, **self.dataset):
            parties[solution["agreement"].value].append(solution["party"].value)
        graph = nx.Graph()
        for members in parties.values():
            for a, b in combinations(sorted(members), 2):
                weight = graph[a][b]["weight"] + 1 if graph.has_edge(a, b) else 1
                graph.add_edge(a, b, weight=weight)
        return graph

    def parties_graphml(self, text: str) -> int:
        """The graph of :meth:`parties_graph` as GraphML; the number of bytes."""
        return len("\n".join(nx.generate_graphml(self.parties_graph(text))).encode("utf-8"))

    def serialize_all(self) -> int:
        assert self.store is not None
        answer = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", **self.dataset)
        sink = io.BytesIO()
        answer.serialize(sink, format=ox.RdfFormat.N_TRIPLES)
        return sink.tell()

    def close(self) -> None:
        self.store = None


class RdflibStore(KnowledgeStore):
    """A read-only :class:`KnowledgeStore` over an rdflib ``Dataset`` (for running the project's code on rdflib)."""

    def __init__(self, dataset: rdflib.Dataset) -> None:
        self.dataset = dataset
        self.location = "rdflib memory"

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        result = self.dataset.query(sparql, initNs=PREFIXES, initBindings=dict(bindings or {}))
        if result.type == "ASK":
            return QueryResult(kind="ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars or []]
            rows = [{str(k): v for k, v in row.asdict().items() if v is not None} for row in result]
            return QueryResult(kind="select", variables=variables, rows=rows)
        return QueryResult(kind="graph", triples=list(result))

    def replace_graph(self, graph: URIRef, triples: object) -> None:
        raise NotImplementedError("read-only adapter")

    def replace_graphs(self, graphs: object) -> None:
        raise NotImplementedError("read-only adapter")

    def drop_graph(self, graph: URIRef) -> None:
        raise NotImplementedError("read-only adapter")

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(str(g.identifier)) for g in self.dataset.graphs()
                      if isinstance(g.identifier, URIRef) and str(g.identifier) != "urn:x-rdflib:default")

    def triple_count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return sum(self.triple_count(g) for g in self.data_graphs())
        return len(self.dataset.graph(graph))


class RdflibSystem(System):
    """rdflib's in-memory store and SPARQL engine."""

    name = "rdflib"

    def __init__(self) -> None:
        self.dataset: rdflib.Dataset | None = None

    def load(self, data: Path, workdir: Path) -> None:
        self.dataset = rdflib.Dataset(default_union=True)
        self.dataset.parse(str(data), format="nquads")

    def count(self) -> int:
        assert self.dataset is not None
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def query(self, text: str, bindings: Mapping[str, Node]) -> int:
        assert self.dataset is not None
        result = self.dataset.query(text, initNs=PREFIXES, initBindings=dict(bindings))
        if result.type == "ASK":
            return 1
        return sum(1 for _ in result)

    def knowledge_store(self) -> KnowledgeStore | None:
        assert self.dataset is not None
        return RdflibStore(self.dataset)

    def close(self) -> None:
        self.dataset = None


SYSTEMS: dict[str, type[System]] = {s.name: s for s in (ProjectSystem, RdflibSystem, RawOxigraphSystem)}

__all__ = ["SYSTEMS", "ProjectSystem", "RawOxigraphSystem", "RdflibStore", "RdflibSystem", "System"]
