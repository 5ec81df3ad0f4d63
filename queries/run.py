"""Running catalog queries (or ad-hoc SPARQL) against any store, with bound parameters."""

from __future__ import annotations

from alliancekg.graph.store import KnowledgeStore
from alliancekg.graph.store.results import QueryResult
from alliancekg.queries.catalog import CatalogQuery, load_catalog, resolve_query


def run_query(store: KnowledgeStore, query: CatalogQuery, params: dict[str, str] | None = None) -> QueryResult:
    """Run ``query`` on ``store`` with ``params`` validated and bound.

    Examples
    --------
    >>> from alliancekg.graph.store import OxigraphStore
    >>> from alliancekg.queries.catalog import parse_query_file
    >>> q = parse_query_file("# title: t\\n# param: x integer = 2\\nSELECT ?x {}", "t")
    >>> run_query(OxigraphStore(), q).python_rows()
    [{'x': 2}]
    """
    return store.query(query.text, query.bindings(params))


def run_named(store: KnowledgeStore, name_or_file: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a catalog query by name (or a ``.rq`` file path)."""
    return run_query(store, resolve_query(name_or_file, load_catalog()), params)
