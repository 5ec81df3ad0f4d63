"""Cross-checking Epoch AI's figures against the curated network: crosswalk and amount agreement."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from alliancekg.loaders.epoch import amounts_agree, read_crosswalk


def test_the_crosswalk_gives_ids_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "crosswalk.csv"
    path.write_text("epoch_id,deal_id\n e1 ,msft-openai-2019\ne2,amazon-anthropic\n", encoding="utf-8")
    assert read_crosswalk(path) == [("e1", "msft-openai-2019", 2), ("e2", "amazon-anthropic", 3)]


def test_amounts_agree_with_one_amount_or_the_sum_of_two_within_one_percent() -> None:
    amounts = [Decimal(5), Decimal(10), Decimal(30)]
    assert amounts_agree(Decimal("10.05"), amounts)
    assert amounts_agree(Decimal(35), amounts)
    assert not amounts_agree(Decimal(45), amounts)
    assert not amounts_agree(Decimal(1), [])
