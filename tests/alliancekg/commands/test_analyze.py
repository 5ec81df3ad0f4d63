"""``alliancekg analyze`` and ``alliancekg export`` on the built store."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from alliancekg.cli import app

runner = CliRunner()


def test_analyze_lists_and_runs(built_store_path: Path) -> None:
    listed = runner.invoke(app, ["analyze"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "circular-deals" in listed.output
    result = runner.invoke(app, ["--store", str(built_store_path), "analyze", "circular-deals", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert any(r["cycle"] == "Microsoft → OpenAI → Microsoft" for r in report["rows"])
    table = runner.invoke(app, ["--store", str(built_store_path), "analyze", "loss", "--org", "ent:openai"],
                          env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "Microsoft" in table.output


def test_analyze_binding_only_and_include_datasets(built_store_path: Path) -> None:
    base = ["--store", str(built_store_path), "analyze"]
    everything = runner.invoke(app, [*base, "circular-deals", "-f", "json"])
    cycles = [r["cycle"] for r in json.loads(everything.output)["rows"]]
    binding = runner.invoke(app, [*base, "circular-deals", "-f", "json", "--binding-only"])
    assert binding.exit_code == 0, binding.output
    kept = [r["cycle"] for r in json.loads(binding.output)["rows"]]
    assert "Nvidia → OpenAI → Nvidia" in cycles and "Nvidia → OpenAI → Nvidia" not in kept
    assert "AMD → OpenAI → AMD" in kept
    default = json.loads(runner.invoke(app, [*base, "centrality", "-f", "json"]).output)["rows"]
    cuad = runner.invoke(app, [*base, "centrality", "-f", "json", "--include-datasets", "cuad"])
    assert cuad.exit_code == 0, cuad.output
    assert not any("VerticalNet" in r["label"] for r in default)
    assert any("VerticalNet" in r["label"] for r in json.loads(cuad.output)["rows"])
    unknown = runner.invoke(app, [*base, "centrality", "--include-datasets", "epochs"])
    assert unknown.exit_code == 2 and "valid: cuad" in unknown.output


def test_analyze_errors_name_the_valid_choices(built_store_path: Path) -> None:
    unknown = runner.invoke(app, ["--store", str(built_store_path), "analyze", "astrology"])
    assert unknown.exit_code == 2 and "valid: centrality" in unknown.output
    wrong_view = runner.invoke(app, ["--store", str(built_store_path), "analyze", "agi-exposure", "--view", "money"])
    assert wrong_view.exit_code == 2 and "rights" in wrong_view.output


def test_export_writes_files_and_pictures(built_store_path: Path, tmp_path: Path) -> None:
    base = ["--store", str(built_store_path), "export", "--view", "money"]
    gexf = runner.invoke(app, [*base, "--format", "gexf", "--output", str(tmp_path / "money.gexf")])
    assert gexf.exit_code == 0, gexf.output
    assert nx.read_gexf(tmp_path / "money.gexf").number_of_edges() > 0
    csv = runner.invoke(app, [*base, "--format", "csv", "--output", str(tmp_path / "money.csv")])
    assert csv.exit_code == 0 and (tmp_path / "money-edges.csv").exists()
    svg = runner.invoke(app, [*base, "--format", "svg", "--output", str(tmp_path / "money.svg"), "--focus",
                              "ent:microsoft"])
    assert svg.exit_code == 0 and (tmp_path / "money.svg").read_text().lstrip().startswith("<?xml")
    bad = runner.invoke(app, [*base, "--format", "xlsx", "--output", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "valid: graphml" in bad.output


def test_analyze_as_of_a_date(built_store_path: Path) -> None:
    base = ["--store", str(built_store_path), "analyze", "circular-deals", "-f", "json"]
    now = json.loads(runner.invoke(app, base).output)["rows"]
    then = runner.invoke(app, [*base, "--as-of", "2025-06-01"])
    assert then.exit_code == 0, then.output
    cycles = {r["cycle"] for r in json.loads(then.output)["rows"]}
    assert "Microsoft → OpenAI → Microsoft" in {r["cycle"] for r in now}
    assert "Microsoft → OpenAI → Microsoft" not in cycles  # the $250B Azure commitment dates from October 2025
    assert "CoreWeave → OpenAI → CoreWeave" in cycles
    bad = runner.invoke(app, [*base, "--as-of", "2025-13-01"])
    assert bad.exit_code != 0 and "--as-of" in bad.output
    other = runner.invoke(app, ["--store", str(built_store_path), "analyze", "centrality", "--as-of", "2025-06-01"])
    assert other.exit_code != 0 and "money view" in other.output
