"""The ``lookup`` parser: a value to IRIs by the spec's ``map`` (exact, or ``match: regex``)."""

from __future__ import annotations

from typing import Any

from alliancekg.loaders.guards import shown
from alliancekg.loaders.tabular.parsers import invalid
from alliancekg.loaders.tabular.state import Cell


def parse_lookup(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """The IRIs ``map`` gives ``raw`` (else ``default``, else a problem)."""
    run = cell.run
    table: dict[str, Any] = spec.get("map") or {}
    if spec.get("match") == "regex":
        for pattern, target in table.items():
            if run.pattern("search", pattern, raw, (table, pattern), cell.row, cell.column, ignore_case=True):
                return [run.mapping.iri(target)]
    elif raw in table:
        target = table[raw]
        return [run.mapping.iri(t) for t in ([target] if isinstance(target, str) else target)]
    if spec.get("default"):
        return [run.mapping.iri(spec["default"])]
    return invalid(spec, cell, f"unknown value {shown(raw)}; expected one of: {', '.join(table)}")
