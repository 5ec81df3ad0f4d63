"""Mapping one property of a node: read the raw values, keep the matching ones, extract, parse, add."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from alliancekg.loaders.tabular import parsers
from alliancekg.loaders.tabular.mapping import MappingError
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Cell, Node, Run, Scope
from alliancekg.loaders.tabular.templates import render, split


def raw_values(run: Run, prop: URIRef, spec: dict[str, Any], scope: Scope) -> list[str]:
    """The raw values of a property spec: its ``value``, its ``template``, or its ``column`` (``split``)."""
    column = spec.get("column")
    if "value" in spec:
        return [render(run, str(spec["value"]), scope)]
    if "template" in spec:
        return [render(run, spec["template"], scope)]
    if column:
        return split(run, scope.value(render(run, column, scope)), spec.get("split"), scope.row, column)
    raise MappingError(f"{run.mapping.path}: property {prop} needs a column, template or value")


def map_property(run: Run, node: Node, prop: URIRef, spec: Any, scope: Scope) -> bool:
    """Map one property of ``node``; True when at least one value was produced."""
    if not isinstance(spec, dict):
        spec = {"column": spec}
    column = spec.get("column")
    values = raw_values(run, prop, spec, scope)
    if spec.get("when_matches"):
        values = [v for v in values
                  if run.pattern("search", spec["when_matches"], v.strip(), (spec, "when_matches"), scope.row, column)]
    produced = False
    parse = spec.get("parse", "text")
    cell = Cell(run, scope, node, column)
    for raw in values:
        raw = raw.strip()
        if spec.get("extract"):
            raw = extract(run, raw, spec, scope.row, column)
        if not raw or raw in (spec.get("skip") or []):
            continue
        handler = parsers.get(parse)
        if handler is None:
            raise MappingError(f"{run.mapping.path}: unknown parse {parse!r}")
        for value in handler(raw, spec, cell):
            if value is None:
                continue
            if spec.get("reverse"):
                run.graph.add((value, prop, node.subject))
            else:
                run.add(node.subject, prop, value, scope.row.line, column)
            produced = True
    return produced


def extract(run: Run, raw: str, spec: dict[str, Any], row: Row, column: str | None) -> str:
    """The first group (or the whole match) of the first ``extract`` pattern found in ``raw`` ('' if none)."""
    patterns = spec["extract"]
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
        match = run.pattern("search", pattern, raw, (spec, "extract"), row, column)
        if match:
            return match.group(1) if match.groups() else match.group(0)
    return ""
