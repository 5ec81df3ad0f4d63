"""The parser registry: built-ins by name, loaded when asked for; registering another; invalid values."""

from __future__ import annotations

from typing import Any

from rdflib import Literal

from alliancekg.loaders.tabular import parsers
from alliancekg.loaders.tabular.parsers import BUILTIN, get, invalid, names, register


def test_every_builtin_name_gives_its_function() -> None:
    for name, (module, function) in BUILTIN.items():
        parser = get(name)
        assert parser is not None and parser.__name__ == function and parser.__module__.endswith(module)
    assert get("nope") is None


def test_a_registered_parser_is_used_by_name(make_cell) -> None:
    def shout(raw: str, spec: dict[str, Any], cell: Any) -> list[Any]:
        return [Literal(raw.upper())]

    register("test-shout", shout)
    try:
        assert "test-shout" in names() and get("test-shout")("hi", {}, make_cell()) == [Literal("HI")]
    finally:
        parsers._REGISTERED.pop("test-shout")


def test_invalid_reports_unless_skipped(make_cell) -> None:
    cell = make_cell({"value": "x"})
    assert invalid({"on_invalid": "skip"}, cell, "bad") == [] and not cell.run.problems
    assert invalid({}, cell, "bad") == [] and [(p.line, p.field) for p in cell.run.problems] == [(2, "value")]
