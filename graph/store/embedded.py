"""The triple store behind alliance-kg: embedded Oxigraph by default, one small interface.

:class:`KnowledgeStore` is what every command and the server talk to.  Two implementations
exist: :class:`OxigraphStore` (embedded, on disk or in memory) here, and
:class:`alliancekg.graph.store.remote.RemoteStore` for any SPARQL 1.1 server.

Layout of the dataset: each loaded file lives in its own named graph (below
``https://w3id.org/alliance-kg/graph/``).  Queries see as their default graph the union of
those data graphs; scenario graphs (below ``https://w3id.org/alliance-kg/scenario/``) are
reachable only with ``GRAPH``, so a hypothetical event never leaks into plain queries.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from alliancekg.graph.sparql.binding import inline_bindings
from alliancekg.graph.store.results import QueryResult, Triple
from alliancekg.graph.store.terms import to_oxigraph, to_rdflib
from alliancekg.graph.store.version import bump_store_version, store_version
from alliancekg.ontology.namespaces import PREFIXES, SCENARIO

#: Environment variable naming the on-disk store directory.
STORE_ENV = "ALLIANCEKG_STORE"


def default_store_path() -> Path:
    """Where the embedded store lives unless told otherwise.

    ``$ALLIANCEKG_STORE`` if set, else ``$XDG_DATA_HOME/alliance-kg/store`` (by default
    ``~/.local/share/alliance-kg/store``).
    """
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "alliance-kg" / "store"


def is_scenario_graph(graph: str) -> bool:
    """True for graphs that hold hypothetical events rather than sourced data."""
    return str(graph).startswith(str(SCENARIO))


class StoreError(RuntimeError):
    """The store could not be opened, read or written."""


class QueryError(ValueError):
    """A query could not be evaluated (other than a syntax error, which stays a ``SyntaxError``)."""


class KnowledgeStore(ABC):
    """What alliance-kg needs from a store: query with bound values, replace graphs atomically."""

    #: Human-readable description (a path or an endpoint URL).
    location: str

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL query over the data graphs, with ``bindings`` substituted for variables."""

    @abstractmethod
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Make ``graph`` hold exactly ``triples``, atomically: all or nothing."""

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> None:
        """Make each of ``graphs`` hold exactly its triples, all in one transaction: all or nothing."""

    @abstractmethod
    def drop_graph(self, graph: URIRef) -> None:
        """Remove ``graph`` and its triples (no error if absent)."""

    @abstractmethod
    def graphs(self) -> list[URIRef]:
        """All named graphs in the store."""

    @abstractmethod
    def triple_count(self, graph: URIRef | None = None) -> int:
        """Number of triples in ``graph``, or in all data graphs."""

    def data_graphs(self) -> list[URIRef]:
        """Named graphs holding data (every graph but scenarios)."""
        return [g for g in self.graphs() if not is_scenario_graph(g)]

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources held by the store."""

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OxigraphStore(KnowledgeStore):
    """The embedded Oxigraph store (pyoxigraph), persistent in ``path`` or in memory.

    Examples
    --------
    >>> from rdflib import Literal
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

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        # Bound values are written into the patterns as validated terms (see graph.binding): Oxigraph
        # plans a query without looking at substitutions, which can make a bound query read every
        # value of the variable.  Substitutions remain the fallback where a term cannot be written.
        terms = {name: to_oxigraph(value) for name, value in (bindings or {}).items()}
        options = self.dataset_options()
        text = inline_bindings(sparql, terms) if terms else sparql
        try:
            if text is not None:
                try:
                    return result_from_oxigraph(self.oxigraph.query(text, prefixes=PREFIXES, **options))
                except SyntaxError:
                    if not terms:
                        raise
            substitutions = {ox.Variable(name): term for name, term in terms.items()}
            raw = self.oxigraph.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None, **options)
            return result_from_oxigraph(raw)
        except (RuntimeError, OSError) as exc:
            raise QueryError(str(exc)) from exc

    def graphs(self) -> list[URIRef]:
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


def result_from_oxigraph(raw: object) -> QueryResult:
    """Turn a pyoxigraph query answer into a :class:`QueryResult`.

    Each distinct term is converted once per answer (answers repeat terms a lot: an agreement
    on each of its provisions' rows), and rdflib terms are immutable, so rows share them.
    """
    if isinstance(raw, (ox.QueryBoolean, bool)):
        return QueryResult(kind="ask", boolean=bool(raw))
    converted: dict[object, Node] = {}

    def convert(term: object) -> Node:
        found = converted.get(term)
        if found is None:
            found = converted[term] = to_rdflib(term)  # type: ignore[arg-type,assignment]
        return found  # type: ignore[return-value]

    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows = []
        for solution in raw:
            rows.append({name: convert(value) for name, value in zip(variables, solution, strict=True)
                         if value is not None})
        return QueryResult(kind="select", variables=variables, rows=rows)
    if isinstance(raw, ox.QueryTriples):
        triples = [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in raw]
        return QueryResult(kind="graph", triples=triples)
    raise StoreError(f"unexpected query answer {type(raw).__name__}")


def open_store(path: Path | str | None = None, *, endpoint: str | None = None,
               read_only: bool = False) -> KnowledgeStore:
    """Open the store a command works on: a remote ``endpoint`` if given, else the embedded one."""
    if endpoint:
        from alliancekg.graph.store.remote import RemoteStore

        return RemoteStore(endpoint)
    return OxigraphStore(path if path is not None else default_store_path(), read_only=read_only)


#: Suffixes (before a random part) of the directories a build makes beside the store it replaces.
FRESH, OLD = ".new-", ".old-"


def lock_directory(path: Path, *, wait: bool) -> int | None:
    """An open descriptor of the directory ``path`` holding an exclusive ``flock`` on it.

    ``None`` if ``path`` is gone (or was replaced while waiting), or, without ``wait``, if another
    process holds the lock.  The kernel drops the lock when its holder dies, even by SIGKILL, so
    a locked ``.new-*`` or ``.old-*`` directory belongs to a build in progress.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> held = lock_directory(folder, wait=False)
    >>> held is not None, lock_directory(folder, wait=False)
    (True, None)
    >>> os.close(held)
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        if os.path.samestat(os.fstat(descriptor), os.stat(path)):
            return descriptor
    except OSError:  # held by another process, or removed or renamed meanwhile
        pass
    os.close(descriptor)
    return None


@contextmanager
def fresh_directory(target: Path | str) -> Iterator[Path]:
    """A new directory beside ``target`` to write a store in, locked until the block ends.

    Leftovers of killed builds are removed first (:func:`remove_leftovers`).  The directory is
    removed if the block raises; the block swaps it in with :func:`swap_in` when complete.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> with fresh_directory(target) as fresh:
    ...     fresh.name.startswith("store.new-"), remove_leftovers(target)
    (True, [])
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    while True:  # another process's cleanup may remove it before it is locked: make another
        fresh = Path(tempfile.mkdtemp(prefix=target.name + FRESH, dir=target.parent))
        descriptor = lock_directory(fresh, wait=True)
        if descriptor is not None:
            break
    try:
        yield fresh
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        os.close(descriptor)


def remove_leftovers(target: Path | str) -> list[Path]:
    """Remove the directories killed builds left beside ``target``; the ones removed.

    Those are ``<target>.new-*`` (a store being written) and, once ``target`` exists,
    ``<target>.old-*`` (a replaced store being deleted).  A directory still locked by a running
    build (:func:`lock_directory`) is kept.
    """
    target = Path(target)
    with suppress(OSError):
        siblings = sorted(target.parent.iterdir())
        removed = []
        for path in siblings:
            stale = path.name.startswith(target.name + FRESH) or (
                path.name.startswith(target.name + OLD) and target.exists())
            if not stale or path.is_symlink():
                continue
            descriptor = lock_directory(path, wait=False)
            if descriptor is None:
                continue
            try:
                shutil.rmtree(path, ignore_errors=True)
            finally:
                os.close(descriptor)
            removed.append(path)
        return removed
    return []


def swap_in(fresh: Path, target: Path) -> None:
    """Replace the store directory ``target`` by ``fresh`` with renames, so a crash leaves one whole store.

    The replaced store is locked while moved aside as ``<target>.old-*``, so no other process
    takes it for a leftover (or puts it back) before this one has finished.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    old = held = None
    for _attempt in range(100):  # a lock on a store that another swap replaced meanwhile: again
        if not target.exists():
            break
        held = lock_directory(target, wait=True)
        if held is not None:
            break
    else:
        raise StoreError(f"cannot lock the store at {target} to replace it")
    try:
        if held is not None:
            old = Path(tempfile.mkdtemp(prefix=target.name + OLD, dir=target.parent))
            old.rmdir()
            target.rename(old)
        Path(fresh).rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if held is not None:
            os.close(held)


def recover_interrupted_swap(target: Path | str) -> bool:
    """Put back the previous store if a :func:`swap_in` was interrupted between its two renames.

    A crash there leaves no ``target`` but a complete ``<target>.old-*`` sibling (the store as it
    was before): rename the newest such sibling back, unless a running swap still holds it.
    Returns whether a store was recovered.
    """
    target = Path(target)
    if target.exists() or not target.parent.is_dir():
        return False
    prefix = target.name + OLD
    olds = [p for p in target.parent.iterdir() if p.name.startswith(prefix) and p.is_dir()]
    if not olds:
        return False
    newest = max(olds, key=lambda p: p.stat().st_mtime)
    held = lock_directory(newest, wait=False)
    if held is None:  # a running swap is between its renames (or another process recovered it)
        return False
    try:
        newest.rename(target)
    except OSError:  # another process swapped a store in meanwhile
        return False
    finally:
        os.close(held)
    return True


__all__ = [
    "STORE_ENV",
    "KnowledgeStore",
    "OxigraphStore",
    "QueryError",
    "QueryResult",
    "StoreError",
    "bump_store_version",
    "default_store_path",
    "fresh_directory",
    "is_scenario_graph",
    "lock_directory",
    "open_store",
    "recover_interrupted_swap",
    "remove_leftovers",
    "result_from_oxigraph",
    "store_version",
    "swap_in",
]
