"""Mapping one property: raw values, when_matches, extract, skip, parsers by name, reverse, first_of."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS, XSD

from alliancekg.data import CONTEXT_FILE
from alliancekg.loaders.linking import Resolver
from alliancekg.loaders.tabular.mapping import Mapping, MappingError
from alliancekg.loaders.tabular.properties import extract, map_property
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Node, Run, Scope
from alliancekg.loaders.yamlld import read_context
from alliancekg.ontology.namespaces import AKG, ENT

ROW = Row({"amount": "about 12 | 7 units | none", "note": "Ref: X-42"}, 2, {"amount": 1, "note": 2})
NODE = Node(ENT["x"], "x", lambda prop: False)


def make_run() -> Run:
    return Run(Mapping(Path("m.yaml"), {"nodes": []}, read_context(CONTEXT_FILE)), Path("d.csv"), Resolver())


def test_values_are_split_filtered_and_parsed() -> None:
    run = make_run()
    spec = {"column": "amount", "split": " | ", "when_matches": r"\d", "extract": r"(\d+)", "parse": "decimal"}
    assert map_property(run, NODE, AKG.amount, spec, Scope(ROW))
    assert set(run.graph.objects(ENT["x"], AKG.amount)) == {Literal("12", datatype=XSD.decimal),
                                                             Literal("7", datatype=XSD.decimal)}
    assert run.field_lines == {(str(ENT["x"]), "amount"): 2}


def test_nothing_produced_and_reverse() -> None:
    run = make_run()
    assert not map_property(run, NODE, RDFS.label, {"column": "missing"}, Scope(ROW))
    assert not map_property(run, NODE, RDFS.label, {"value": "n/a", "skip": ["n/a"]}, Scope(ROW))
    assert map_property(run, NODE, AKG.party, {"value": "ent:y", "parse": "curie", "reverse": True}, Scope(ROW))
    assert (ENT["y"], AKG.party, ENT["x"]) in run.graph


def test_an_unknown_parser_or_a_spec_without_a_source_is_a_mapping_error() -> None:
    run = make_run()
    with pytest.raises(MappingError, match="unknown parse 'nope'"):
        map_property(run, NODE, RDFS.label, {"value": "a", "parse": "nope"}, Scope(ROW))
    with pytest.raises(MappingError, match="needs a column, template or value"):
        map_property(run, NODE, RDFS.label, {"parse": "text"}, Scope(ROW))


def test_extract_takes_the_first_group_of_the_first_pattern_that_matches() -> None:
    run = make_run()
    assert extract(run, "Ref: X-42", {"extract": ["Z-(\\d+)", "X-(\\d+)"]}, ROW, "note") == "42"
    assert extract(run, "Ref: X-42", {"extract": "X-\\d+"}, ROW, "note") == "X-42"
    assert extract(run, "none", {"extract": "X"}, ROW, "note") == ""
