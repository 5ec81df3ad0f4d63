"""Templates with filters, conditions and splitting values."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.data import CONTEXT_FILE
from alliancekg.loaders.linking import Resolver
from alliancekg.loaders.tabular.mapping import Mapping, MappingError
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Run, Scope
from alliancekg.loaders.tabular.templates import holds, render, split, term
from alliancekg.loaders.yamlld import read_context
from alliancekg.ontology.namespaces import ENT

ROW = Row({"name": "Acme Corp (investor) | Beta (buyer)", "kind": "equity", "empty": ""}, 2, {})


def make_run(spec: dict | None = None) -> Run:
    return Run(Mapping(Path("m.yaml"), {"nodes": [], **(spec or {})}, read_context(CONTEXT_FILE)), Path("d.csv"),
               Resolver())


def test_filters_apply_in_order() -> None:
    run = make_run()
    assert render(run, "{name|party_names}", Scope(ROW)) == "Acme Corp–Beta"
    assert render(run, "{name|first|strip_parentheses|upper}", Scope(ROW)) == "ACME CORP"
    assert term(run, "ent:{kind}-{item.n}", Scope(ROW, {"n": 3})) == ENT["equity-3"]
    with pytest.raises(MappingError, match="unknown template filter 'nope'"):
        render(run, "{name|nope}", Scope(ROW))


def test_conditions() -> None:
    run, scope = make_run(), Scope(ROW)
    assert holds(run, None, scope) and holds(run, {"column": "kind", "equals": "equity"}, scope)
    assert holds(run, [{"column": "kind", "matches": "^eq"}, {"column": "empty", "present": False}], scope)
    assert not holds(run, {"column": "name", "present": False}, scope)
    with pytest.raises(MappingError, match="equals, matches or present"):
        holds(run, {"column": "kind"}, scope)


def test_split_by_separator_text_or_regex() -> None:
    run = make_run({"separator": ";"})
    assert split(run, "a; ;b;c ", True) == ["a", "b", "c "]
    assert split(run, "a, b", False) == ["a, b"]
    assert split(run, "a1b22c", {"regex": r"\d+"}, ROW) == ["a", "b", "c"]
    assert split(run, "", True) == []
