"""Mapping node specs: sources of a row, subjects by template or organization, fill mode."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from alliancekg.data import CONTEXT_FILE
from alliancekg.loaders.linking import NameIndex, Resolver
from alliancekg.loaders.tabular.mapping import Mapping
from alliancekg.loaders.tabular.nodes import map_node, row_sources, subject
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Run, Scope
from alliancekg.loaders.yamlld import read_context
from alliancekg.ontology.namespaces import AKG, ENT

ROW = Row({"id": "acme", "urls": "https://a.org/1 | bad | https://a.org/1", "label": "Acme", "org": ""}, 3,
          {"id": 1, "urls": 2, "label": 3, "org": 4})


def make_run(spec: dict, existing: Graph | None = None) -> Run:
    return Run(Mapping(Path("m.yaml"), {"nodes": [], **spec}, read_context(CONTEXT_FILE)), Path("d.csv"),
               Resolver(NameIndex()), existing if existing is not None else Graph())


def test_row_sources_are_ordered_without_repeats_and_bad_ones_reported() -> None:
    run = make_run({"provenance": {"column": "urls", "dataset": ["https://data.example/set"]}})
    assert row_sources(run, ROW) == [URIRef("https://a.org/1"), URIRef("https://data.example/set")]
    assert [(p.line, p.field) for p in run.problems] == [(3, "urls")]


def test_a_node_gets_types_sources_and_properties() -> None:
    run = make_run({})
    spec = {"id": "ent:{id}", "types": ["akg:Organization"], "sources": True, "properties": {"rdfs:label": "label"}}
    map_node(run, spec, Scope(ROW, {}, [URIRef("https://a.org/1")]))
    node = ENT["acme"]
    assert {(p, o) for _, p, o in run.graph.triples((node, None, None))} == {
        (RDF.type, AKG.Organization), (PROV.wasDerivedFrom, URIRef("https://a.org/1")), (RDFS.label, Literal("Acme"))}
    assert run.node_lines == {str(node): 3}


def test_fill_only_adds_what_an_existing_node_lacks() -> None:
    existing = Graph()
    existing.add((ENT["acme"], RDFS.label, Literal("Acme Inc.")))
    run = make_run({}, existing)
    spec = {"id": "ent:{id}", "on_existing": "fill", "types": ["akg:Organization"],
            "properties": {"rdfs:label": "label", "rdfs:comment": {"value": "filled"}}}
    map_node(run, spec, Scope(ROW))
    assert (ENT["acme"], RDFS.label, None) not in run.graph
    assert (ENT["acme"], RDFS.comment, Literal("filled")) in run.graph


def test_an_org_subject_needs_a_name() -> None:
    run = make_run({})
    assert subject(run, {"id": {"org": "{org}", "column": "org"}}, Scope(ROW)) is None
    assert run.problems[0].message == "no organization name or identifier"
    minted = subject(run, {"id": {"org": "{label}"}}, Scope(ROW))
    assert minted is not None and subject(run, {"id": {"org": "Acme"}}, Scope(ROW)) == minted
