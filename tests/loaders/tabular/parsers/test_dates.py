"""The date parser: formats, added days, a node of its own."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from alliancekg.loaders.tabular.parsers.dates import parse_date
from alliancekg.ontology.namespaces import AKG, ENT


def test_formats_and_added_days(make_cell) -> None:
    cell = make_cell({"value": "x"})
    spec = {"formats": ["%d/%m/%Y", "%Y-%m-%d"], "add_days": 1}
    assert parse_date("31/12/2024", spec, cell) == [Literal("2025-01-01", datatype=XSD.date)]
    assert parse_date("Dec 2024", spec, cell) == []
    assert cell.run.problems[0].message == "'Dec 2024' is not a date (%d/%m/%Y, %Y-%m-%d)"


def test_a_wrapped_date_is_a_node_of_its_own(make_cell) -> None:
    cell = make_cell({"id": "acme"})
    spec = {"wrap": {"id": "ent:{id}-start", "types": ["akg:Organization"], "label": "start of {id}",
                     "property": "akg:publishedOn"}}
    (node,) = parse_date("2025-02-03", spec, cell)
    graph = cell.run.graph
    assert node == ENT["acme-start"] and (node, RDF.type, AKG.Organization) in graph
    assert graph.value(node, RDFS.label) == Literal("start of acme")
    assert graph.value(node, AKG.publishedOn) == Literal("2025-02-03", datatype=XSD.date)
    assert cell.run.node_lines == {str(node): 2}
