"""The money view: investments, purchase commitments and revenue shares as flows."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.graph.network.views.money import build_money
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"


def test_openai_s_azure_commitment_flows_to_microsoft_with_its_currency(store: OxigraphStore) -> None:
    graph = build_money(store)
    flows = graph.get_edge_data(ENT + "openai", ENT + "microsoft")
    assert max(d.get("amount", 0.0) for d in flows.values()) == 250e9
    assert {d.get("currency") for d in flows.values() if d.get("amount")} == {"USD"}
    assert all(data["agreement"] for *_, data in graph.edges(data=True))


def test_the_money_view_reads_no_assets_and_takes_the_sources_it_is_given(
        store: OxigraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from alliancekg.graph.network.views import records

    plain = build_money(store)
    sources = records.fetch_sources(store)
    asked: list[str] = []
    real_select = records.select
    monkeypatch.setattr(records, "select", lambda on, name: asked.append(name) or real_select(on, name))
    given = build_money(store, sources=sources)
    assert "assets" not in asked and "sources" not in asked
    assert {k: d for *_, k, d in given.edges(keys=True, data=True)} == {
        k: d for *_, k, d in plain.edges(keys=True, data=True)}


# ---------------------------------------------------------------------------------------
# OpenAI's compute deals: Broadcom, Oracle, Stargate, AWS, SoftBank, Cerebras
# ---------------------------------------------------------------------------------------
AMT = "https://w3id.org/alliance-kg/id/amt/"
OPENAI, AMAZON, ORACLE, NVIDIA = ENT + "openai", ENT + "amazon", ENT + "oracle", ENT + "nvidia"
BROADCOM, CEREBRAS, SOFTBANK = ENT + "broadcom", ENT + "cerebras", ENT + "softbank"
STARGATE, MGX = ENT + "stargate-llc", ENT + "mgx"


def _flows(money, payer: str, payee: str) -> set[tuple]:
    return {(d["kind"], d.get("amount"), d.get("quantity"), d["binding_status"], d["non_binding"])
            for d in money[payer][payee].values()} if money.has_edge(payer, payee) else set()


@pytest.fixture(scope="module")
def money(store: OxigraphStore):
    return build_money(store)


@pytest.mark.parametrize(("payer", "payee", "expected"), [
    # Broadcom: OpenAI pays for 10 GW of racks, amount undisclosed; nothing flows back (no circular deal).
    (OPENAI, BROADCOM, {("chip_supply", None, None, "announced", False)}),
    (BROADCOM, OPENAI, set()),
    # Oracle: the WSJ's $300B over about five years, reported only; Oracle's ~$40B of GB200 chips for Abilene.
    (OPENAI, ORACLE, {("compute_purchase", 300e9, None, "reported_only", False)}),
    (ORACLE, NVIDIA, {("chip_supply", 40e9, None, "reported_only", False)}),
    # Stargate: each funder's reported equity (MGX's amount not established); the $500B is no flow.
    (SOFTBANK, STARGATE, {("investment", 18e9, None, "reported_only", False)}),
    (OPENAI, STARGATE, {("investment", 18e9, None, "reported_only", False)}),
    (ORACLE, STARGATE, {("investment", 7e9, None, "reported_only", False)}),
    (MGX, STARGATE, {("investment", None, None, "reported_only", False)}),
    # AWS: the $38B seven-year agreement and the $100B eight-year expansion; Amazon's $50B is the round's.
    (OPENAI, AMAZON, {("compute_purchase", 38e9, None, "definitive", False),
                      ("compute_purchase", 100e9, None, "announced", False)}),
    # SoftBank: $7.5B and $22.5B (the two closings of 2025), $30B (2026 round), ~$3B a year of OpenAI tools.
    (SOFTBANK, OPENAI, {("investment", 7.5e9, None, "definitive", False),
                        ("investment", 22.5e9, None, "definitive", False),
                        ("investment", 30e9, None, "announced", False),
                        ("payment", 3e9, None, "announced", False)}),
    # Cerebras: more than $20B of compute and a ~$1B loan from OpenAI; warrants over 33.5M shares back.
    (OPENAI, CEREBRAS, {("compute_purchase", 20e9, None, "definitive", False),
                        ("loan", 1e9, None, "definitive", False)}),
    (CEREBRAS, OPENAI, {("equity_grant", None, 33.5e6, "definitive", False)}),
])
def test_openai_compute_deals_flows_checked_against_their_sources(money, payer: str, payee: str,
                                                                  expected: set[tuple]) -> None:
    assert _flows(money, payer, payee) == expected


def test_figures_that_are_not_flows_price_no_edge(money) -> None:
    # Valuations, totals, intentions without a payee, estimates and superseded figures of the new files.
    figures = {AMT + name for name in (
        "openai-2025-03-post-money", "softbank-openai-2025-round-total", "softbank-openai-2025-co-investors",
        "softbank-openai-2025-up-to-40b", "softbank-openai-2025-first-closing-total", "stargate-500b",
        "stargate-100b-immediately", "oracle-2025-q1-new-rpo", "broadcom-openai-reported-10b",
        "cerebras-openai-over-10b")}
    assert not figures & {d.get("amount_iri") for _, _, d in money.edges(data=True)}
    amounts = {d.get("amount") for _, _, d in money.edges(data=True)}
    assert not amounts & {41e9, 11e9, 500e9, 317e9}


def test_flows_carry_period_capacity_and_sources(money) -> None:
    oracle = money.edges[OPENAI, ORACLE, "https://w3id.org/alliance-kg/id/flw/openai-oracle-300b"]
    assert (oracle["capacity"], oracle["capacity_unit"]) == (4.5, "GW") and oracle["non_binding"] is False
    assert oracle["period_years"] == 5 and str(oracle["period_start"]) == "2027"
    wsj = "https://nairametrics.com/2025/09/10/openai-signs-300-billion-cloud-computing-deal-with-oracle/"
    assert wsj in oracle["sources"]
    broadcom = money.edges[OPENAI, BROADCOM, "https://w3id.org/alliance-kg/id/flw/openai-broadcom-accelerators"]
    assert broadcom["undisclosed"] is True and (broadcom["capacity"], broadcom["capacity_unit"]) == (10.0, "GW")
    warrant = money.edges[CEREBRAS, OPENAI, "https://w3id.org/alliance-kg/id/flw/cerebras-openai-warrant"]
    assert "amount" not in warrant and warrant["quantity_unit"] == "shares" and warrant["source_count"] >= 2
TABLE = "https://w3id.org/alliance-kg/graph/network/alliances"


def test_table_rows_with_roles_and_figures_but_no_stated_flow_give_no_money_edge(store: OxigraphStore) -> None:
    # Rows of the sourced table name an investor and an investee and carry figures; unless a deal
    # file states a flow on the agreement or one of its provisions, the money view has no edge for it.
    rows = store.query(f"""SELECT DISTINCT ?agreement WHERE {{
      GRAPH <{TABLE}> {{ ?agreement a akg:Agreement ; akg:monetaryValue ?figure ;
                                    akg:hasPartyRole/akg:roleType akg:InvestorRole }}
      FILTER NOT EXISTS {{ ?agreement akg:hasFlow ?flow }}
      FILTER NOT EXISTS {{ ?agreement akg:hasProvision/akg:hasFlow ?provisionFlow }}
    }}""").python_rows()
    unstated = {row["agreement"] for row in rows}
    assert unstated, "the table should hold rows with an investor and a figure that no deal file describes"
    money = build_money(store)
    assert not unstated & {data["agreement"] for *_, data in money.edges(data=True)}


def test_a_table_row_alone_yields_no_money_edge(tmp_path: Path) -> None:
    from rdflib import Graph

    from alliancekg.data import DATA_DIR
    from alliancekg.graph.build import prepare, write_graphs
    from alliancekg.graph.network.views.alliance import build_alliance
    from alliancekg.loaders.datasets import mapped_input
    from alliancekg.loaders.registry import ontology_input

    # Microsoft (investor) → OpenAI (investee), 1000000000 USD: roles and a figure, no typed flow.
    lines = (DATA_DIR / "alliances" / "alliances.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    row = tmp_path / "one-row.csv"
    row.write_text(lines[0] + next(line for line in lines if line.startswith("msft-openai-2019-investment,")),
                   encoding="utf-8")
    mapping = Path(alliances_mapping())
    prepared = prepare([ontology_input(), mapped_input(row, mapping, Graph())], reason=False)
    with OxigraphStore() as store:
        write_graphs(store, prepared)
        roles = store.query("SELECT ?type WHERE { ?agreement akg:hasPartyRole/akg:roleType ?type }")
        assert {str(r["type"]).rsplit("#", 1)[-1] for r in roles.rows} >= {"InvestorRole", "InvesteeRole"}
        assert store.query("ASK { ?agreement akg:monetaryValue/akg:amount ?v FILTER(?v = 1000000000) }").boolean
        assert build_money(store).number_of_edges() == 0
        alliance = build_alliance(store)
        assert alliance.has_edge(ENT + "microsoft", ENT + "openai")
        assert not any(data.get("amount") for *_, data in alliance.edges(data=True))


def alliances_mapping() -> Path:
    """The bundled mapping of the sourced alliances table."""
    import alliancekg.loaders

    return Path(alliancekg.loaders.__file__).parent / "mappings" / "alliances.yaml"
