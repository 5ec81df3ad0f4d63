"""Circular deals: flows out and back."""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.network.analysis import Options, circular_deals, run_analysis

OPENAI, MSFT = "https://w3id.org/alliance-kg/id/ent/openai", "https://w3id.org/alliance-kg/id/ent/microsoft"


def test_investment_out_purchases_back() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", key="inv1", kind="investment", amount=10.0, currency="USD", sources=["s1", "s2"])
    graph.add_edge("a", "b", key="inv2", kind="investment", amount=5.0, currency="USD")
    graph.add_edge("b", "a", key="buy", kind="purchase_commitment", amount=250.0, currency="USD")
    graph.add_edge("b", "c", key="x", kind="investment", amount=1.0, currency="USD")
    graph.add_edge("c", "d", key="y", kind="investment", amount=1.0, currency="USD")
    cycles = circular_deals(graph)
    assert [c["cycle"] for c in cycles] == ["a → b → a"]
    cycle = cycles[0]
    assert cycle["circulating"] == 15.0 and cycle["currency"] == "USD"
    out, back = cycle["legs"]
    assert [f["iri"] for f in out["flows"]] == ["inv1", "inv2"] and out["flows"][0]["sources"] == ["s1", "s2"]
    assert back["total"] == 250.0


def test_triangles_length_bound_and_unpriced_legs() -> None:
    graph = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    assert [c["cycle"] for c in circular_deals(graph)] == ["a → b → c → a"]
    assert circular_deals(graph)[0]["circulating"] is None
    assert circular_deals(graph, max_length=2) == []


def test_flows_inside_one_group_are_not_cycles() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("pbc", group="g", group_label="G")
    graph.add_node("foundation", group="g", group_label="G")
    graph.add_edge("pbc", "foundation", key="inside")
    graph.add_edge("foundation", "pbc", key="back")
    graph.add_edge("x", "pbc", key="in")
    graph.add_edge("g", "x", key="out")
    assert [c["cycle"] for c in circular_deals(graph)] == ["G → x → G"]
    assert {c["cycle"] for c in circular_deals(graph, merge=False)} == {"foundation → pbc → foundation"}


ENT = "https://w3id.org/alliance-kg/id/ent/"
AMD, NVIDIA, COREWEAVE = ENT + "amd", ENT + "nvidia", ENT + "coreweave"


def _cycle(rows: list[dict], org: str) -> dict:
    return next(r for r in rows if sorted(r["organizations"]) == sorted([org, OPENAI]))


def _leg(cycle: dict, start: str) -> dict:
    return next(leg for leg in cycle["legs"] if leg["from"] == start)


def _kinds_amounts(leg: dict) -> set[tuple]:
    return {(f["kind"], f.get("amount"), f.get("quantity"), f.get("non_binding")) for f in leg["flows"]}


def test_bundled_microsoft_openai_cycle_without_the_stake_valuation(bundled_views: dict) -> None:
    report = run_analysis(bundled_views["money"], "circular-deals")
    cycle = _cycle(report.rows, MSFT)
    back = _leg(cycle, OPENAI)
    azure = next(f for f in back["flows"] if f.get("amount") == 250e9)
    assert (azure["kind"], azure["currency"], azure["binding_status"]) == ("compute_purchase", "USD", "definitive")
    assert "https://openai.com/index/next-chapter-of-microsoft-openai-partnership/" in azure["sources"]
    assert _kinds_amounts(back) == {("compute_purchase", 250e9, None, False), ("revenue_share", None, None, False)}
    out = _leg(cycle, MSFT)
    assert _kinds_amounts(out) == {("investment", 1e9, None, False), ("investment", 10e9, None, False)}
    assert out["total"] == 11e9 and cycle["circulating"] == 11e9 and cycle["non_binding"] is False
    assert all(f["sources"] for leg in cycle["legs"] for f in leg["flows"])
    assert any("Microsoft → OpenAI → Microsoft" in note for note in report.notes)


