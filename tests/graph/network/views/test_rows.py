"""Rows of the view queries: query files beside the module, values converted for NetworkX."""

from __future__ import annotations

from rdflib import Literal, URIRef
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
