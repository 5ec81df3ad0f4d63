"""RDF files as input: parsed with their subjects' lines, refused with file:line when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.rdffile import load_rdf, rdf_input
from alliancekg.ontology.namespaces import GRAPH


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_turtle_file_loads_with_the_line_of_each_subject(tmp_path: Path) -> None:
    path = write(tmp_path, "orgs.ttl", "@prefix ex: <https://e.org/> .\n\nex:a ex:p \"one\" .\nex:b ex:p ex:a .\n")
    loaded = load_rdf(path)
    assert (URIRef("https://e.org/a"), URIRef("https://e.org/p"), Literal("one")) in loaded.graph
    assert loaded.node_lines == {"https://e.org/a": 3, "https://e.org/b": 4}


def test_malformed_files_and_unknown_extensions_are_refused_with_their_place(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.nt", "<https://e.org/a> <https://e.org/p> .\n")
    with pytest.raises(LoadError) as refused:
        load_rdf(bad)
    assert refused.value.problems[0].line == 1 and refused.value.problems[0].file == str(bad)
    with pytest.raises(LoadError, match=r"unknown RDF file extension '\.rdfx'"):
        load_rdf(write(tmp_path, "x.rdfx", ""))


def test_a_date_that_would_be_cut_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "d.ttl", '<https://e.org/a> <https://e.org/on> "2025-01-21T10:00:00"^^'
                                    '<http://www.w3.org/2001/XMLSchema#date> .\n')
    with pytest.raises(LoadError) as refused:
        load_rdf(path)
    assert refused.value.problems[0].line == 1


def test_an_rdf_input_goes_to_its_named_graph(tmp_path: Path) -> None:
    path = write(tmp_path, "extra.ttl", "<https://e.org/a> <https://e.org/p> 1 .\n")
    given = rdf_input(path, name="user/extra")
    assert given.graph == GRAPH["user/extra"]
    assert len(given.read().graph) == 1
