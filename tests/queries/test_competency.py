"""The competency questions of the Microsoft–OpenAI deal, each answered by a catalog query.

They are asked of the October 2025 agreement as signed (the ``store`` fixture below holds the
ontology and that deal file only); the effect of the 2026 amendments is tested at the end on the
full build.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology.namespaces import AGR, AKG, ENT, PRV, STK
from alliancekg.queries.run import run_named


@pytest.fixture
def store(deal_2025_store: OxigraphStore) -> OxigraphStore:
    return deal_2025_store


def rows(store: OxigraphStore, name: str, **params: str) -> list[dict]:
    return run_named(store, name, params).python_rows()


def test_microsoft_stake_in_openai_group_pbc(store: OxigraphStore) -> None:
    [row] = rows(store, "equity-stake")
    assert row["percent"] == Decimal("27")
    assert row["basis"] == "as-converted diluted"
    assert row["previousPercent"] == Decimal("32.5")
    assert row["valuation"] == Decimal("135000000000") and row["currency"] == "USD"
    assert "openai" in row["sources"] or "finanznachrichten" in row["sources"]


def test_rights_ending_at_agi_surviving_it_or_ending_at_a_date(store: OxigraphStore) -> None:
    effects = {row["provision"]: (row["effect"], row["endDate"]) for row in rows(store, "agi-exposure")}
    assert effects[str(PRV["exclusive-ip-until-agi"])][0] == "ends when AGI is verified"
    assert effects[str(PRV["revenue-share-until-agi"])][0] == "ends when AGI is verified"
    effect, end = effects[str(PRV["research-ip-until-agi-or-2030"])]
    assert "whichever comes first" in effect and str(end) == "2031-01-01"
    effect, end = effects[str(PRV["ip-models-products-2032"])]
    assert effect.startswith("survives AGI") and str(end) == "2033-01-01"
    assert str(PRV["ip-rights-until-2030-or-agi"]) not in effects  # superseded in 2025


def test_who_must_validate_an_agi_declaration(store: OxigraphStore) -> None:
    [row] = rows(store, "agi-verification")
    assert row["verifier"] == str(ENT["agi-expert-panel"])
    assert row["verifies"] == "AGI declared" and row["declaredBy"] == "OpenAI"
    assert row["provision"] == str(PRV["agi-expert-panel"])


def test_what_the_research_ip_right_excludes(store: OxigraphStore) -> None:
    result = rows(store, "right-exclusions")
    excluded = {row["excludedLabel"] for row in result}
    assert excluded == {"model architectures", "model weights", "inference code", "fine-tuning code",
                        "data-centre hardware and software IP"}
    retained = {row["coveredBy"] for row in result}
    assert str(PRV["non-research-ip-retained"]) in retained


def test_what_openai_committed_to_purchase(store: OxigraphStore) -> None:
    [row] = rows(store, "purchase-commitments")
    assert row["supplier"] == "Microsoft" and row["what"] == "Azure cloud services"
    assert row["amount"] == Decimal("250000000000") and row["currency"] == "USD"
    assert row["incremental"] is True


def test_which_right_was_revoked_and_what_it_had_been(store: OxigraphStore) -> None:
    revoked = [row for row in rows(store, "revoked-provisions") if row["change"] == "revoked"]
    [row] = revoked
    assert row["provision"] == str(PRV["rofr-compute-2025"])
    assert row["kind"] == "right of first refusal"
    assert row["originalAgreement"] == str(AGR["msft-openai-2025-01-rofr"])
    assert row["hadReplaced"] == "Azure as OpenAI's exclusive cloud provider"


def test_where_openai_may_host_api_and_non_api_products(store: OxigraphStore) -> None:
    hosting = {row["product"]: row["kind"] for row in rows(store, "product-hosting")}
    assert hosting["OpenAI API products"] == "exclusivity"
    assert hosting["OpenAI non-API products"] == "permission"
    assert hosting["API access for US national-security customers"] == "permission"


def test_what_openai_may_now_do_on_its_own(store: OxigraphStore) -> None:
    freedoms = {row["provision"]: row for row in rows(store, "freedoms")}
    assert set(freedoms) >= {str(PRV[p]) for p in ("joint-products-with-third-parties", "open-weight-release",
                                                    "natsec-api-any-cloud", "non-api-products-any-cloud")}
    assert "capability criteria" in freedoms[str(PRV["open-weight-release"])]["qualifications"]


def test_what_constrains_microsofts_pursuit_of_agi(store: OxigraphStore) -> None:
    result = rows(store, "agi-constraints")
    assert {row["constraint"] for row in result} == {str(PRV["compute-threshold-before-agi"])}
    assert {row["appliesUntil"] for row in result} == {"AGI declared"}
    assert "compute thresholds" in result[0]["qualification"]


def test_sources_of_a_fact(store: OxigraphStore) -> None:
    result = rows(store, "fact-sources", subject="stk:msft-openai-group-pbc-2025")
    sources = {row["source"] for row in result if row["source"]}
    assert any(source.startswith("https://www.moroccoworldnews.com/2025/10/265976/") for source in sources)
    assert all(row["publisher"] for row in result if row["source"])


def test_every_conflict_shows_all_claims_with_sources(store: OxigraphStore) -> None:
    result = rows(store, "source-conflicts")
    by_conflict: dict[str, list[dict]] = {}
    for row in result:
        by_conflict.setdefault(row["conflict"], []).append(row)
    assert len(by_conflict) >= 5
    for claims in by_conflict.values():
        assert len(claims) >= 2
        assert all(row["sources"] for row in claims)
    stake_value = by_conflict["https://w3id.org/alliance-kg/id/cfl/what-135b-measures"]
    assert {row["claimLabel"] for row in stake_value} >= {"$135B is the value of Microsoft's ~27% stake",
                                                          "The whole multi-tiered deal is valued at about $135B"}


def test_announcement_day_and_rofr_wording_are_conflicts(store: OxigraphStore) -> None:
    by_conflict: dict[str, set[str]] = {}
    for row in rows(store, "source-conflicts"):
        by_conflict.setdefault(row["conflict"].rsplit("/", 1)[-1], set()).add(row["claimLabel"])
    assert by_conflict["msft-openai-2025-10-announcement-day"] == {
        "Announced on Tuesday 28 October 2025", "Announced on Monday (27 October 2025)"}
    assert len(by_conflict["msft-openai-rofr-wording"]) == 3
    assert any("exclusive cloud compute provider" in c for c in by_conflict["msft-openai-rofr-wording"])


def test_every_provision_and_stake_has_a_source(store: OxigraphStore) -> None:
    result = store.query(
        "SELECT ?x WHERE { { ?x a/rdfs:subClassOf* akg:Provision } UNION { ?x a akg:EquityStake } UNION "
        "{ ?x a akg:Agreement } FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?s } }"
    )
    assert result.rows == []


def test_stake_supersedes_the_earlier_one(store: OxigraphStore) -> None:
    assert store.query("ASK { ?a akg:supersedes ?b }", {"a": STK["msft-openai-group-pbc-2025"],
                                                       "b": STK["msft-openai-2024-32-5"]}).boolean
    assert store.query("ASK { ?g akg:controls ?pbc }", {"g": ENT["openai-foundation"],
                                                        "pbc": ENT["openai-group-pbc"]}).boolean
    assert store.query("ASK { ?pbc akg:legalForm ?f }", {"pbc": ENT["openai-group-pbc"],
                                                         "f": AKG.PublicBenefitCorporation}).boolean


def test_2026_amendment_supersedes_the_agi_bound_exclusivities(built_store_path) -> None:
    full = OxigraphStore(built_store_path, read_only=True)
    try:
        effects = {row["provision"] for row in rows(full, "agi-exposure")}
        revoked = {row["provision"] for row in rows(full, "revoked-provisions",
                                                   agreement="agr:msft-openai-2026-04-amendment")}
    finally:
        full.close()
    assert str(PRV["exclusive-ip-until-agi"]) not in effects
    assert str(PRV["exclusive-ip-until-agi"]) in revoked


def test_what_goes_between_openai_and_nvidia(built_store_path) -> None:
    full = OxigraphStore(built_store_path, read_only=True)
    try:
        found = rows(full, "money-flows")
        stake = rows(full, "money-flows", a="ent:microsoft", b="ent:openai")
    finally:
        full.close()
    summary = {(r["payer"], r["payee"], r["kind"], r.get("amount"), r["binding"], r.get("isBinding")) for r in found}
    assert summary == {
        ("Nvidia", "OpenAI", "investment", Decimal("100000000000"), "letter of intent (non-binding)", False),
        ("Nvidia", "OpenAI", "investment", Decimal("30000000000"), "announced", None),
        ("OpenAI", "Nvidia", "chip purchase", None, "letter of intent (non-binding)", False),
    }
    assert all(r["sources"] for r in found)
    assert next(r for r in found if r.get("amount") == Decimal("100000000000"))["upTo"] is True
    # The $135B value of Microsoft's stake is a valuation: no flow carries it.
    assert {r.get("amount") for r in stake} == {Decimal("1000000000"), Decimal("10000000000"),
                                                 Decimal("250000000000"), None}
