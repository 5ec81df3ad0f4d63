"""Input guards shared by the loaders: UTF-8, safe YAML, IRIs, field names, quoted values."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.guards import (
    MAX_FIELD_CHARS,
    check_yaml,
    decode_utf8,
    field_name_problem,
    read_utf8,
    shown,
    valid_iri,
)


def test_a_byte_that_is_not_utf8_is_named_by_line_and_column(tmp_path: Path) -> None:
    text, problem = decode_utf8("ok\nSoci\xe9t\xe9".encode("latin-1"), "f.csv")
    assert text is None and (problem.line, problem.column) == (2, 5)
    path = tmp_path / "f.csv"
    path.write_bytes(b"a\n\xff")
    with pytest.raises(LoadError, match=r"f\.csv:2:1: not UTF-8"):
        read_utf8(path)
    with pytest.raises(LoadError, match="cannot read file"):
        read_utf8(tmp_path / "missing.csv")


def test_yaml_aliases_are_refused_and_plain_yaml_passes() -> None:
    assert [p.message for p in check_yaml("a: &x [1]\nb: *x\n", "f.yaml")] == [
        "YAML aliases (*x) are not allowed: write the value out"]
    assert check_yaml("label: Acme\nitems: [1, 2]\n", "f.yaml") == []


def test_iris_field_names_and_shown_values() -> None:
    assert valid_iri("https://w3id.org/alliance-kg/id/ent/x")
    assert not valid_iri("https://e.org/x> <urn:p")
    assert field_name_problem("x" * (MAX_FIELD_CHARS + 1), "f.yaml", 3).line == 3
    assert field_name_problem("label", "f.yaml", 3) is None
    assert shown("Acme") == "'Acme'"
    assert shown("y" * 100, 3) == "'yyy…' (100 characters)"
