"""A mapping's regular expressions: checked when the mapping is read, stopped when they run too long."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.guards import compose_yaml
from alliancekg.loaders.tabular import map_file
from alliancekg.loaders.tabular.mapping import MappingError
from alliancekg.loaders.tabular.patterns import bad_patterns, compile_pattern, run_pattern

CORPUS = Path(__file__).resolve().parents[2] / "data" / "hostile"


def line_of(path: Path, needle: str) -> int:
    """The first line of ``path`` holding ``needle``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def test_a_catastrophic_pattern_is_stopped_and_named_in_the_mapping(tmp_path: Path) -> None:
    mapping = CORPUS / "csv-catastrophic-pattern.mapping.yaml"
    with pytest.raises(LoadError) as caught:
        map_file(CORPUS / "csv-catastrophic-pattern.csv", mapping)
    data, pattern = caught.value.problems
    assert (Path(data.file).name, data.line, data.field) == ("csv-catastrophic-pattern.csv", 2, "code")
    assert (Path(pattern.file), pattern.line, pattern.field) == (mapping, line_of(mapping, "(a|aa)+"), "pattern")
    assert "backtracks catastrophically" in pattern.message


def test_an_invalid_pattern_is_named_in_the_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "bad-pattern.yaml"
    mapping.write_text((CORPUS / "csv-catastrophic-pattern.mapping.yaml").read_text().replace("(a|aa)+", "(a"))
    # Refused when the mapping is read, before any row is mapped.
    with pytest.raises(MappingError) as caught:
        map_file(CORPUS / "csv-catastrophic-pattern.csv", mapping)
    assert f"{mapping}:{line_of(mapping, '(a')}: field 'pattern': not a valid regular expression" in str(caught.value)



def test_bad_patterns_finds_regex_map_keys_too() -> None:
    root = compose_yaml("p:\n  match: regex\n  map:\n    '(open': akg:X\n    'ok': akg:Y\n", "m.yaml")
    (problem,) = bad_patterns(root, "m.yaml")
    assert (problem.line, problem.field) == (4, "map")


def test_compile_pattern_is_cached_and_knows_case() -> None:
    assert compile_pattern("abc") is compile_pattern("abc")
    assert compile_pattern("abc", ignore_case=True).fullmatch("ABC") and not compile_pattern("abc").fullmatch("ABC")


def test_an_invalid_pattern_at_run_time_names_both_files() -> None:
    with pytest.raises(LoadError) as caught:
        run_pattern("search", "(a", "aaa", ({}, "pattern"), path="d.csv", mapping_path="m.yaml", line=5,
                    column=2, field="code")
    data, pattern = caught.value.problems
    assert (data.file, data.line, data.column, data.field) == ("d.csv", 5, 2, "code")
    assert (pattern.file, pattern.field) == ("m.yaml", "pattern")
