"""Property-based tests of the YAML-LD loader: any input either loads or fails with a LoadError, and
any text given as a value comes back as exactly that literal."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from alliancekg.data import CONTEXT_FILE
from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.yamlld import load_yamlld
from alliancekg.ontology.namespaces import AKG, ENT

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
VALID = """"@context": ../context.jsonld
graph:
- id: ent:example-lab
  type: Organization
  label: "Example Lab"
  aliases: [EL, Example]
  lei: ABCDEFGHIJKLMNOPQR12
- id: stk:example
  type: EquityStake
  owner: ent:example-lab
  issuer: ent:microsoft
  percent: 12.5
  sources: [https://example.org/a]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the project's context beside a ``deals/`` folder for the files."""
    (tmp_path / "context.jsonld").write_bytes(CONTEXT_FILE.read_bytes())
    (tmp_path / "deals").mkdir()
    return tmp_path / "deals"


def load_text(folder: Path, text: str | bytes) -> object:
    path = folder / "case.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    try:
        return load_yamlld(path)
    except LoadError as exc:
        assert exc.problems and all(p.file == str(path) for p in exc.problems)
        return exc


values = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)


@SETTINGS
@given(label=values, alias=values)
def test_any_text_value_is_stored_verbatim(folder: Path, label: str, alias: str) -> None:
    document = {"@context": "../context.jsonld",
                "graph": [{"id": "ent:example-lab", "type": "Organization", "label": label, "aliases": [alias]}]}
    text = yaml.safe_dump(document, allow_unicode=True)
    result = load_text(folder, text)
    if isinstance(result, LoadError):
        # Only text YAML itself cannot carry (control characters) may be refused, with its position.
        assert any(p.line for p in result.problems), result
        return
    # The value YAML reads (it folds line breaks such as U+0085 in quoted text into spaces).
    read = yaml.safe_load(text)["graph"][0]
    graph = result.graph
    lab = ENT["example-lab"]
    assert set(graph.objects(lab, RDFS.label)) == {Literal(read["label"])}
    assert set(graph.objects(lab, AKG.alias)) == {Literal(read["aliases"][0])}
    assert set(graph.subjects()) == {lab} and (lab, RDF.type, AKG.Organization) in graph


@SETTINGS
@given(position=st.integers(min_value=0, max_value=len(VALID)), junk=st.text(max_size=12),
       cut=st.integers(min_value=0, max_value=6))
def test_damaged_files_load_or_fail_with_a_load_error(folder: Path, position: int, junk: str, cut: int) -> None:
    damaged = VALID[:position] + junk + VALID[position + cut:]
    load_text(folder, damaged)  # any other exception fails the test


@SETTINGS
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_load_or_fail_with_a_load_error(folder: Path, data: bytes) -> None:
    load_text(folder, b'"@context": ../context.jsonld\ngraph:\n' + data)


@SETTINGS
@given(ident=st.text(max_size=30))
def test_any_identifier_is_a_valid_iri_or_an_error(folder: Path, ident: str) -> None:
    document = {"@context": "../context.jsonld", "graph": [{"id": ident, "type": "Organization", "label": "x"}]}
    result = load_text(folder, yaml.safe_dump(document, allow_unicode=True))
    if isinstance(result, LoadError):
        return
    import pyoxigraph as ox

    for triple in result.graph:
        for term in triple:
            if isinstance(term, URIRef):
                ox.NamedNode(str(term))  # every IRI that made it into the graph is valid
    assert len(result.graph) in (0, 2)
