"""Missed targets carry their measured cause: parsing ``causes.toml`` and the table under the checklist."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import causes, targets

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results.md"


def checklist_rows(markdown: str) -> list[list[str]]:
    """The rows of the "Issue 13 targets" table of a results file."""
    lines = markdown.split("#### Issue 13 targets", 1)[1].split("\n#### ", 1)[0].splitlines()
    return [[cell.strip() for cell in line.strip().strip("|").split(" | ")]
            for line in lines if line.startswith("| ") and not line.startswith("| target")]


def test_every_missed_target_of_the_committed_results_has_a_recorded_cause() -> None:
    rows = checklist_rows(RESULTS.read_text(encoding="utf-8"))
    assert len(rows) > 10 and all(len(row) == len(targets.COLUMNS) for row in rows)
    table = causes.missed_table(rows, causes.read_causes())
    unrecorded = [row[0] for row in table.rows if row[2] == causes.NOT_RECORDED]
    assert not unrecorded, f"missed targets without a cause in benchmarks/causes.toml: {unrecorded}"
    assert "#### Missed targets" in RESULTS.read_text(encoding="utf-8") or not table.rows


def test_a_missed_target_without_an_entry_is_shown_as_not_recorded() -> None:
    rows = [["rights for one holder, nothing kept ≤ 200.0 ms", "1,000", "250 ms", "–", "–", causes.MISSED],
            ["catalog query p50 ≤ 50 ms", "1,000", "2 of 4 (over: known, slow (status 504))", "–", "–",
             causes.MISSED]]
    known = [causes.Cause("catalog query p50", queries={"known": causes.Cause("known", "a full scan", "")})]
    table = causes.missed_table(rows, known)
    assert [row[0] for row in table.rows] == ["rights for one holder, nothing kept ≤ 200.0 ms",
                                              "catalog query p50 ≤ 50 ms: known", "catalog query p50 ≤ 50 ms: slow"]
    assert [row[2] for row in table.rows] == [causes.NOT_RECORDED, "a full scan", causes.NOT_RECORDED]


def test_met_rows_get_no_cause_row() -> None:
    rows = [["GraphML export ≤ 2× the view", "1,000", "1 s", "1 s", "1.0×", "met"]]
    assert causes.missed_table(rows, [causes.Cause("GraphML", "x", "y")]).rows == []


@pytest.mark.parametrize(("text", "message"), [
    ('[[target]]\ntarget = "a"\nwhy = "b"', "causes.toml: target 1: unknown field(s) ['why']"),
    ('[[target]]\ntarget = "a"\ncause = 3', "causes.toml: target 1: 'cause' must be text"),
    ('[[target]]\ntarget = "a"\n[target.queries.q]\nreason = "b"', "causes.toml: target 1: query q: unknown field"),
    ('title = "x"', "causes.toml: unknown top-level key(s) ['title']"),
])
def test_a_malformed_causes_file_is_named_with_its_entry(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        causes.parse_causes(text)
    assert str(raised.value).startswith(message)


def test_the_committed_causes_file_parses() -> None:
    assert all(cause.cause for cause in causes.read_causes())
