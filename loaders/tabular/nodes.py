"""Mapping the node specs of a row: the row's sources, each node's subject, types, sources and properties."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from alliancekg.loaders.guards import shown
from alliancekg.loaders.tabular.mapping import MappingError
from alliancekg.loaders.tabular.parsers.iris import parse_iri
from alliancekg.loaders.tabular.properties import map_property
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Node, Run, Scope
from alliancekg.loaders.tabular.templates import render, split, term


def row_sources(run: Run, row: Row) -> list[URIRef]:
    """The sources of ``row`` by the mapping's ``provenance``: its address columns, templates and datasets."""
    spec = run.spec.get("provenance") or {}
    sources: dict[URIRef, None] = {}  # ordered and without repeats, in linear time
    columns = ([spec["column"]] if spec.get("column") else []) + list(spec.get("columns") or [])
    for column in columns:
        for value in split(run, row.get(column), spec.get("split", True), row, column):
            iri = parse_iri(run, value.strip(), row, column)
            if iri is not None:
                sources[iri] = None
    for template in spec.get("templates") or []:
        iri = parse_iri(run, render(run, template, Scope(row)), row, None)
        if iri is not None:
            sources[iri] = None
    ordered = list(sources)
    ordered += [URIRef(dataset) for dataset in spec.get("dataset") or []]
    return ordered


def subject(run: Run, spec: dict[str, Any], scope: Scope) -> URIRef | None:
    """The subject of a node spec: its ``id`` template, or the organization its ``org`` spec names."""
    ident = spec.get("id")
    if isinstance(ident, str):
        return term(run, ident, scope)
    if isinstance(ident, dict) and "org" in ident:
        name = render(run, ident["org"], scope)
        lei = render(run, ident["lei"], scope) if ident.get("lei") else None
        if not name and not lei:
            run.problem(scope.row, "no organization name or identifier", ident.get("column"))
            return None
        match = run.resolver.resolve(name or lei or "", lei=lei, sources=scope.sources,
                                     mint=not ident.get("must_exist"))
        if match is None:
            run.problem(scope.row, f"no known organization for {shown(name or lei or '')}", ident.get("column"))
            return None
        return match.iri
    raise MappingError(f"{run.mapping.path}: a node needs an 'id' template or an 'org' spec")


def map_node(run: Run, spec: dict[str, Any], scope: Scope) -> None:
    """Map one node spec in ``scope``: with ``on_existing: fill`` an existing node only gets what it lacks."""
    iri = subject(run, spec, scope)
    if iri is None:
        return
    run.node_lines.setdefault(str(iri), scope.row.line)
    fill = spec.get("on_existing") == "fill"
    exists = (iri, None, None) in run.existing

    def skip(prop: URIRef) -> bool:
        return fill and exists and (iri, prop, None) in run.existing

    node = Node(iri, str(iri).rstrip("/").rsplit("/", 1)[-1], skip)
    if not skip(RDF.type):
        for type_template in spec.get("types") or []:
            run.graph.add((iri, RDF.type, term(run, type_template, scope)))
    if spec.get("sources") and not skip(PROV.wasDerivedFrom):
        for source in scope.sources:
            run.graph.add((iri, PROV.wasDerivedFrom, source))
    for prop_curie, prop_spec in (spec.get("properties") or {}).items():
        prop = term(run, prop_curie, scope)
        if skip(prop):
            continue
        alternatives = prop_spec.get("first_of") if isinstance(prop_spec, dict) else None
        for candidate in alternatives or [prop_spec]:
            if map_property(run, node, prop, candidate, scope):
                break
