"""The explicit state of a run: problems reported once and bounded, field origins, a row's scope."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef

from alliancekg.loaders.linking import Resolver
from alliancekg.loaders.tabular.mapping import Mapping
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import MAX_PROBLEMS, Run, Scope


def make_run() -> Run:
    return Run(Mapping(Path("m.yaml"), {"nodes": [], "key": "id"}, {}), Path("d.csv"), Resolver())


def test_a_problem_is_reported_once_and_names_the_rows_key() -> None:
    run, row = make_run(), Row({"id": "deal-1", "x": ""}, 4, {"id": 1, "x": 2})
    run.problem(row, "a value is required", "x")
    run.problem(row, "a value is required", "x")
    (problem,) = run.problems
    assert (problem.line, problem.column, problem.field, problem.node) == (4, 2, "x", "deal-1")


def test_problems_stop_at_the_limit() -> None:
    run = make_run()
    for line in range(MAX_PROBLEMS + 10):
        run.problem(Row({"id": str(line)}, line, {}), "bad")
    assert len(run.problems) == MAX_PROBLEMS


def test_add_remembers_the_first_column_and_line_of_a_field() -> None:
    run, subject, prop = make_run(), URIRef("https://example.org/s"), URIRef("https://example.org/p")
    run.add(subject, prop, Literal("a"), 2, "name")
    run.add(subject, prop, Literal("b"), 3, "name")
    assert len(run.graph) == 2
    assert run.field_names == {str(prop): "name"} and run.field_lines == {(str(subject), "name"): 2}


def test_scope_counters_are_per_scope() -> None:
    row = Row({}, 2, {})
    one, two = Scope(row), Scope(row)
    assert [one.next("money"), one.next("money"), one.next("quantity"), two.next("money")] == [1, 2, 1, 1]
    assert one.value("item.missing") == "" and one.value("row.other") == ""
