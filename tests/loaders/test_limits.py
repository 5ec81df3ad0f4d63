"""Size limits on what users hand in: field names of YAML-LD files, decimal query parameters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.data import DEALS_DIR
from alliancekg.graph.build import build_store, load_into
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.terms import TermError, parse_term
from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.registry import ontology_input, yamlld_input

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"


def hostile_decimals() -> list[str]:
    lines = (CORPUS / "parameters-decimal.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "store"
    build_store(path, [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml")], reason=False)
    return path


def test_a_huge_field_name_is_refused_with_its_line(base_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(base_store, copy)
    with OxigraphStore(copy, read_only=True) as store:
        before = sorted(map(str, store.oxigraph))
    with OxigraphStore(copy) as store, pytest.raises(LoadError) as caught:
        load_into(store, [yamlld_input(CORPUS / "yaml-huge-field-name.yaml", name="user/field")], reason=False)
    (problem,) = caught.value.problems
    assert problem.line == 6 and "field name of 150,038 characters is longer than the limit of 2,000" in problem.message
    assert len(str(caught.value)) < 1_000
    with OxigraphStore(copy, read_only=True) as store:
        assert sorted(map(str, store.oxigraph)) == before


@pytest.mark.parametrize("value", hostile_decimals())
def test_a_decimal_too_long_written_out_is_refused(value: str) -> None:
    with pytest.raises(TermError, match="decimal number") as caught:
        parse_term(value, "decimal")
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize("value", ["1e6", "-12.5", "0.001", "1E+2"])
def test_ordinary_decimals_are_kept(value: str) -> None:
    assert float(parse_term(value, "decimal").toPython()) == float(value)


def test_cli_names_the_decimal_parameter(base_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "over.rq"
    query.write_text("# title: stakes over a percent\n# param: min decimal = 0 ; smallest percent\n"
                     "SELECT ?stake WHERE { ?stake akg:percent ?p FILTER(?p > ?min) }\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--store", str(base_store), "query", str(query), "--param", "min=1e99999999"])
    assert result.exit_code == 2 and "min" in result.output and "too long once written out" in result.output
    ordinary = CliRunner().invoke(app, ["--store", str(base_store), "query", str(query), "--param", "min=3e1",
                                        "--format", "json"])
    assert ordinary.exit_code == 0 and "msft-openai-2024-32-5" in ordinary.output
