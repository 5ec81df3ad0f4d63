"""Source disagreements about the alliance table's deals are conflicts in the data: the
``source-conflicts`` query lists each with every reading and its sources."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.data import DEALS_DIR
from alliancekg.graph.store import OxigraphStore
from alliancekg.queries.run import run_named

#: Disagreements of the research notes (SOURCES.md), each with the readings it must show.
EXPECTED = {
    "google-anthropic-early-2023-amount": {"$300M", "$550M", "hundreds of millions"},
    "msft-mistral-amount": {"€15M", "Two billion euros"},
    "apple-openai-payment": {"No payment", "multi-million"},
    "stargate-announcement-date": {"21 January", "22 January"},
    "stargate-funding-secured": {"$100B", "$15B", "under $10B"},
    "meta-coreweave-2026-expansion": {"in total", "additional"},
    "nvidia-intel-stake": {"4%", "5%"},
    "amd-warrant-stake": {"9%", "10%"},
    "msft-openai-2025-10-announcement-day": {"Tuesday", "Monday"},
    "msft-openai-rofr-wording": {"right of first refusal to be", "exclusive cloud", "preferred"},
    "msft-openai-frontier-partner-wording": {"remains Microsoft's frontier model partner", "until at least 2032"},
    "msft-openai-27-percent-made-of": {"as-converted diluted", "long-term cloud agreements"},
    "msft-openai-cash-invested": {"$13B", "$13.8B"},
    "nvidia-openai-100b-committed": {"non-binding letter of intent", "committing"},
    "aws-openai-2026-02-100b": {"on top of the $38B", "expanded to $100B"},
    "softbank-openai-payments-before-final-tranche": {"first tranche of $10B", "$8B", "$7.5B"},
    "google-characterai-price": {"$2.7B", "$2.5B"},
    "msft-g42-announcement-day": {"Monday evening", "Tuesday"},
}


@pytest.fixture(scope="module")
def conflicts(built_store_path) -> dict[str, list[dict]]:
    with OxigraphStore(built_store_path, read_only=True) as store:
        rows = run_named(store, "source-conflicts", {}).python_rows()
    by_conflict: dict[str, list[dict]] = {}
    for row in rows:
        by_conflict.setdefault(row["conflict"].rsplit("/", 1)[-1], []).append(row)
    return by_conflict


@pytest.mark.parametrize("conflict", sorted(EXPECTED))
def test_each_disagreement_is_a_conflict_with_sourced_readings(conflicts: dict, conflict: str) -> None:
    claims = conflicts[conflict]
    labels = " | ".join(row["claimLabel"] for row in claims)
    for reading in EXPECTED[conflict]:
        assert reading in labels, (conflict, reading)
    assert all(row["sources"] for row in claims)


def _file_conflicts() -> dict[str, set[str]]:
    """The conflicts of source-conflicts.yaml, each with its claims (and preferred claim), read from the file."""
    nodes = YAML(typ="safe").load((DEALS_DIR / "source-conflicts.yaml").read_text(encoding="utf-8"))["graph"]
    return {node["id"].removeprefix("cfl:"): {c.removeprefix("clm:") for c in node["claims"]}
            | ({node["preferredClaim"].removeprefix("clm:")} if "preferredClaim" in node else set())
            for node in nodes if node.get("type") == "Conflict"}


def test_every_conflict_of_the_file_is_listed_with_all_its_claims(conflicts: dict) -> None:
    expected = _file_conflicts()
    assert len(expected) == 16
    for name, claims in expected.items():
        assert {row["claim"].rsplit("/", 1)[-1] for row in conflicts[name]} == claims, name


def test_the_command_line_shows_them(built_store_path: Path) -> None:
    result = CliRunner().invoke(app, ["--store", str(built_store_path), "query", "source-conflicts", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    shown = {row["conflict"].rsplit("/", 1)[-1] for row in rows}
    assert set(_file_conflicts()) <= shown
    # Two by hand, against their pages: the G42 announcement day and Nvidia's letter of intent.
    g42 = {row["claimLabel"]: row for row in rows if row["conflict"].endswith("/msft-g42-announcement-day")}
    assert set(g42) == {"Announced on Monday evening, 15 April 2024 (TechCrunch)",
                        "Announced on Tuesday, 16 April 2024"}
    assert "dubaibizz.net" in g42["Announced on Tuesday, 16 April 2024"]["sources"]
    nvidia = [row for row in rows if row["conflict"].endswith("/nvidia-openai-100b-committed")]
    preferred = [row for row in nvidia if row["preferred"] in ("true", "True", "1")]
    assert len(nvidia) == 2 and [row["claimLabel"] for row in preferred] == [
        "A non-binding letter of intent for up to $100B; no definitive agreement signed"]
    assert "https://gokawiil.com/article/251451" in preferred[0]["sources"]
