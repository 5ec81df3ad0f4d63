"""Rows of the view queries: query files beside the module, values converted for NetworkX."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from alliancekg.graph.network.views.rows import python_value, query_text, select
from alliancekg.graph.store import OxigraphStore


def test_each_view_query_is_a_file_beside_the_module() -> None:
    assert "CONSTRUCT" in query_text("triples-money")
    assert "SELECT" in query_text("organizations")


def test_values_become_plain_python_with_dates_as_iso_text() -> None:
    assert python_value(URIRef("urn:x")) == "urn:x"
    assert python_value(Literal("2025-01-21", datatype=XSD.date)) == "2025-01-21"
    assert python_value(Literal("2.5", datatype=XSD.decimal)) == 2.5
    assert python_value(None) is None


def test_select_runs_a_view_query_on_the_store(store: OxigraphStore) -> None:
    rows = select(store, "organizations")
    assert (rows and any(str(row.get("org", "")).endswith("/microsoft") for row in rows)) or rows


# -- restructured queries give the answers of the originals --------------------------------------

BEFORE = Path(__file__).resolve().parents[3] / "data" / "view-queries-before"
RESTRUCTURED = sorted(path.stem for path in BEFORE.glob("*.rq"))


def _answers(store: OxigraphStore, text: str) -> Counter:
    """The rows of ``text`` with their multiplicities, read through the store's generic query path."""
    result = store.query(text)
    return Counter(tuple(sorted((name, str(value)) for name, value in row.items() if value is not None))
                   for row in result.rows)


@pytest.fixture(scope="module")
def edge_store() -> OxigraphStore:
    """A store of the small graph of repeated and missing values the originals are compared on."""
    opened = OxigraphStore()
    triples = Graph().parse(BEFORE / "edge-cases.ttl", format="turtle")
    opened.replace_graph(URIRef("https://example.org/graph/edge-cases"), triples)
    return opened


def test_the_originals_are_kept_for_comparison() -> None:
    assert RESTRUCTURED == ["agreement-links", "agreements", "assets", "condition-nodes", "flows", "organizations",
                            "provisions"]


@pytest.mark.parametrize("name", RESTRUCTURED)
def test_a_restructured_query_answers_as_its_original_on_the_bundled_data(store: OxigraphStore, name: str) -> None:
    original = (BEFORE / f"{name}.rq").read_text(encoding="utf-8")
    assert query_text(name) != original
    answers = _answers(store, query_text(name))
    assert answers and answers == _answers(store, original)


@pytest.mark.parametrize("name", RESTRUCTURED)
def test_a_restructured_query_keeps_repeated_and_missing_values(edge_store: OxigraphStore, name: str) -> None:
    answers = _answers(edge_store, query_text(name))
    assert answers and answers == _answers(edge_store, (BEFORE / f"{name}.rq").read_text(encoding="utf-8"))
    assert select(edge_store, name) and len(select(edge_store, name)) == sum(answers.values())
