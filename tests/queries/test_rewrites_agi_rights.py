"""Rewritten agi-constraints, agi-exposure and freedoms answer as the texts they replaced."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from alliancekg.graph.store import OxigraphStore
from alliancekg.queries.catalog import load_catalog

TESTS = Path(__file__).resolve().parents[1]
BEFORE = TESTS / "data" / "catalog-queries-before"
ONTOLOGY = TESTS.parent / "ontology" / "alliance.ttl"
REWRITTEN = ("agi-constraints", "agi-exposure", "freedoms")
#: Columns each query fills from an OPTIONAL: the edge cases have rows with and rows without each.
OPTIONAL_COLUMNS = {"agi-constraints": ("appliesUntil", "qualification", "asset"),
                    "agi-exposure": ("endDate",),
                    "freedoms": ("counterparty", "qualifications")}
ENT = "https://w3id.org/alliance-kg/id/ent/"


def _answers(store: OxigraphStore, text: str, name: str, values: dict[str, str] | None = None) -> Counter:
    """The rows of ``text`` bound as catalog query ``name`` binds ``values``, with multiplicities."""
    bindings = load_catalog()[name].bindings(values)
    result = store.query(text, dict(bindings))
    return Counter(tuple(sorted((column, str(value)) for column, value in row.items() if value is not None))
                   for row in result.rows)


def _before(name: str) -> str:
    return (BEFORE / f"{name}.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def edge_store() -> OxigraphStore:
    """The ontology and the small graph of shared, repeated and missing values the texts are compared on."""
    triples = Graph().parse(ONTOLOGY, format="turtle")
    triples.parse(BEFORE / "agi-and-rights-edge-cases.ttl", format="turtle")
    opened = OxigraphStore()
    opened.replace_graph(URIRef("https://example.org/graph/agi-and-rights-edge-cases"), triples)
    return opened


@pytest.mark.parametrize("name", REWRITTEN)
def test_the_original_text_is_kept_and_differs(name: str) -> None:
    assert load_catalog()[name].text != _before(name)


@pytest.mark.parametrize("name", REWRITTEN)
def test_a_rewritten_query_answers_as_its_original_on_the_bundled_data(store: OxigraphStore, name: str) -> None:
    answers = _answers(store, load_catalog()[name].text, name)
    assert answers and answers == _answers(store, _before(name), name)


@pytest.mark.parametrize("holder", ["alpha", "beta"])
@pytest.mark.parametrize("name", REWRITTEN)
def test_a_rewritten_query_answers_as_its_original_on_the_edge_cases(edge_store: OxigraphStore, name: str,
                                                                       holder: str) -> None:
    values = {"holder": ENT + holder}
    answers = _answers(edge_store, load_catalog()[name].text, name, values)
    assert answers and answers == _answers(edge_store, _before(name), name, values)


@pytest.mark.parametrize("name", REWRITTEN)
def test_the_edge_cases_fill_and_leave_out_each_optional_column(edge_store: OxigraphStore, name: str) -> None:
    rows = [dict(row) for row in _answers(edge_store, _before(name), name, {"holder": ENT + "alpha"})]
    for column in OPTIONAL_COLUMNS[name]:
        assert any(column in row for row in rows) and any(column not in row for row in rows), column
