"""Views: projections of the bundled data onto NetworkX, and the pure builders on hand-made records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, URIRef

from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.views import VIEWS, UnknownView, build_view, merge_groups, view_triples, weighted
from alliancekg.graph.views.conditions import (
    AGI_DECLARED,
    ENDS_WITH_OTHERS,
    SURVIVES,
    UNAFFECTED,
    Condition,
    agi_exposure,
    describe_all,
    earliest_end,
)
from alliancekg.graph.views.dependency import provision_dependencies
from alliancekg.graph.views.money import money_flows
from alliancekg.graph.views.records import AgreementRecord, AmountRecord, Asset, ProvisionRecord
from alliancekg.graph.views.vocabulary import (
    AKG,
    ASSET_KINDS,
    DEAL_TYPE_FLOW_KIND,
    ORGANIZATION_KINDS,
    PROVISION_FAMILY,
)
from alliancekg.ontology import load_ontology

ENT = "https://w3id.org/alliance-kg/id/ent/"
PRV = "https://w3id.org/alliance-kg/id/prv/"
MSFT, OPENAI = ENT + "microsoft", ENT + "openai"
VERIFIED = URIRef(AKG + "AGIVerified")


@pytest.fixture(scope="module")
def views(store: OxigraphStore) -> dict[str, nx.MultiGraph]:
    return {name: build_view(store, name) for name in VIEWS}


@pytest.mark.parametrize("name", list(VIEWS))
def test_nodes_are_organization_iris_and_attributes_are_typed(views: dict[str, nx.MultiGraph], name: str) -> None:
    graph = views[name]
    assert graph.number_of_nodes() > 0 and graph.number_of_edges() > 0
    assert graph.is_directed() == VIEWS[name].directed
    for node, data in graph.nodes(data=True):
        assert node.startswith("https://w3id.org/alliance-kg/id/ent/"), node
        assert data["kind"] in ORGANIZATION_KINDS and data["label"]
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert isinstance(key, str) and data["kind"]
        for attribute, value in data.items():
            assert isinstance(value, str | int | float | bool), (attribute, value)
        assert isinstance(data["source_count"], int)


def _edge(graph: nx.MultiGraph, u: str, v: str, key: str) -> dict:
    return graph.edges[u, v, key]


def test_money_has_the_azure_commitment_and_the_investments(views: dict[str, nx.MultiGraph]) -> None:
    money = views["money"]
    azure = _edge(money, OPENAI, MSFT, "https://w3id.org/alliance-kg/id/amt/azure-incremental-250b")
    assert azure["amount"] == 250e9 and azure["currency"] == "USD" and azure["kind"] == "purchase_commitment"
    assert azure["compute"] is True and azure["incremental"] is True
    assert "https://openai.com/index/next-chapter-of-microsoft-openai-partnership/" in azure["sources"].split(" | ")
    investments = [d for d in money[MSFT][OPENAI].values() if d["kind"] == "investment"]
    assert {d.get("amount") for d in investments} >= {1e9, 10e9}
    revenue = _edge(money, OPENAI, MSFT, PRV + "revenue-share-until-agi")
    assert revenue["kind"] == "revenue_share" and "amount" not in revenue


def test_rights_carry_kind_asset_end_and_agi_exposure(views: dict[str, nx.MultiGraph]) -> None:
    rights = views["rights"]
    exclusive = _edge(rights, MSFT, OPENAI, PRV + "exclusive-ip-until-agi")
    assert (exclusive["kind"], exclusive["family"]) == ("Exclusivity", "Prohibition")
    assert exclusive["agi_exposure"] == "ends at AGI verified" and exclusive["exclusive"] is True
    assert exclusive["asset_label"] == "OpenAI intellectual property"
    research = _edge(rights, MSFT, OPENAI, PRV + "research-ip-until-agi-or-2030")
    assert research["ends_on"] == "2031-01-01" and research["agi_exposure"] == "ends at AGI verified"
    survives = _edge(rights, MSFT, OPENAI, PRV + "ip-models-products-2032")
    assert survives["agi_exposure"] == SURVIVES and survives["ends_on"] == "2033-01-01"
    threshold = _edge(rights, OPENAI, MSFT, PRV + "compute-threshold-before-agi")
    assert threshold["agi_exposure"] == "ends at AGI declared" and threshold["qualifications"] == 1
    assert _edge(rights, MSFT, OPENAI, PRV + "rofr-compute-2025")["superseded"] is True
    assert _edge(rights, MSFT, OPENAI, PRV + "frontier-model-partner")["superseded"] is False


def test_ownership_has_stakes_control_and_groups(views: dict[str, nx.MultiGraph]) -> None:
    ownership = views["ownership"]
    stake = _edge(ownership, MSFT, ENT + "openai-group-pbc", "https://w3id.org/alliance-kg/id/stk/msft-openai-group-pbc-2025")
    assert stake["percent"] == 27.0 and stake["valuation"] == 135e9 and stake["as_of"] == "2025-10-28"
    assert stake["superseded"] is False and stake["basis"] == "as-converted diluted"
    old = _edge(ownership, MSFT, ENT + "openai-former-for-profit", "https://w3id.org/alliance-kg/id/stk/msft-openai-2024-32-5")
    assert old["superseded"] is True and old["percent"] == 32.5
    assert any(d["kind"] == "control" for d in ownership[ENT + "openai-foundation"][ENT + "openai-group-pbc"].values())
    assert ownership.nodes[ENT + "openai-group-pbc"]["group"] == OPENAI


def test_dependency_follows_the_documented_mapping(views: dict[str, nx.MultiGraph]) -> None:
    dependency = views["dependency"]
    needs = {(u, v, d["need"]) for u, v, d in dependency.edges(data=True)}
    assert (OPENAI, MSFT, "compute") in needs       # the $250B Azure commitment
    assert (MSFT, OPENAI, "ip") in needs            # IP rights
    assert (MSFT, OPENAI, "model_access") in needs  # frontier model partner
    assert (OPENAI, MSFT, "distribution") in needs  # API only through Azure
    assert (OPENAI, MSFT, "capital") in needs       # the investments
    azure = dependency.edges[OPENAI, MSFT, PRV + "azure-incremental-commitment"]
    assert azure["amount"] == 250e9 and azure["via_kind"] == "PurchaseCommitment"


def test_alliance_links_parties_of_each_agreement(views: dict[str, nx.MultiGraph]) -> None:
    alliance = views["alliance"]
    definitive = alliance.edges[MSFT, OPENAI, "https://w3id.org/alliance-kg/id/agr/msft-openai-2025-10-definitive"]
    assert "Licensing" in definitive["deal_types"].split(" | ") and definitive["provisions"] >= 10
    assert definitive["date"] == "2025-10-28" and definitive["status"] == "definitive"
    assert weighted(alliance)[MSFT][OPENAI]["weight"] >= 4


def test_view_triples_are_a_part_of_the_data(store: OxigraphStore) -> None:
    everything = set(view_triples(store, "all"))
    amount = (URIRef("https://w3id.org/alliance-kg/id/amt/azure-incremental-250b"), URIRef(AKG + "amount"))
    for name in VIEWS:
        triples = view_triples(store, name)
        assert triples and len(triples) < len(everything), name
    assert any(t[:2] == amount for t in view_triples(store, "money"))
    assert all(t in everything for t in view_triples(store, "money") if not any(
        type(x).__name__ == "BNode" for x in t))


def test_unknown_view_lists_the_valid_ones(store: OxigraphStore) -> None:
    with pytest.raises(UnknownView, match="valid: ownership, rights"):
        build_view(store, "friendship")


@pytest.mark.server
def test_views_are_the_same_through_a_remote_endpoint(built_server: str, store: OxigraphStore) -> None:
    from alliancekg.graph.remote import RemoteStore

    remote = RemoteStore(built_server + "/sparql")
    for name in ("money", "rights"):
        local, far = build_view(store, name), build_view(remote, name)
        assert sorted(local.edges(keys=True, data=True)) == sorted(far.edges(keys=True, data=True)), name


# -- pure builders on hand-made records --------------------------------------------------------

def _provision(kind: str, family: str, *assets: Asset) -> ProvisionRecord:
    return ProvisionRecord("urn:p", kind=kind, family=family, holders=["urn:h"], counterparties=["urn:c"],
                           assets=list(assets))


SERVICE = Asset("urn:cloud", kind="Service")
IP = Asset("urn:ip", kind="IntellectualProperty", owners=["urn:c"])
PRODUCT = Asset("urn:api", kind="Product", owners=["urn:c"])
ACTIVITY = Asset("urn:agi", kind="Activity")


@pytest.mark.parametrize(("provision", "expected"), [
    (_provision("RightOfFirstRefusal", "Power", SERVICE), [("counterparty", "holder", "compute")]),
    (_provision("PurchaseCommitment", "Obligation", SERVICE), [("counterparty", "holder", "compute")]),
    (_provision("Right", "Right", SERVICE), [("holder", "counterparty", "compute")]),
    (_provision("Right", "Right", IP), [("holder", "counterparty", "ip")]),
    (_provision("Exclusivity", "Prohibition", PRODUCT),
     [("holder", "counterparty", "model_access"), ("counterparty", "holder", "distribution")]),
    (_provision("RevenueShare", "Obligation"), [("holder", "counterparty", "capital")]),
    (_provision("Prohibition", "Prohibition", IP), []),
    (_provision("Permission", "Permission", PRODUCT), []),
    (_provision("Right", "Right", ACTIVITY), []),
])
def test_provision_dependencies(provision: ProvisionRecord, expected: list[tuple[str, str, str]]) -> None:
    assert [d[:3] for d in provision_dependencies(provision)] == expected


def test_money_flows_infer_payer_and_payee_of_obligations() -> None:
    agreement = AgreementRecord("urn:a", label="deal", deal_types=["CloudCommitment", "EquityInvestment"],
                                parties=["urn:h", "urn:c"])
    commitment = ProvisionRecord("urn:p", kind="PurchaseCommitment", family="Obligation", agreement="urn:a",
                                 holders=["urn:h"], counterparties=["urn:c"], assets=[SERVICE])
    share = ProvisionRecord("urn:r", kind="RevenueShare", family="Obligation", agreement="urn:a",
                            holders=["urn:h"], counterparties=["urn:c"])
    amounts = [AmountRecord("urn:m1", via="urn:p", value=5.0, currency="USD"),
               AmountRecord("urn:m2", via="urn:a", value=2.0, currency="USD", payer="urn:h", payee="urn:c"),
               AmountRecord("urn:m3", via="urn:a", value=9.0)]  # no payer or payee: left out
    flows = {(f.key, f.payer, f.payee, f.kind, f.compute) for f in money_flows(
        amounts, {"urn:p": commitment, "urn:r": share}, {"urn:a": agreement})}
    assert flows == {("urn:m1", "urn:c", "urn:h", "purchase_commitment", True),
                     ("urn:m2", "urn:h", "urn:c", "investment", False),
                     ("urn:r", "urn:c", "urn:h", "revenue_share", False)}


def test_merge_groups_folds_members_and_drops_loops() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("pbc", label="PBC", group="group", group_label="Group")
    graph.add_node("foundation", label="Foundation", group="group", group_label="Group")
    graph.add_edge("msft", "pbc", key="inv")
    graph.add_edge("group", "msft", key="buy")
    graph.add_edge("foundation", "pbc", key="inside")
    merged = merge_groups(graph)
    assert sorted(merged.edges(keys=True)) == [("group", "msft", "buy"), ("msft", "group", "inv")]
    assert merged.nodes["group"]["label"] == "Group"


# -- end conditions --------------------------------------------------------------------------

DECLARED_EVENT = Condition("d", "event", event_type=AGI_DECLARED)
VERIFIED_EVENT = Condition("v", "event", event_type=VERIFIED)
END_2030 = Condition("t", "date", on_date=dt.date(2031, 1, 1))
VERIFIES = {VERIFIED: {AGI_DECLARED}}


@pytest.mark.parametrize(("conditions", "survives", "expected"), [
    ([VERIFIED_EVENT], [], "ends at AGI verified"),
    ([DECLARED_EVENT], [], "ends at AGI declared"),
    ([Condition("a", "any-of", operands=(END_2030, DECLARED_EVENT))], [], "ends at AGI declared"),
    ([Condition("a", "all-of", operands=(END_2030, VERIFIED_EVENT))], [], ENDS_WITH_OTHERS),
    ([Condition("a", "all-of", operands=(DECLARED_EVENT, VERIFIED_EVENT))], [], "ends at AGI verified"),
    ([END_2030], [str(VERIFIED)], SURVIVES),
    ([END_2030], [], UNAFFECTED),
    ([], [], UNAFFECTED),
])
def test_agi_exposure_of_condition_trees(conditions: list[Condition], survives: list[str], expected: str) -> None:
    assert agi_exposure(conditions, survives, VERIFIES)[0] == expected


def test_conditions_in_words_and_dates() -> None:
    either = Condition("a", "any-of", operands=(VERIFIED_EVENT, END_2030))
    assert describe_all([either]) == "first of: AGI verified; on 2031-01-01"
    assert earliest_end([either, Condition("b", "date", on_date=dt.date(2030, 6, 1))]) == "2030-06-01"
    assert earliest_end([VERIFIED_EVENT]) is None


# -- the tables mirror the ontology ----------------------------------------------------------------

def _subclasses(ontology, root: URIRef) -> set[str]:
    found = {root}
    for _ in range(5):
        found |= {s for c in list(found) for s in ontology.subjects(RDFS.subClassOf, c) if isinstance(s, URIRef)}
    return {str(c).rsplit("#", 1)[-1] for c in found}


def test_vocabulary_tables_match_the_ontology() -> None:
    ontology = load_ontology()
    assert set(PROVISION_FAMILY) == _subclasses(ontology, URIRef(AKG + "Provision"))
    for kind, family in PROVISION_FAMILY.items():
        if kind != family:
            assert (URIRef(AKG + kind), RDFS.subClassOf, URIRef(AKG + family)) in ontology, kind
    assert set(ORGANIZATION_KINDS) == _subclasses(ontology, URIRef(AKG + "Organization"))
    assert set(ASSET_KINDS) == _subclasses(ontology, URIRef(AKG + "Asset"))
    deal_types = {str(s).rsplit("#", 1)[-1] for s in ontology.subjects(RDF.type, URIRef(AKG + "DealType"))}
    assert set(DEAL_TYPE_FLOW_KIND) <= deal_types


def test_view_queries_name_every_provision_class() -> None:
    text = (Path(__file__).resolve().parents[2] / "graph" / "views" / "provisions.rq").read_text()
    for kind in PROVISION_FAMILY:
        assert f"akg:{kind} " in text or f"akg:{kind}\n" in text, kind
