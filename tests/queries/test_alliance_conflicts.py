"""Source disagreements about the alliance table's deals are conflicts in the data: the
``source-conflicts`` query lists each with every reading and its sources."""

from __future__ import annotations

import pytest

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
