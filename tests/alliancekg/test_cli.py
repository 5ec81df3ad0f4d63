"""The entry point imports only the module of the command being run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancekg.cli import COMMAND_MODULES, app

#: Libraries a catalog query does not use: SHACL, OWL, NetworkX, the server (and rdflib's SPARQL engine).
HEAVY = ("pyshacl", "owlready2", "networkx", "fastapi", "uvicorn", "starlette")


SCRIPT = """
import json, sys
from alliancekg.cli import app
try:
    app(sys.argv[2:])
except SystemExit as exit_:
    code = exit_.code
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def test_a_catalog_query_imports_no_validation_network_or_server_library(built_store_path: Path,
                                                                          tmp_path: Path) -> None:
    report = tmp_path / "modules.json"
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(report), "--store", str(built_store_path),
         "query", "equity-stake", "--format", "json"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    ran = json.loads(report.read_text(encoding="utf-8"))
    assert ran["code"] in (0, None), completed.stderr[-2000:]
    rows = json.loads(completed.stdout)
    assert rows and {"owner", "issuer"} <= set(rows[0])
    modules = set(ran["modules"])
    assert "alliancekg.commands.catalog" in modules
    assert not {m for m in modules if m.split(".")[0] in HEAVY or m.startswith("rdflib.plugins.sparql")}
    assert not {m for m in modules if m.startswith("alliancekg.commands.") and m != "alliancekg.commands.catalog"}


#: Libraries ``alliancekg query`` on the embedded store does without: rdflib (the answer is printed from
#: pyoxigraph terms), click (typer has its own), and rich when the output is CSV or TSV.
SPARED = {"table": ("rdflib", "click"), "json": ("rdflib", "click"), "csv": ("rdflib", "click", "rich"),
          "tsv": ("rdflib", "click", "rich")}


@pytest.mark.parametrize("fmt", list(SPARED))
def test_a_catalog_query_on_the_embedded_store_imports_neither_rdflib_nor_unneeded_output_libraries(
        built_store_path: Path, tmp_path: Path, fmt: str) -> None:
    report = tmp_path / "modules.json"
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(report), "--store", str(built_store_path),
         "query", "equity-stake", "--format", fmt],
        capture_output=True, text=True, timeout=120, check=False, env={**os.environ, "COLUMNS": "400"},
    )
    ran = json.loads(report.read_text(encoding="utf-8"))
    assert ran["code"] in (0, None), completed.stderr[-2000:]
    assert "ent:microsoft" in completed.stdout or "/ent/microsoft" in completed.stdout
    imported = {module.split(".")[0] for module in ran["modules"]}
    assert not imported & {*SPARED[fmt], *HEAVY}


@pytest.mark.parametrize("extra", [[], ["--param", "owner=ent:microsoft", "-p", "issuer=ent:openai-group-pbc"]],
                         ids=["defaults", "params"])
def test_a_csv_catalog_query_imports_no_pydantic(built_store_path: Path, tmp_path: Path, extra: list[str]) -> None:
    """Regression: typer converted every given value with pydantic, a good part of the query's time."""
    report = tmp_path / "modules.json"
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(report), "--store", str(built_store_path),
         "query", "equity-stake", "--format", "csv", *extra],
        capture_output=True, text=True, timeout=120, check=False,
    )
    ran = json.loads(report.read_text(encoding="utf-8"))
    assert ran["code"] in (0, None), completed.stderr[-2000:]
    assert completed.stdout.startswith("owner,") and "microsoft" in completed.stdout
    assert not {m for m in ran["modules"] if m.split(".")[0] in ("pydantic", "pydantic_core")}


def test_the_command_group_lists_every_command_in_a_fresh_process() -> None:
    """Regression: ``get_command(app).commands`` held only the commands of modules imported before."""
    script = ("import json; from typer.main import get_command; from alliancekg.cli import app; "
              "print(json.dumps(list(get_command(app).commands)))")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                               check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert json.loads(completed.stdout) == list(COMMAND_MODULES)


def test_help_lists_every_command_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = [line.split()[1] for line in result.output.splitlines()
              if line.startswith("│ ") and len(line.split()) > 1 and line.split()[1] in COMMAND_MODULES]
    assert listed == list(COMMAND_MODULES)


def test_subcommands_of_a_lazily_loaded_group_run() -> None:
    result = CliRunner().invoke(app, ["scenario", "--help"])
    assert result.exit_code == 0
    assert "save" in result.output and "drop" in result.output


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["no-such-command"])
    assert result.exit_code == 2
    assert "no-such-command" in result.output


def test_a_mistyped_command_gets_the_nearest_suggested() -> None:
    # In a fresh process: no command module is imported before the typo is looked up.
    completed = subprocess.run([sys.executable, "-m", "alliancekg", "qurey"], capture_output=True, text=True,
                               timeout=120, check=False, env={**os.environ, "COLUMNS": "200"})
    assert completed.returncode == 2
    assert "Did you mean 'query'?" in completed.stderr + completed.stdout
