"""Mapping files: checked when read (format, nodes, foreach limit), YAML 1.2, CURIEs expanded."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS

from alliancekg.loaders.tabular import map_file
from alliancekg.loaders.tabular.mapping import MAPPINGS_DIR, MAX_FOREACH, MappingError, load_mapping
from alliancekg.ontology.namespaces import AKG, ENT


def test_mapping_files_are_checked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: xml\nnodes: []\n")
    with pytest.raises(MappingError, match="format"):
        load_mapping(bad)
    bad.write_text("format: csv\n")
    with pytest.raises(MappingError, match="nodes"):
        load_mapping(bad)


def test_mapping_files_are_read_as_yaml_12(tmp_path: Path) -> None:
    mapping = tmp_path / "countries.yaml"
    mapping.write_text(
        "format: csv\nkey: code\nnodes:\n"
        "- id: 'ent:country-{code|slug}'\n"
        "  properties:\n"
        "    akg:jurisdiction: {column: code, parse: lookup,\n"
        "                       map: {NO: 'akg:Norway', yes: 'akg:Yes', 0x10: 'akg:Hex'}}\n"
        "    rdfs:comment: {value: on}\n", encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text("code\nNO\nyes\n0x10\n", encoding="utf-8")
    graph = map_file(rows, mapping).graph
    assert graph.value(ENT["country-no"], AKG.jurisdiction) == AKG.Norway
    assert graph.value(ENT["country-yes"], AKG.jurisdiction) == AKG.Yes
    assert graph.value(ENT["country-0x10"], AKG.jurisdiction) == AKG.Hex
    assert graph.value(ENT["country-no"], RDFS.comment) == Literal("on")


def test_a_foreach_over_the_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    mapping = tmp_path / "big-foreach.yaml"
    items = "".join(f"  - {{n: '{i}'}}\n" for i in range(MAX_FOREACH + 1))
    mapping.write_text(f"format: csv\nnodes:\n- id: 'ent:x-{{item.n}}'\n  foreach:\n{items}", encoding="utf-8")
    with pytest.raises(MappingError, match=f"big-foreach.yaml:4: field 'foreach': {MAX_FOREACH + 1:,} items"):
        load_mapping(mapping)



def test_every_bundled_mapping_loads_and_expands_curies() -> None:
    mappings = sorted(MAPPINGS_DIR.glob("*.yaml"))
    assert mappings
    for path in mappings:
        assert load_mapping(path).name
    mapping = load_mapping(mappings[0])
    assert mapping.iri("akg:Organization") == AKG.Organization
    with pytest.raises(MappingError, match="unknown prefix"):
        mapping.iri("nosuchprefix:x")
