"""Running catalog queries (or ad-hoc SPARQL) against any store, with bound parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from alliancekg.graph.store import KnowledgeStore
from alliancekg.graph.store.results import QueryResult
from alliancekg.graph.store.terms import PlainTerm
from alliancekg.queries.catalog import CatalogQuery, load_catalog, resolve_query

if TYPE_CHECKING:
    from rdflib.term import Node


def sorted_list(term: Node | PlainTerm | None, separator: str) -> Node | PlainTerm | None:
    """A joined list literal with its items sorted (any other term unchanged).

    Examples
    --------
    >>> from rdflib import Literal
    >>> str(sorted_list(Literal("b | a | c"), " | "))
    'a | b | c'
    >>> str(sorted_list(PlainTerm("b | a", "string", "b | a"), " | "))
    'a | b'
    >>> sorted_list(None, " | ") is None
    True
    """
    if isinstance(term, PlainTerm):
        return term.with_text(separator.join(sorted(term.text.split(separator)))) if term.kind == "string" else term
    from rdflib import Literal
    from rdflib.namespace import XSD

    if not isinstance(term, Literal) or term.datatype not in (None, XSD.string):
        return term
    items = sorted(str(term).split(separator))
    return Literal(separator.join(items), lang=term.language, datatype=term.datatype)


def sort_lists(result: QueryResult, lists: Sequence[tuple[str, str]]) -> QueryResult:
    """``result`` with the items of each list column (name, separator) sorted.

    A ``GROUP_CONCAT`` joins its items in whatever order the store met them; sorting them makes
    the answer the same on every store and every run.

    Examples
    --------
    >>> from rdflib import Literal
    >>> result = QueryResult("select", ["open"], [{"open": Literal("y | x")}])
    >>> sort_lists(result, [("open", " | ")]).python_rows()
    [{'open': 'x | y'}]
    """
    if not lists or result.kind != "select":
        return result
    separators = dict(lists)
    rows = [{name: sorted_list(term, separators[name]) if name in separators else term for name, term in row.items()}
            for row in result.rows]
    return replace(result, rows=rows)


def run_query(store: KnowledgeStore, query: CatalogQuery, params: dict[str, str] | None = None) -> QueryResult:
    """Run ``query`` on ``store`` with ``params`` validated and bound, its list columns sorted.

    Examples
    --------
    >>> from alliancekg.graph.store import OxigraphStore
    >>> from alliancekg.queries.catalog import parse_query_file
    >>> q = parse_query_file("# title: t\\n# param: x integer = 2\\nSELECT ?x {}", "t")
    >>> run_query(OxigraphStore(), q).python_rows()
    [{'x': 2}]
    """
    return sort_lists(store.query(query.text, query.bindings(params)), query.lists)


def run_named(store: KnowledgeStore, name_or_file: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a catalog query by name (or a ``.rq`` file path)."""
    return run_query(store, resolve_query(name_or_file, load_catalog()), params)
