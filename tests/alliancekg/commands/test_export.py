"""``alliancekg export``: views to files other tools open, and clear errors for bad options."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from alliancekg.cli import app

runner = CliRunner()


def test_a_view_is_exported_to_the_file_asked_for(built_store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "money.json"
    result = runner.invoke(app, ["--store", str(built_store_path), "export", "--view", "money", "--format",
                                 "node-link", "--output", str(target)])
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["directed"] and data["edges"]


def test_a_focus_keeps_the_organization_and_its_neighbours(built_store_path: Path, tmp_path: Path) -> None:
    everything, focused = tmp_path / "all.json", tmp_path / "focus.json"
    for target, extra in ((everything, []), (focused, ["--focus", "ent:openai"])):
        result = runner.invoke(app, ["--store", str(built_store_path), "export", "--view", "alliance", "--format",
                                     "node-link", "--output", str(target), *extra])
        assert result.exit_code == 0, result.output
    nodes = {n["id"] for n in json.loads(focused.read_text(encoding="utf-8"))["nodes"]}
    assert "https://w3id.org/alliance-kg/id/ent/openai" in nodes
    assert len(nodes) < len(json.loads(everything.read_text(encoding="utf-8"))["nodes"])


def test_bad_options_are_clear_errors(built_store_path: Path, tmp_path: Path) -> None:
    missing_view = runner.invoke(app, ["--store", str(built_store_path), "export", "--format", "graphml",
                                       "--output", str(tmp_path / "x")])
    assert missing_view.exit_code == 2 and "--view is required" in missing_view.output
    flavor = runner.invoke(app, ["--store", str(built_store_path), "export", "--view", "money", "--format", "csv",
                                 "--csv-flavor", "nope", "--output", str(tmp_path / "x.csv")])
    assert flavor.exit_code == 2 and "unknown CSV flavor 'nope'" in flavor.output


def test_the_alliance_picture_draws_agreement_nodes_and_fits_a_screen(built_store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "alliance.svg"
    result = runner.invoke(app, ["--store", str(built_store_path), "export", "--view", "alliance", "--format", "svg",
                                 "--agreement-nodes", "multi-party", "--output", str(target)])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(target.read_bytes())
    assert float(root.get("width").removesuffix("pt")) <= 1440.5
    assert float(root.get("height").removesuffix("pt")) <= 810.5
    assert "ellipse" in target.read_text(encoding="utf-8")  # agreement nodes
    full = tmp_path / "full.svg"
    result = runner.invoke(app, ["--store", str(built_store_path), "export", "--view", "alliance", "--format", "svg",
                                 "--full-size", "--output", str(full)])
    assert result.exit_code == 0, result.output
    assert float(ET.fromstring(full.read_bytes()).get("height").removesuffix("pt")) > 810.5


def test_agreement_nodes_are_refused_outside_the_alliance_view(built_store_path: Path, tmp_path: Path) -> None:
    wrong_view = runner.invoke(app, ["--store", str(built_store_path), "export", "--view", "money", "--format",
                                     "svg", "--agreement-nodes", "all", "--output", str(tmp_path / "x.svg")])
    assert wrong_view.exit_code == 2 and "option of the alliance view" in wrong_view.output
    unknown = runner.invoke(app, ["--store", str(built_store_path), "export", "--view", "alliance", "--format",
                                  "svg", "--agreement-nodes", "star", "--output", str(tmp_path / "x.svg")])
    assert unknown.exit_code == 2 and "unknown --agreement-nodes 'star'" in unknown.output
