"""Hostile text on its way out: spreadsheet formulas in CSV exports, control characters in labels.

Party names such as ``=HYPERLINK(…)`` come out of ``export --format csv`` and ``/api/export``
with a leading apostrophe; control characters (NUL, ESC) are refused at load, and data that got
in another way (a bulk-built dump, never validated) is escaped in GraphML, GEXF and in
``query --format table``.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest
from lxml import etree

from alliancekg.data import DEALS_DIR
from alliancekg.graph.build import build_store, existing_data, load_into
from alliancekg.graph.network.exports.tables import FORMULA_STARTS
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.bulk import bulk_build
from alliancekg.loaders.datasets import mapped_input
from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.registry import ontology_input, yamlld_input
from alliancekg.loaders.tabular import MAPPINGS_DIR
from tests.servers import LiveServer

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
FORMULAS = {'=HYPERLINK("http://127.0.0.1/x","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
            "-2+3+cmd|' /C calc'!A0"}


def alliancekg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alliancekg", *args], capture_output=True, timeout=300)


def assert_no_formula(rows: list[list[str]]) -> set[str]:
    """Every cell is safe to open in a spreadsheet; returns the cells."""
    cells = {cell for row in rows for cell in row}
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS) or cell.lstrip("+-").replace(".", "").isdigit(), cell
    return cells


@pytest.fixture(scope="module")
def formula_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Microsoft–OpenAI deal and organizations whose names are spreadsheet formulas."""
    path = tmp_path_factory.mktemp("formulas") / "store"
    build_store(path, [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml")], reason=False)
    with OxigraphStore(path) as store:
        load_into(store, [yamlld_input(CORPUS / "yaml-formula-labels.yaml", name="user/formulas")], reason=False)
    return path


@pytest.fixture(scope="module")
def dump_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store bulk-built from a dump holding control characters (bulk builds are not validated)."""
    path = tmp_path_factory.mktemp("control") / "store"
    bulk_build(path, [CORPUS / "nquads-control-characters.nq"], threads=1)
    return path


@pytest.mark.parametrize("flavor", ["gephi", "neo4j"])
def test_csv_export_neutralises_formulas(formula_store: Path, tmp_path: Path, flavor: str) -> None:
    result = alliancekg("--store", str(formula_store), "export", "--view", "ownership", "--format", "csv",
                        "--csv-flavor", flavor, "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    cells = set()
    for name in ("nodes.csv", "edges.csv"):
        with (tmp_path / "out" / name).open(encoding="utf-8", newline="") as handle:
            cells |= assert_no_formula(list(csv.reader(handle)))
    assert {"'" + formula for formula in FORMULAS} <= cells
    assert "'=1+1" in cells


@pytest.mark.server
def test_api_export_csv_neutralises_formulas(formula_store: Path) -> None:
    from alliancekg.server.app import create_app

    server = LiveServer(create_app(formula_store, workers=1)).start()
    try:
        response = httpx.get(f"{server.url}/api/export", params={"view": "ownership", "format": "csv"}, timeout=60)
    finally:
        server.stop()
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        nodes = archive.read("nodes.csv").decode("utf-8")
    cells = assert_no_formula(list(csv.reader(io.StringIO(nodes))))
    assert {"'" + formula for formula in FORMULAS} <= cells


@pytest.mark.parametrize(("name", "line", "field"), [("yaml-control-characters.yaml", 5, "label"),
                                                     ("csv-control-characters.csv", 2, None)])
def test_control_characters_are_refused_at_load(tmp_path: Path, name: str, line: int, field: str | None) -> None:
    path = tmp_path / "store"
    build_store(path, [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml")], reason=False)
    with OxigraphStore(path, read_only=True) as store:
        before = sorted(map(str, store.oxigraph))
    with OxigraphStore(path) as store, pytest.raises(LoadError) as caught:
        if name.endswith(".csv"):
            known = existing_data(store, set())
            inputs = [mapped_input(CORPUS / name, MAPPINGS_DIR / "alliances.yaml", known)]
        else:
            inputs = [yamlld_input(CORPUS / name, name="user/control")]
        load_into(store, inputs, reason=False)
    problem = next(p for p in caught.value.problems if "control character U+001B" in p.message)
    assert Path(problem.file).name == name and problem.line == line
    if field is not None:
        assert problem.field == field
    with OxigraphStore(path, read_only=True) as store:
        assert sorted(map(str, store.oxigraph)) == before


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_escape_control_characters(dump_store: Path, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"out.{fmt}"
    result = alliancekg("--store", str(dump_store), "export", "--view", "ownership", "--format", fmt,
                        "--output", str(output))
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    etree.fromstring(text.encode("utf-8"))  # well-formed XML
    assert "Evil\\x1b[31m Corp\\x00" in text and "Plain\\x9b2J Inc" in text


def test_query_table_escapes_control_characters(dump_store: Path) -> None:
    result = alliancekg("--store", str(dump_store), "query", "--sparql",
                        "SELECT ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label")
    assert result.returncode == 0, result.stderr
    output = result.stdout.decode("utf-8")
    assert "\x1b" not in output and "\x00" not in output and "\x9b" not in output and "\x07" not in output
    assert "Evil\\x1b[31m" in output and "[bold]markup[/bold]" in output


def test_cli_refuses_a_load_with_control_characters(formula_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(formula_store, copy)
    result = alliancekg("--store", str(copy), "load", "--no-reason", str(CORPUS / "yaml-control-characters.yaml"))
    assert result.returncode == 1
    output = result.stdout.decode("utf-8") + result.stderr.decode("utf-8")
    assert "yaml-control-characters.yaml:5" in output and "U+001B" in output and "\x1b[31m" not in output
