"""What alliance-kg needs from a triple store: the :class:`KnowledgeStore` interface and its errors.

Layout of the dataset: each loaded file lives in its own named graph (below
``https://w3id.org/alliance-kg/graph/``).  Queries see as their default graph the union of
those data graphs; scenario graphs (below ``https://w3id.org/alliance-kg/scenario/``) are
reachable only with ``GRAPH``, so a hypothetical event never leaks into plain queries.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from alliancekg.graph.store.results import QueryResult, Triple
from alliancekg.ontology.namespaces import NAMESPACE_IRIS

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node

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
    return str(graph).startswith(NAMESPACE_IRIS["SCENARIO"])


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
