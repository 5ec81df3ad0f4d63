"""The lookup parser: exact values, regular expressions, defaults, unknown values."""

from __future__ import annotations

from alliancekg.loaders.tabular.parsers.lookup import parse_lookup
from alliancekg.ontology.namespaces import AKG


def test_exact_regex_and_default(make_cell) -> None:
    cell = make_cell({"value": "x"})
    table = {"equity": "akg:Organization", "both": ["akg:Organization", "akg:Source"]}
    assert parse_lookup("both", {"map": table}, cell) == [AKG.Organization, AKG.Source]
    assert parse_lookup("EQUITY stake", {"map": {"^equity": "akg:Source"}, "match": "regex"}, cell) == [AKG.Source]
    assert parse_lookup("other", {"map": table, "default": "akg:Source"}, cell) == [AKG.Source]
    assert not cell.run.problems


def test_an_unknown_value_lists_the_known_ones(make_cell) -> None:
    cell = make_cell({"value": "x"})
    assert parse_lookup("debt", {"map": {"equity": "akg:Source", "grant": "akg:Source"}}, cell) == []
    assert cell.run.problems[0].message == "unknown value 'debt'; expected one of: equity, grant"
