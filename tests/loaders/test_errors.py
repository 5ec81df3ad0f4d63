"""Load problems name their place: file, line, column, node and field."""

from __future__ import annotations

from alliancekg.loaders.errors import LoadError, Problem


def test_a_problem_names_file_line_column_node_and_field() -> None:
    problem = Problem("deals/x.yaml", "not a date", line=3, column=7, field="startDate", node="ex:deal")
    assert str(problem) == "deals/x.yaml:3:7: ex:deal: field 'startDate': not a date"
    assert str(Problem("a.csv", "empty")) == "a.csv: empty"


def test_a_load_error_lists_every_problem() -> None:
    error = LoadError([Problem("a", "one", line=1), Problem("b", "two")])
    assert str(error) == "a:1: one\nb: two"
    single = LoadError.single("c.ttl", "bad", line=9)
    assert single.problems == [Problem("c.ttl", "bad", line=9)]