def test_bundled_amd_coreweave_and_nvidia_cycles_with_openai(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "circular-deals").rows
    amd = _cycle(rows, AMD)
    assert _kinds_amounts(_leg(amd, AMD)) == {("equity_grant", None, 160e6, False)}
    assert _kinds_amounts(_leg(amd, OPENAI)) == {("chip_supply", None, None, False)}
    assert amd["circulating"] is None and amd["non_binding"] is False
    assert "160,000,000 shares" in _leg(amd, AMD)["text"] and "undisclosed" in _leg(amd, OPENAI)["text"]
    coreweave = _cycle(rows, COREWEAVE)
    assert _leg(coreweave, OPENAI)["total"] == 22.4e9 and _leg(coreweave, COREWEAVE)["total"] == 350e6
    assert coreweave["circulating"] == 350e6
    nvidia = _cycle(rows, NVIDIA)
    assert nvidia["non_binding"] is True and _leg(nvidia, OPENAI)["non_binding"] is True
    assert _kinds_amounts(_leg(nvidia, NVIDIA)) == {("investment", 100e9, None, True),
                                                    ("investment", 30e9, None, False)}
    assert "letter of intent, non-binding" in _leg(nvidia, OPENAI)["text"]
    assert all(f["sources"] for cycle in (amd, coreweave, nvidia) for leg in cycle["legs"] for f in leg["flows"])


def test_bundled_anthropic_cycles_with_amazon_and_microsoft(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "circular-deals").rows
    anthropic = ENT + "anthropic"
    amazon = next(r for r in rows if sorted(r["organizations"]) == sorted([ENT + "amazon", anthropic]))
    assert next(leg for leg in amazon["legs"] if leg["from"] == ENT + "amazon")["total"] == 33e9
    assert next(leg for leg in amazon["legs"] if leg["from"] == anthropic)["total"] == 100e9
    assert amazon["circulating"] == 33e9
    microsoft = next(r for r in rows if sorted(r["organizations"]) == sorted([MSFT, anthropic]))
    assert microsoft["circulating"] == 5e9 and microsoft["non_binding"] is False
    # Nvidia invests in Anthropic, but no source says Anthropic pays Nvidia: no two-way cycle.
    assert not any(sorted(r["organizations"]) == sorted([NVIDIA, anthropic]) for r in rows)


def test_binding_only_leaves_out_the_nvidia_letter_of_intent(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "circular-deals", Options(binding_only=True)).rows
    organizations = [sorted(r["organizations"]) for r in rows]
    assert sorted([NVIDIA, OPENAI]) not in organizations
    assert sorted([AMD, OPENAI]) in organizations and sorted([MSFT, OPENAI]) in organizations


def test_bundled_google_anthropic_cycle_with_amounts_and_sources(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "circular-deals").rows
    anthropic, google = ENT + "anthropic", ENT + "google"
    cycle = next(r for r in rows if sorted(r["organizations"]) == sorted([google, anthropic]))
    out, back = _leg(cycle, google), _leg(cycle, anthropic)
    # Google's tranches: $500M and $1.5B (2023), $10B and up to $30B (2026); never the $2B or $40B totals.
    assert _kinds_amounts(out) == {("investment", 5e8, None, False), ("investment", 1.5e9, None, False),
                                   ("investment", 10e9, None, False), ("investment", 30e9, None, False)}
    assert out["total"] == 42e9
    # Anthropic's $3B of Google Cloud over four years (2023) and the TPU deal, its amount undisclosed.
    assert _kinds_amounts(back) == {("compute_purchase", 3e9, None, False), ("compute_purchase", None, None, False)}
    assert back["total"] == 3e9 and cycle["circulating"] == 3e9 and cycle["non_binding"] is False
    assert "undisclosed" in back["text"]
    assert all(f["sources"] for leg in cycle["legs"] for f in leg["flows"])
    assert "https://www.axios.com/2023/10/30/google-invests-2-billion-anthropic-openai" in next(
        f for f in out["flows"] if f.get("amount") == 5e8)["sources"]


def test_bundled_nvidia_money_goes_round_through_the_xai_vehicle(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "circular-deals").rows
    nvidia, spv = ENT + "nvidia", ENT + "nvidia-xai-spv"
    cycle = next(r for r in rows if sorted(r["organizations"]) == sorted([nvidia, spv]))
    assert _kinds_amounts(_leg(cycle, nvidia)) == {("investment", 2e9, None, False)}
    assert _kinds_amounts(_leg(cycle, spv)) == {("chip_supply", None, None, False)}
    assert cycle["circulating"] is None  # the GPU purchases have no figure


