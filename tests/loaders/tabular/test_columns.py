"""Column checks and row keys."""

from __future__ import annotations

from pathlib import Path

from alliancekg.loaders.linking import Resolver
from alliancekg.loaders.tabular.columns import check_columns, check_key
from alliancekg.loaders.tabular.mapping import Mapping
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Run

COLUMNS = {"id": {"required": True, "pattern": "[a-z]+-[0-9]{4}", "expect": "name-YYYY"}, "note": {}}


def make_run() -> Run:
    return Run(Mapping(Path("m.yaml"), {"nodes": [], "key": "id", "columns": COLUMNS}, {}), Path("d.csv"), Resolver())


def test_missing_empty_and_mismatching_columns_are_reported() -> None:
    run = make_run()
    assert not check_columns(run, Row({"note": ""}, 2, {"note": 1}))
    assert not check_columns(run, Row({"id": " "}, 3, {"id": 1}))
    assert not check_columns(run, Row({"id": "Acme-25"}, 4, {"id": 1}))
    assert check_columns(run, Row({"id": "acme-2025"}, 5, {"id": 1}))
    assert [(p.line, p.message) for p in run.problems] == [
        (2, "missing column 'id'"), (3, "a value is required"), (4, "'Acme-25' does not match name-YYYY")]


def test_a_repeated_key_names_its_first_line() -> None:
    run, keys = make_run(), {}
    assert check_key(run, Row({"id": "a-2025"}, 2, {"id": 1}), keys)
    assert not check_key(run, Row({"id": "a-2025"}, 9, {"id": 1}), keys)
    assert run.problems[0].message == "duplicate id (first at line 2)" and run.problems[0].line == 9
