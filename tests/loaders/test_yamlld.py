"""The YAML-LD loader: bundled data parses; bad input is rejected with file, line and field."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from alliancekg.data import CONTEXT_FILE
from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.guards import MAX_CONTEXT_BYTES
from alliancekg.loaders.yamlld import load_yamlld
from alliancekg.ontology.namespaces import AKG, ENT, STK


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_bundled_deal_loads(deal_file: Path) -> None:
    loaded = load_yamlld(deal_file)
    stake = STK["msft-openai-group-pbc-2025"]
    assert (stake, RDF.type, AKG.EquityStake) in loaded.graph
    assert loaded.graph.value(stake, AKG.percent) == Literal("27", datatype=XSD.decimal)
    assert loaded.line_of(str(stake)) == line_of(deal_file, "id: stk:msft-openai-group-pbc-2025")


def test_decimals_keep_their_exact_lexical_form(deal_file: Path) -> None:
    graph = load_yamlld(deal_file).graph
    assert graph.value(STK["msft-openai-2024-32-5"], AKG.percent) == Literal("32.5", datatype=XSD.decimal)


def test_unknown_field_names_file_line_and_suggestion(deal_copy: Path) -> None:
    replace_once(deal_copy, "  owner: ent:microsoft\n  issuer: ent:openai-group-pbc", "  ownr: ent:microsoft\n"
                 "  issuer: ent:openai-group-pbc")
    with pytest.raises(LoadError) as caught:
        load_yamlld(deal_copy)
    problem = caught.value.problems[0]
    assert problem.field == "ownr"
    assert problem.line == line_of(deal_copy, "ownr:")
    assert "did you mean 'owner'" in str(problem)
    assert str(deal_copy) in str(caught.value)


def test_malformed_yaml_names_line_and_column(deal_copy: Path) -> None:
    replace_once(deal_copy, "  percent: 27\n", "  percent: [27\n")
    with pytest.raises(LoadError, match="malformed YAML") as caught:
        load_yamlld(deal_copy)
    assert caught.value.problems[0].line is not None


def test_duplicate_id_is_rejected(deal_copy: Path) -> None:
    text = deal_copy.read_text(encoding="utf-8")
    deal_copy.write_text(text + "\n- {id: ent:microsoft, type: Organization, label: Again}\n", encoding="utf-8")
    with pytest.raises(LoadError, match="duplicate id"):
        load_yamlld(deal_copy)


def test_missing_context_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("graph: []\n", encoding="utf-8")
    with pytest.raises(LoadError, match="@context"):
        load_yamlld(path)


def test_relative_iri_is_rejected(deal_copy: Path) -> None:
    replace_once(deal_copy, "  owner: ent:microsoft\n  issuer: ent:openai-group-pbc", "  owner: microsoft\n"
                 "  issuer: ent:openai-group-pbc")
    with pytest.raises(LoadError, match="relative or invalid IRI"):
        load_yamlld(deal_copy)


def test_injection_text_in_a_label_stays_a_literal(deal_copy: Path) -> None:
    hostile = '"} ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #'
    replace_once(deal_copy, '  label: "Microsoft"\n', f"  label: '{hostile}'\n")
    graph = load_yamlld(deal_copy).graph
    assert Literal(hostile) in set(graph.objects())
    assert (URIRef("urn:x"), URIRef("urn:y"), URIRef("urn:z")) not in graph


def organization_file(folder: Path, value: str) -> Path:
    """A file in ``folder/deals`` with one organization whose label is written ``value``, beside the context."""
    (folder / "deals").mkdir(parents=True, exist_ok=True)
    (folder / "context.jsonld").write_bytes(CONTEXT_FILE.read_bytes())
    path = folder / "deals" / "org.yaml"
    path.write_text(f'"@context": ../context.jsonld\ngraph:\n- id: ent:lab\n  type: Organization\n  label: {value}\n',
                    encoding="utf-8")
    return path


#: Plain values that YAML 1.1 (PyYAML) turns into booleans, numbers or dates, and YAML 1.2 keeps as text.
YAML_11_ONLY = ["yes", "no", "Yes", "NO", "on", "Off", "y", "n", "0x10", "0o17", "017", "0b11", "1_000", "1:20",
                "2025-01-02 10:00:00", "2025-01-02t10:00:00Z", ".NaN"]


@pytest.mark.parametrize("written", YAML_11_ONLY)
def test_yaml_11_only_forms_stay_the_text_written(tmp_path: Path, written: str) -> None:
    graph = load_yamlld(organization_file(tmp_path, written)).graph
    assert list(graph.objects(ENT["lab"], RDFS.label)) == [Literal(written)]


@pytest.mark.parametrize(("written", "value"), [("true", True), ("False", False), ("'yes'", "yes"),
                                               ("!!str true", "true")])
def test_yaml_12_booleans_and_quoted_text(tmp_path: Path, written: str, value: object) -> None:
    graph = load_yamlld(organization_file(tmp_path, written)).graph
    assert list(graph.objects(ENT["lab"], RDFS.label)) == [Literal(value)]


def test_a_context_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    path = organization_file(tmp_path, "Lab")
    (tmp_path / "context.jsonld").unlink()
    os.mkfifo(tmp_path / "context.jsonld")  # opening it would wait for a writer forever
    outcome: list[LoadError] = []

    def load() -> None:
        with pytest.raises(LoadError) as caught:
            load_yamlld(path)
        outcome.append(caught.value)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=60)  # a safety net: the check is a stat, it does not wait
    assert outcome and "a context must be a regular file" in str(outcome[0])
    assert outcome[0].problems[0].field == "@context"


@pytest.mark.parametrize("reference", ["/etc/passwd.json", "../../elsewhere/context.jsonld"])
def test_a_context_outside_the_data_folders_is_refused(tmp_path: Path, reference: str) -> None:
    path = organization_file(tmp_path / "data", "Lab")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "context.jsonld").write_bytes(CONTEXT_FILE.read_bytes())
    replace_once(path, "../context.jsonld", reference)
    with pytest.raises(LoadError, match="a context must be in the data's folder"):
        load_yamlld(path)


def test_a_context_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = organization_file(tmp_path, "Lab")
    (tmp_path / "context.jsonld").write_text('{"@context": {}, "pad": "' + "x" * MAX_CONTEXT_BYTES + '"}')
    with pytest.raises(LoadError, match="larger than the limit of 1,000,000"):
        load_yamlld(path)
