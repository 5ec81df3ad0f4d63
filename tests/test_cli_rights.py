"""``alliancekg rights``, ``timeline`` and ``scenario``: answers and clear errors for bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancekg.cli import app

runner = CliRunner()


def run(store: Path, *args: str):
    return runner.invoke(app, ["--store", str(store), *args], env={"COLUMNS": "400"})


def test_rights_json_for_a_scenario(deal_2025_store_path: Path) -> None:
    result = run(deal_2025_store_path, "rights", "--at", "2028-07-01", "--event", "agi-verified@2028-06-30",
                 "--holder", "Microsoft", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["events"] == ["AGIVerified@2028-06-30"]
    states = {p["provision"].rsplit("/", 1)[-1]: p for p in data["provisions"]}
    assert states["exclusive-ip-until-agi"]["state"] == "ended"
    assert states["exclusive-ip-until-agi"]["end_cause"] == "event"
    assert states["ip-models-products-2032"]["state"] == "in force"
    assert all("Microsoft" in p["holder"] for p in data["provisions"])


def test_rights_table(built_store_path: Path) -> None:
    result = run(built_store_path, "rights", "--at", "2031-01-01")
    assert result.exit_code == 0
    assert "in force" in result.output and "ended" in result.output and "no events" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rights", "--at", "2028-02-30"], "not a valid date"),
        (["rights", "--at", "tomorrow"], "not a valid date"),
        (["rights", "--at", "2028-01-01", "--event", "agi-reached@2028-01-01"], "valid: agi-declared, agi-verified"),
        (["rights", "--at", "2028-01-01", "--event", "agi-verified@2028-13-01"], "not a valid date"),
        (["rights", "--at", "2028-01-01", "--event", "agi-verified"], "TYPE@YYYY-MM-DD"),
        (["rights", "--at", "2028-01-01", "--holder", "Nobody Inc"], "organizations holding provisions"),
        (["rights", "--at", "2028-01-01", "--scenario", "missing"], "no scenario named 'missing'"),
        (["timeline", "--holder", "Nobody Inc"], "Microsoft"),
    ],
)
def test_bad_input_lists_valid_choices(built_store_path: Path, args: list[str], message: str) -> None:
    result = run(built_store_path, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_timeline_json(built_store_path: Path) -> None:
    result = run(built_store_path, "timeline", "--event", "agi-verified@2028-06-30", "--format", "json")
    changes = json.loads(result.output)
    assert [c["date"] for c in changes] == sorted(c["date"] for c in changes)
    assert any(c["date"] == "2028-06-30" and c["change"] == "ends (event)" for c in changes)


def test_saved_scenario_is_used_by_rights(built_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    saved = run(store, "scenario", "save", "agi-2028", "--event", "agi-verified@2028-06-30")
    assert saved.exit_code == 0, saved.output
    listed = run(store, "scenario", "list")
    assert "agi-2028: AGIVerified@2028-06-30" in listed.output
    result = run(store, "rights", "--at", "2028-07-01", "--scenario", "agi-2028", "-f", "json")
    assert json.loads(result.output)["events"] == ["AGIVerified@2028-06-30"]
    bad_name = run(store, "scenario", "save", "../x", "--event", "agi-verified@2028-06-30")
    assert bad_name.exit_code == 2 and "invalid scenario name" in bad_name.output
    assert run(store, "scenario", "drop", "agi-2028").exit_code == 0
    assert "agi-2028" not in run(store, "scenario", "list").output
