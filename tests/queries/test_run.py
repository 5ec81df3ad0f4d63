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


LISTED = '# title: t\n# list: letters\n# list: words ", "\nSELECT (GROUP_CONCAT(?x; separator=" | ") AS ?letters)\n' \
         '(GROUP_CONCAT(?w; separator=", ") AS ?words) WHERE { VALUES (?x ?w) { ("b" "y") ("a" "x") ("c" "z") } }'


def test_list_columns_are_sorted_not_left_in_the_store_s_order() -> None:
    query = parse_query_file(LISTED, "t")
    with OxigraphStore() as store:
        # The store joins the items in the order it met them: here VALUES order, not sorted.
        assert store.query(query.text).python_rows() == [{"letters": "b | a | c", "words": "y, x, z"}]
        assert run_query(store, query).python_rows() == [{"letters": "a | b | c", "words": "x, y, z"}]


def test_rights_at_sorts_the_open_conditions_holders_and_qualifications() -> None:
    from alliancekg.queries.catalog import load_catalog

    assert dict(load_catalog()["rights-at"].lists) == {"holders": " | ", "qualifications": " | ",
                                                       "openConditions": " | "}
