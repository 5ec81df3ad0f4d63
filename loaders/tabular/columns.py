"""The column checks of a mapping (``columns:`` ``required``, ``pattern``) and the ``key`` of each row."""

from __future__ import annotations

from alliancekg.loaders.guards import shown
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Run


def check_columns(run: Run, row: Row) -> bool:
    """Whether ``row`` passes the mapping's column checks (each failure is reported).

    Examples
    --------
    >>> from pathlib import Path
    >>> from alliancekg.loaders.linking import Resolver
    >>> from alliancekg.loaders.tabular.mapping import Mapping
    >>> run = Run(Mapping(Path("m.yaml"), {"nodes": [], "columns": {"id": {"required": True}}}, {}),
    ...           Path("d.csv"), Resolver())
    >>> check_columns(run, Row({"id": ""}, 2, {"id": 1})), [p.message for p in run.problems]
    (False, ['a value is required'])
    """
    ok = True
    for column, rules in (run.spec.get("columns") or {}).items():
        value = row.get(column)
        if column not in row.values and rules.get("required"):
            run.problem(row, f"missing column {column!r}", column)
            ok = False
        elif not value and rules.get("required"):
            run.problem(row, "a value is required", column)
            ok = False
        elif value and rules.get("pattern") and not run.pattern("fullmatch", rules["pattern"], value,
                                                                (rules, "pattern"), row, column):
            run.problem(row, f"{shown(value)} does not match {rules.get('expect') or rules['pattern']}", column)
            ok = False
    return ok


def check_key(run: Run, row: Row, keys: dict[str, int]) -> bool:
    """Whether the row's ``key`` is new (``keys``: the line of each key seen, updated); a repeat is reported."""
    key_column = run.spec.get("key")
    if not key_column:
        return True
    key = row.get(key_column)
    if key in keys:
        run.problem(row, f"duplicate {key_column} (first at line {keys[key]})", key_column)
        return False
    keys[key] = row.line
    return True
