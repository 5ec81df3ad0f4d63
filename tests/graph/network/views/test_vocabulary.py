"""Names from the ontology as the views show them."""

from __future__ import annotations

from alliancekg.graph.network.views.vocabulary import ORGANIZATION_KINDS, humanize, local_name, most_specific


def test_local_names_come_after_the_last_hash_or_slash() -> None:
    assert local_name("https://w3id.org/alliance-kg/ontology#Investment") == "Investment"
    assert local_name("https://w3id.org/alliance-kg/id/ent/openai/") == "openai"


def test_humanize_splits_camel_case_and_keeps_acronyms() -> None:
    assert humanize("RightOfFirstRefusal") == "right of first refusal"
    assert humanize("https://w3id.org/alliance-kg/ontology#AGIVerified") == "AGI verified"


def test_the_most_specific_kind_is_the_first_in_order() -> None:
    assert most_specific({"Organization", "CorporateGroup"}, ORGANIZATION_KINDS) == "CorporateGroup"
    assert most_specific(set(), ORGANIZATION_KINDS) is None
