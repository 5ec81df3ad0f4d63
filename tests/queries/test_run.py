"""Running catalog queries: parameters validated and bound, named queries found."""

from __future__ import annotations

import pytest

from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.terms import TermError
from alliancekg.queries.catalog import CatalogError, parse_query_file
from alliancekg.queries.run import run_named, run_query


def test_parameters_are_bound_as_typed_terms() -> None:
    query = parse_query_file("# title: t\n# param: x integer = 2\nSELECT ?x {}", "t")
    with OxigraphStore() as store:
        assert run_query(store, query).python_rows() == [{"x": 2}]
        assert run_query(store, query, {"x": "40"}).python_rows() == [{"x": 40}]
        with pytest.raises((TermError, CatalogError)):
            run_query(store, query, {"x": "forty"})


def test_an_unknown_query_name_is_an_error() -> None:
    with OxigraphStore() as store, pytest.raises(CatalogError):
        run_named(store, "no-such-query")
