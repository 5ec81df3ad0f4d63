"""Reading table files: rows with their lines, JSON flattened, names given twice refused, the row limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.tabular.mapping import Mapping
from alliancekg.loaders.tabular.reader import DuplicateName, read_csv_rows, read_json_rows, read_rows, strict_json


def test_csv_rows_know_the_line_they_start_on() -> None:
    rows = list(read_csv_rows('a,b\n1,"x\ny"\n2,z\n'))
    assert [(r.line, r.get("a")) for r in rows] == [(2, "1"), (4, "2")]
    assert rows[0].columns == {"a": 1, "b": 2}


def test_json_rows_flatten_nested_fields() -> None:
    text = json.dumps({"data": [{"id": "x1", "attributes": {"lei": "L1", "names": ["a", "b"]}}]}, indent=1)
    (row,) = read_json_rows(text, "data")
    assert row.get("attributes.lei") == "L1" and row.get("attributes.names") == "a | b" and row.line == 3



def test_a_column_named_twice_is_refused_with_its_position() -> None:
    with pytest.raises(DuplicateName) as caught:
        list(read_csv_rows("a,b,a\n1,2,3\n"))
    assert (caught.value.name, caught.value.line, caught.value.column) == ("a", 1, 3)


def test_a_json_key_given_twice_is_refused_at_its_second_line() -> None:
    with pytest.raises(DuplicateName) as caught:
        strict_json('[{"id": 1},\n {"id": 2,\n  "id": 3}]')
    assert (caught.value.name, caught.value.line) == ("id", 3)


def test_read_rows_names_the_file_and_line_of_a_duplicate_column(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,id\n1,2\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_rows(path, Mapping(tmp_path / "m.yaml", {"nodes": []}, {}))
    (problem,) = caught.value.problems
    assert (Path(problem.file), problem.line, problem.column, problem.field) == (path, 1, 2, "id")


def test_read_rows_reads_json_rows_under_the_mappings_path(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text(json.dumps({"data": [{"id": "a"}, {"id": "b"}]}), encoding="utf-8")
    rows = read_rows(path, Mapping(tmp_path / "m.yaml", {"nodes": [], "format": "json", "rows": "data"}, {}))
    assert [row.get("id") for row in rows] == ["a", "b"]
