"""Views: projections of the bundled data onto NetworkX, and the pure builders on hand-made records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, URIRef

from alliancekg.graph.network.views import VIEWS, UnknownView, build_view, merge_groups, view_triples, weighted
from alliancekg.graph.network.views.conditions import (
    AGI_DECLARED,
    ENDS_WITH_OTHERS,
    SURVIVES,
    UNAFFECTED,
    Condition,
    agi_exposure,
    describe_all,
    earliest_end,
)
from alliancekg.graph.network.views.dependency import provision_dependencies
from alliancekg.graph.network.views.money import money_flows
from alliancekg.graph.network.views.records import AgreementRecord, Asset, CapacityRecord, ProvisionRecord
from alliancekg.graph.network.views.vocabulary import (
    AKG,
    AMOUNT_KIND,
    ASSET_KINDS,
    BINDING_STATUS,
    FLOW_KIND,
    ORGANIZATION_KINDS,
    PROVISION_FAMILY,
)
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology import load_ontology

ENT = "https://w3id.org/alliance-kg/id/ent/"
PRV = "https://w3id.org/alliance-kg/id/prv/"
FLW = "https://w3id.org/alliance-kg/id/flw/"
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
    azure = _edge(money, OPENAI, MSFT, FLW + "openai-azure-250b")
    assert azure["amount"] == 250e9 and azure["currency"] == "USD" and azure["kind"] == "compute_purchase"
    assert azure["compute"] is True and azure["amount_kind"] == "committed" and azure["binding_status"] == "definitive"
    assert azure["via"] == PRV + "azure-incremental-commitment"
    assert azure["label"] == "OpenAI's incremental $250B Azure purchase commitment"  # the flow's own label
    assert "https://openai.com/index/next-chapter-of-microsoft-openai-partnership/" in azure["sources"].split(" | ")
    investments = [d for d in money[MSFT][OPENAI].values() if d["kind"] == "investment"]
    assert sorted(d.get("amount") for d in investments) == [1e9, 10e9]
    revenue = _edge(money, OPENAI, MSFT, FLW + "openai-msft-revenue-share-2025")
    assert revenue["kind"] == "revenue_share" and "amount" not in revenue and revenue["undisclosed"] is True


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
    flow = URIRef(FLW + "openai-azure-250b")
    assert any(t[0] == flow and t[1] == URIRef(AKG + "payer") for t in view_triples(store, "money"))
    assert all(t in everything for t in view_triples(store, "money") if not any(
        type(x).__name__ == "BNode" for x in t))


def test_unknown_view_lists_the_valid_ones(store: OxigraphStore) -> None:
    with pytest.raises(UnknownView, match="valid: ownership, rights"):
        build_view(store, "friendship")


@pytest.mark.server
def test_views_are_the_same_through_a_remote_endpoint(built_server: str, store: OxigraphStore) -> None:
    from alliancekg.graph.store.remote import RemoteStore

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


def test_money_flows_are_the_stated_flows_only() -> None:
    agreement = AgreementRecord("urn:a", label="deal", deal_types=["CloudCommitment", "EquityInvestment"],
                                parties=["urn:h", "urn:c"])
    share = ProvisionRecord("urn:r", label="revenue share", kind="RevenueShare", family="Obligation",
                            agreement="urn:a", holders=["urn:h"], counterparties=["urn:c"])
    rows = [{"via": "urn:r", "flow": "urn:f1", "payer": "urn:c", "payee": "urn:h", "kind": AKG + "RevenueShareFlow",
             "undisclosed": True, "binding": AKG + "BindingDefinitive", "isBinding": True},
            {"via": "urn:a", "flow": "urn:f2", "payer": "urn:h", "payee": "urn:c", "kind": AKG + "InvestmentFlow",
             "amount": "urn:m", "value": 5.0, "currency": "USD", "amountKind": AKG + "CeilingAmount", "upTo": True,
             "binding": AKG + "BindingLetterOfIntent", "isBinding": False}]
    flows = money_flows(rows, {"urn:r": share}, {"urn:a": agreement})
    assert [(f.key, f.payer, f.payee, f.kind, f.binding_status, f.binding) for f in flows] == [
        ("urn:f1", "urn:c", "urn:h", "revenue_share", "definitive", True),
        ("urn:f2", "urn:h", "urn:c", "investment", "letter_of_intent", False)]
    assert flows[0].label == "revenue share" and flows[0].agreement is agreement and flows[0].undisclosed
    assert flows[1].amount is not None and (flows[1].amount.value, flows[1].amount.kind) == (5.0, "ceiling")
    # Parties, deal types and a provision's holder and counterparty never make a flow by themselves.
    assert money_flows([], {"urn:r": share}, {"urn:a": agreement}) == []


def test_a_flow_takes_its_own_capacity_before_its_agreements() -> None:
    row = {"via": "urn:a", "flow": "urn:f", "payer": "urn:o", "payee": "urn:s", "kind": AKG + "ChipPurchaseFlow",
           "undisclosed": True}
    capacities = {"urn:a": [CapacityRecord("urn:a", 1.0, "GW"), CapacityRecord("urn:a", 6.0, "GW")],
                  "urn:f": [CapacityRecord("urn:f", 6.0, "GW")]}
    [flow] = money_flows([row], {}, {"urn:a": AgreementRecord("urn:a")}, capacities)
    assert [c.value for c in flow.capacities] == [6.0]
    [other] = money_flows([{**row, "flow": "urn:g"}], {}, {"urn:a": AgreementRecord("urn:a")}, capacities)
    assert [c.value for c in other.capacities] == [1.0, 6.0]  # no capacity of its own: the agreement's


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
    for table, cls in ((FLOW_KIND, "FlowKind"), (AMOUNT_KIND, "AmountKind"), (BINDING_STATUS, "BindingStatus")):
        individuals = {str(s).rsplit("#", 1)[-1] for s in ontology.subjects(RDF.type, URIRef(AKG + cls))}
        assert set(table) == individuals, cls


def test_view_queries_name_every_provision_class() -> None:
    text = (Path(__file__).resolve().parents[4] / "graph" / "network" / "views" / "provisions.rq").read_text()
    for kind in PROVISION_FAMILY:
        assert f"akg:{kind} " in text or f"akg:{kind}\n" in text, kind


# ---------------------------------------------------------------------------------------
# The money view against the curated deal files
# ---------------------------------------------------------------------------------------
DEALS = Path(__file__).resolve().parents[4] / "data" / "deals"
NEVER_FLOWS = {"ValuationAmount", "UnitPriceAmount"}


def _nodes(value: object) -> list[dict]:
    """Every mapping with an ``id`` anywhere in a parsed YAML-LD document."""
    found: list[dict] = []
    if isinstance(value, dict):
        if "id" in value:
            found.append(value)
        for item in value.values():
            found += _nodes(item)
    elif isinstance(value, list):
        for item in value:
            found += _nodes(item)
    return found


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return {"ent": ENT, "flw": FLW, "amt": "https://w3id.org/alliance-kg/id/amt/",
            "qty": "https://w3id.org/alliance-kg/id/qty/", "akg": AKG}[prefix] + local


def _read_yaml(text: str) -> object:
    try:
        from ruamel.yaml import YAML
    except ImportError:
        import yaml

        return yaml.safe_load(text)
    return YAML(typ="safe").load(text)


@pytest.fixture(scope="module")
def deal_nodes() -> dict[str, dict]:
    nodes: dict[str, dict] = {}
    for path in sorted(DEALS.glob("*.yaml")):
        for node in _nodes(_read_yaml(path.read_text(encoding="utf-8"))):
            nodes.setdefault(str(node["id"]), {}).update(node)
    return nodes


def test_every_flow_of_the_deal_files_is_one_money_edge_and_nothing_else(
        views: dict[str, nx.MultiGraph], deal_nodes: dict[str, dict]) -> None:
    money = views["money"]
    flows = {k: n for k, n in deal_nodes.items() if n.get("type") == "Flow"}
    assert len(flows) >= 17
    edges = {data["iri"]: (u, v, data) for u, v, data in money.edges(data=True)}
    assert set(edges) == {_expand(k) for k in flows}  # no edge that a file does not state as a flow
    for key, node in flows.items():
        u, v, data = edges[_expand(key)]
        assert (u, v) == (_expand(node["payer"]), _expand(node["payee"])), key
        assert data["kind"] == FLOW_KIND[node["flowKind"].removeprefix("akg:")], key
        assert data["binding_status"] == BINDING_STATUS[node["binding"].removeprefix("akg:")], key
        amount = node.get("flowAmount")
        if amount is None:
            assert "amount" not in data and (node.get("undisclosed") is True or "flowQuantity" in node), key
            continue
        amount = deal_nodes[amount] if isinstance(amount, str) else amount
        assert data["amount"] == float(amount["amount"]) and data["currency"] == amount["currency"], key
        assert amount.get("amountKind", "").removeprefix("akg:") not in NEVER_FLOWS, key


def test_no_money_edge_comes_from_a_valuation_a_price_or_a_total(
        views: dict[str, nx.MultiGraph], deal_nodes: dict[str, dict]) -> None:
    never = {_expand(k) for k, n in deal_nodes.items() if n.get("amountKind", "").removeprefix("akg:") in NEVER_FLOWS}
    assert _expand("amt:msft-stake-value-135b") in never and _expand("amt:amd-openai-warrant-price") in never
    used = {d.get("amount_iri") for _, _, d in views["money"].edges(data=True)}
    assert not used & never
    amounts = {d.get("amount") for _, _, d in views["money"].edges(data=True)}
    # The stake's value, the warrant's exercise price, CoreWeave's cumulative total, the round's total
    # and OpenAI's valuations are figures of the deals, never flows.
    assert not amounts & {135e9, 0.01, 22.4e9, 110e9, 730e9, 840e9, 8e9, 380e9}


AMD, COREWEAVE, NVIDIA = ENT + "amd", ENT + "coreweave", ENT + "nvidia"
AMAZON, SOFTBANK, ANTHROPIC = ENT + "amazon", ENT + "softbank", ENT + "anthropic"


def _flows(money: nx.MultiGraph, u: str, v: str) -> set[tuple]:
    return {(d["kind"], d.get("amount"), d.get("quantity"), d["binding_status"], d["non_binding"])
            for d in money[u][v].values()} if money.has_edge(u, v) else set()


@pytest.mark.parametrize(("payer", "payee", "expected"), [
    # Microsoft–OpenAI: the $1B and ~$10B investments; the $250B Azure commitment; revenue shares (undisclosed).
    (MSFT, OPENAI, {("investment", 1e9, None, "definitive", False), ("investment", 10e9, None, "announced", False)}),
    (OPENAI, MSFT, {("compute_purchase", 250e9, None, "definitive", False),
                    ("revenue_share", None, None, "definitive", False)}),
    # AMD–OpenAI: the warrant runs AMD → OpenAI, counted in shares; OpenAI's GPU purchases, amount undisclosed.
    (AMD, OPENAI, {("equity_grant", None, 160e6, "definitive", False)}),
    (OPENAI, AMD, {("chip_supply", None, None, "definitive", False)}),
    # CoreWeave–OpenAI: three compute contracts bought by OpenAI; $350M of CoreWeave shares to OpenAI.
    (OPENAI, COREWEAVE, {("compute_purchase", 11.9e9, None, "definitive", False),
                         ("compute_purchase", 4e9, None, "definitive", False),
                         ("compute_purchase", 6.5e9, None, "definitive", False)}),
    (COREWEAVE, OPENAI, {("equity_grant", 350e6, None, "definitive", False)}),
    # Nvidia–OpenAI: the letter of intent both ways (non-binding), and Nvidia's $30B in the 2026 round.
    (NVIDIA, OPENAI, {("investment", 100e9, None, "letter_of_intent", True),
                      ("investment", 30e9, None, "announced", False)}),
    (OPENAI, NVIDIA, {("chip_supply", None, None, "letter_of_intent", True)}),
    (AMAZON, OPENAI, {("investment", 15e9, None, "announced", False),
                      ("investment", 35e9, None, "announced", False)}),
    # SoftBank: the two closings of 2025 (softbank-openai-2025.yaml), the 2026 round, ~$3B a year of OpenAI tools.
    (SOFTBANK, OPENAI, {("investment", 7.5e9, None, "definitive", False),
                        ("investment", 22.5e9, None, "definitive", False),
                        ("investment", 30e9, None, "announced", False), ("payment", 3e9, None, "announced", False)}),
    # Microsoft/Nvidia–Anthropic: each investor's own ceiling; Anthropic's $30B of Azure; nothing to Nvidia.
    (MSFT, ANTHROPIC, {("investment", 5e9, None, "announced", False)}),
    (NVIDIA, ANTHROPIC, {("investment", 10e9, None, "announced", False)}),
    (ANTHROPIC, MSFT, {("compute_purchase", 30e9, None, "announced", False)}),
    (ANTHROPIC, NVIDIA, set()),
    # Amazon–Anthropic: five tranches in three steps (the $4B and $8B totals are not flows); $100B+ on AWS.
    (AMAZON, ANTHROPIC, {("investment", 1.25e9, None, "definitive", False),
                         ("investment", 2.75e9, None, "definitive", False),
                         ("investment", 4e9, None, "announced", False),
                         ("investment", 5e9, None, "announced", False),
                         ("investment", 20e9, None, "announced", False)}),
    (ANTHROPIC, AMAZON, {("compute_purchase", 100e9, None, "announced", False)}),
])
def test_curated_deals_flows_checked_against_their_sources(
        views: dict[str, nx.MultiGraph], payer: str, payee: str, expected: set[tuple]) -> None:
    assert _flows(views["money"], payer, payee) == expected


def test_nvidia_loi_is_a_ceiling_and_the_warrant_carries_no_money(views: dict[str, nx.MultiGraph]) -> None:
    money = views["money"]
    loi = _edge(money, NVIDIA, OPENAI, FLW + "nvidia-openai-loi-investment")
    assert loi["upper_bound"] is True and loi["amount_kind"] == "ceiling" and loi["non_binding"] is True
    assert ("https://particle.news/story/openai-and-nvidia-strike-10-gigawatt-ai-infrastructure-pact-with-up-to-"
            "100-billion-planned") in loi["sources"]
    gpus = _edge(money, OPENAI, AMD, FLW + "openai-amd-gpu-purchases")
    assert (gpus["capacity"], gpus["capacity_unit"]) == (6.0, "GW")  # the flow's own 6 GW, not the first 1 GW
    warrant = _edge(money, AMD, OPENAI, FLW + "amd-openai-warrant")
    assert "amount" not in warrant and warrant["quantity_unit"] == "shares" and warrant["upper_bound"] is True
    assert warrant["source_count"] >= 2


def test_alliance_amount_is_the_total_of_stated_flows_never_of_the_text(views: dict[str, nx.MultiGraph]) -> None:
    alliance = views["alliance"]
    agr = "https://w3id.org/alliance-kg/id/agr/"
    round_2026 = alliance.edges[AMAZON, OPENAI, agr + "openai-2026-02-funding-round"]
    assert round_2026["amount"] == 110e9 and round_2026["flows"] == 4  # not $1.79T with the valuations added in
    nvidia_intel = alliance.edges[NVIDIA, ENT + "intel", agr + "nvidia-intel-2025-09"]
    assert nvidia_intel["amount"] == 5e9 and nvidia_intel["flows"] == 1  # not $5B plus a $23.28 share price
    definitive = alliance.edges[MSFT, OPENAI, agr + "msft-openai-2025-10-definitive"]
    assert definitive["amount"] == 250e9  # the Azure commitment, not the $135B stake value


def test_cuad_contracts_only_in_the_alliance_view_when_asked(store: OxigraphStore,
                                                            views: dict[str, nx.MultiGraph]) -> None:
    def cuad_edges(graph: nx.MultiGraph) -> int:
        return sum(1 for _, _, key in graph.edges(keys=True) if "/agr/cuad-" in key)

    assert cuad_edges(views["alliance"]) == 0
    with_cuad = build_view(store, "alliance", include_datasets=["cuad"])
    assert cuad_edges(with_cuad) > 50
    assert with_cuad.number_of_nodes() > views["alliance"].number_of_nodes()