def test_bundled_anthropic_cycles_list_each_leg_s_flows_with_sources(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "circular-deals").rows
    anthropic, amazon = ENT + "anthropic", ENT + "amazon"
    cycle = next(r for r in rows if sorted(r["organizations"]) == sorted([amazon, anthropic]))
    # Amazon's five tranches in three steps (never the $4B or $8B totals); Anthropic's $100B+ on AWS.
    tranches = (1.25e9, 2.75e9, 4e9, 5e9, 20e9)
    assert _kinds_amounts(_leg(cycle, amazon)) == {("investment", x, None, False) for x in tranches}
    assert _kinds_amounts(_leg(cycle, anthropic)) == {("compute_purchase", 100e9, None, False)}
    assert "https://www.the-ledger.net/events/amazon-anthropic-investment" in next(
        f for f in _leg(cycle, amazon)["flows"] if f.get("amount") == 2.75e9)["sources"]
    microsoft = next(r for r in rows if sorted(r["organizations"]) == sorted([MSFT, anthropic]))
    assert _kinds_amounts(_leg(microsoft, MSFT)) == {("investment", 5e9, None, False)}
    assert _kinds_amounts(_leg(microsoft, anthropic)) == {("compute_purchase", 30e9, None, False)}
    wyoming = ("https://wyomingstarnews.org/2025/11/19/microsoft-and-nvidia-pour-up-to-15-billion-into-anthropic-"
               "as-claude-maker-locks-in-30-billion-azure-deal")
    assert all(wyoming in f["sources"] for leg in microsoft["legs"] for f in leg["flows"])
    assert all(f["sources"] for c in (cycle, microsoft) for leg in c["legs"] for f in leg["flows"])
ORACLE, CEREBRAS, AMAZON = ENT + "oracle", ENT + "cerebras", ENT + "amazon"


def test_bundled_openai_compute_cycles_with_cerebras_amazon_and_oracle(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "circular-deals").rows
    # Cerebras: compute (more than $20B) and a ~$1B loan out of OpenAI; warrants over 33.5M shares back.
    cerebras = _cycle(rows, CEREBRAS)
    assert _kinds_amounts(_leg(cerebras, OPENAI)) == {("compute_purchase", 20e9, None, False),
                                                      ("loan", 1e9, None, False)}
    assert _kinds_amounts(_leg(cerebras, CEREBRAS)) == {("equity_grant", None, 33.5e6, False)}
    assert cerebras["circulating"] is None and cerebras["non_binding"] is False
    # Amazon: $15B + $35B into OpenAI (2026 round); $38B + $100B of AWS back.
    amazon = _cycle(rows, AMAZON)
    assert _leg(amazon, AMAZON)["total"] == 50e9 and _leg(amazon, OPENAI)["total"] == 138e9
    assert amazon["circulating"] == 50e9
    # Nvidia → OpenAI → Oracle → Nvidia: Oracle's reported $40B of GB200 chips closes the loop.
    triangle = next(r for r in rows if sorted(r["organizations"]) == sorted([NVIDIA, OPENAI, ORACLE]))
    assert triangle["cycle"] == "Nvidia → OpenAI → Oracle → Nvidia"
    assert _kinds_amounts(_leg(triangle, ORACLE)) == {("chip_supply", 40e9, None, False)}
    assert _kinds_amounts(_leg(triangle, OPENAI)) == {("compute_purchase", 300e9, None, False)}
    assert all(f["sources"] for cycle in (cerebras, amazon, triangle) for leg in cycle["legs"] for f in leg["flows"])


def test_no_cycle_without_a_sourced_flow_back(bundled_views: dict) -> None:
    rows = run_analysis(bundled_views["money"], "circular-deals").rows
    organizations = [sorted(r["organizations"]) for r in rows]
    # No source has Broadcom, SoftBank or Stargate paying OpenAI back, nor OpenAI paying SoftBank.
    for org in ("broadcom", "softbank", "stargate-llc", "mgx"):
        assert not any(ENT + org in orgs for orgs in organizations), org
