"""The ``date`` parser: a date in one of the spec's formats, optionally on a node of its own (``wrap``)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from alliancekg.loaders.guards import shown
from alliancekg.loaders.tabular.parsers import invalid
from alliancekg.loaders.tabular.state import Cell
from alliancekg.loaders.tabular.templates import render, term


def parse_date(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """An ``xsd:date`` (plus ``add_days``), read with the first of ``formats`` that fits."""
    for fmt in spec.get("formats") or ["%Y-%m-%d"]:
        try:
            day = _dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        day += _dt.timedelta(days=int(spec.get("add_days", 0)))
        value = Literal(day.isoformat(), datatype=XSD.date)
        return [wrap(value, spec, cell)] if spec.get("wrap") else [value]
    formats = ", ".join(spec.get("formats") or ["%Y-%m-%d"])
    return invalid(spec, cell, f"{shown(raw)} is not a date ({formats})")


def wrap(value: Any, spec: dict[str, Any], cell: Cell) -> URIRef:
    """Put ``value`` on a node of its own (e.g. a date condition) and return the node."""
    run, scope = cell.run, cell.scope
    wrapping = spec["wrap"]
    node = term(run, wrapping["id"], scope)
    for type_template in wrapping.get("types") or []:
        run.graph.add((node, RDF.type, term(run, type_template, scope)))
    if wrapping.get("label"):
        run.graph.add((node, RDFS.label, Literal(render(run, wrapping["label"], scope))))
    run.graph.add((node, run.mapping.iri(wrapping["property"]), value))
    run.node_lines.setdefault(str(node), cell.row.line)
    return node
