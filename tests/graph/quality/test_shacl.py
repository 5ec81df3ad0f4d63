"""SHACL validation: bundled data conforms; broken copies fail with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.graph.build import read_inputs, validate_graphs
from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.registry import ontology_input, yamlld_input
from tests.loaders.test_yamlld import line_of, replace_once


def validate_file(path: Path) -> None:
    graphs, files = read_inputs([ontology_input(), yamlld_input(path)])
    validate_graphs(graphs, files, reason=False)


def test_bundled_deal_conforms(deal_file: Path) -> None:
    validate_file(deal_file)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("  percent: 27\n", "  percent: 127\n", "percent", "from 0 to 100"),
        ("  owner: ent:microsoft\n  issuer", "  owner: ent:nobody\n  issuer", "owner", "owner organization"),
        ("    holder: [ent:microsoft]\n    counterparty: [ent:openai]\n    concerns: [ast:openai-research-ip]",
         "    counterparty: [ent:openai]\n    concerns: [ast:openai-research-ip]", None, "needs a holder"),
        ("  status: akg:Definitive\n", "  status: akg:Signed\n", "status", "agreement status"),
        ("amount: 250000000000, currency: USD", "amount: 250000000000, currency: dollars", "currency", "ISO 4217"),
        ("onDate: 2031-01-01}\n", "akg:onDay: 2031-01-01}\n", "onDate", "onDate"),
    ],
)
def test_broken_copy_fails_with_a_clear_message(deal_copy: Path, old: str, new: str, field: str | None,
                                                message: str) -> None:
    replace_once(deal_copy, old, new)
    with pytest.raises(LoadError) as caught:
        validate_file(deal_copy)
    matching = [p for p in caught.value.problems if p.field == field and message in p.message]
    assert matching, caught.value
    assert matching[0].file == str(deal_copy)
    assert matching[0].line is not None


def test_field_line_points_at_the_offending_field(deal_copy: Path) -> None:
    replace_once(deal_copy, "  percent: 27\n", "  percent: 127\n")
    with pytest.raises(LoadError) as caught:
        validate_file(deal_copy)
    problem = next(p for p in caught.value.problems if p.field == "percent")
    assert problem.line == line_of(deal_copy, "percent: 127")


def test_provision_without_source_fails(deal_copy: Path) -> None:
    text = deal_copy.read_text(encoding="utf-8")
    start = text.index("  - id: prv:frontier-model-partner")
    block_end = text.index("  - id: prv:exclusive-ip-until-agi")
    block = text[start:block_end]
    trimmed = block[: block.index("    sources:")] + "\n"
    deal_copy.write_text(text[:start] + trimmed + text[block_end:], encoding="utf-8")
    with pytest.raises(LoadError, match="at least one source"):
        validate_file(deal_copy)
