"""The money view against the curated deal files beyond OpenAI: Google–Anthropic, Nvidia–xAI,
Meta–Scale AI, Microsoft–Nebius, Microsoft–IREN, Nvidia–Intel and Nvidia–Groq.

Each expected edge (payer, payee, kind, amount, what the amount measures, binding status) was
checked by hand against the pages the file cites; valuations, prices per share and announced
totals of several tranches must never become edges.
"""

from __future__ import annotations

import networkx as nx
import pytest

from alliancekg.graph.network.views.money import build_money
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"
AMT = "https://w3id.org/alliance-kg/id/amt/"
GOOGLE, ANTHROPIC, NVIDIA, MSFT = ENT + "google", ENT + "anthropic", ENT + "nvidia", ENT + "microsoft"
XAI, SPV, META, SCALE = ENT + "xai", ENT + "nvidia-xai-spv", ENT + "meta", ENT + "scale-ai"
NEBIUS, IREN, DELL, INTEL, GROQ = ENT + "nebius", ENT + "iren", ENT + "dell", ENT + "intel", ENT + "groq"


@pytest.fixture(scope="module")
def money(store: OxigraphStore) -> nx.MultiDiGraph:
    return build_money(store)


def _flows(money: nx.MultiDiGraph, payer: str, payee: str) -> set[tuple]:
    if not money.has_edge(payer, payee):
        return set()
    return {(d["kind"], d.get("amount"), d.get("amount_kind"), d["binding_status"])
            for d in money[payer][payee].values()}


@pytest.mark.parametrize(("payer", "payee", "expected"), [
    # Google–Anthropic, 2023: $500M at once and $1.5B later (the $2B is their total); the $3B
    # Google Cloud commitment over four years, known from the WSJ only. 2025: the TPU deal, its
    # amount undisclosed. 2026: $10B at once and up to $30B on targets (the $40B is their total).
    (GOOGLE, ANTHROPIC, {("investment", 5e8, "paid", "announced"),
                         ("investment", 1.5e9, "committed", "announced"),
                         ("investment", 10e9, "paid", "announced"),
                         ("investment", 30e9, "ceiling", "announced")}),
    (ANTHROPIC, GOOGLE, {("compute_purchase", 3e9, "committed", "reported_only"),
                         ("compute_purchase", None, None, "announced")}),
    # Nvidia–xAI: Nvidia's equity goes into the vehicle, not into xAI; the vehicle buys Nvidia GPUs
    # and leases them to xAI. Only Nvidia's share has a figure; everything rests on one report.
    (NVIDIA, SPV, {("investment", 2e9, "ceiling", "reported_only")}),
    (SPV, NVIDIA, {("chip_supply", None, None, "reported_only")}),
    (XAI, SPV, {("compute_purchase", None, None, "reported_only")}),
    (NVIDIA, XAI, set()),
    # Meta–Scale AI: $14.3B for 49%; Scale's $29B valuation is no flow.
    (META, SCALE, {("investment", 14.3e9, "paid", "definitive")}),
    (SCALE, META, set()),
    # Microsoft–Nebius: $17.4B through 2031 and the optional ~$2B (the $19.4B is their sum).
    (MSFT, NEBIUS, {("compute_purchase", 17.4e9, "committed", "definitive"),
                    ("compute_purchase", 2e9, "ceiling", "definitive")}),
    # Microsoft–IREN: Microsoft pays IREN; IREN pays Dell for the equipment; Dell supplies IREN, not Microsoft.
    (MSFT, IREN, {("compute_purchase", 9.7e9, "committed", "definitive")}),
    (IREN, DELL, {("chip_supply", 5.8e9, "paid", "definitive")}),
    (MSFT, DELL, set()),
    (DELL, MSFT, set()),
    # Nvidia–Intel: $5B of Intel stock; $23.28 is the price per share, not part of the amount.
    (NVIDIA, INTEL, {("investment", 5e9, "paid", "definitive")}),
    # Nvidia–Groq: the licence, about $20B as the press estimates it.
    (NVIDIA, GROQ, {("licensing", 20e9, "estimate", "definitive")}),
])
def test_flows_of_the_deal_files_as_their_sources_state_them(
        money: nx.MultiDiGraph, payer: str, payee: str, expected: set[tuple]) -> None:
    assert _flows(money, payer, payee) == expected


@pytest.mark.parametrize(("payer", "payee", "source"), [
    (GOOGLE, ANTHROPIC, "https://www.axios.com/2023/10/30/google-invests-2-billion-anthropic-openai"),
    (ANTHROPIC, GOOGLE, "https://www.deeplearning.ai/the-batch/"
                        "anthropic-secures-2-billion-investment-from-google-weeks-after-amazon-deal/"),
    (NVIDIA, SPV, "https://seeflection.com/25620/nvidia-to-supply-gpus-to-musks-ai-startup"),
    (META, SCALE, "https://www.hngn.com/articles/266651/20250613/"
                  "meta-makes-major-ai-move-143-billion-stake-scale-hires-ceo.htm"),
    (MSFT, NEBIUS, "https://the-decoder.com/microsoft-has-signed-a-cloud-deal-with-nebius-group-"
                   "worth-up-to-19-4-billion-through-2031/"),
    (IREN, DELL, "https://dcpulse.com/news/microsoft-iren-gb300-gpu-cloud-deal"),
    (NVIDIA, INTEL, "https://www.tradingpedia.com/2025/12/29/nvidia-completes-5-billion-strategic-investment-in-intel/"),
    (NVIDIA, GROQ, "https://www.livemint.com/technology/five-things-to-know-about-nvidia-s-20-billion-licensing-deal/"
                   "amp-11767058799399.html"),
])
def test_every_flow_carries_its_sources(money: nx.MultiDiGraph, payer: str, payee: str, source: str) -> None:
    edges = list(money[payer][payee].values())
    assert all(d["source_count"] >= 1 for d in edges)
    assert any(source in d["sources"] for d in edges)


def test_no_edge_from_a_valuation_a_price_or_a_total_of_tranches(money: nx.MultiDiGraph) -> None:
    never = {AMT + local for local in (
        "anthropic-2026-04-valuation-350b", "scale-ai-2025-06-valuation", "nvidia-intel-price-per-share",
        "groq-2025-09-valuation", "google-anthropic-2023-10-ceiling", "google-anthropic-2026-04-ceiling",
        "msft-nebius-19-4b", "nvidia-groq-13b-paid", "xai-spv-equity-7-5b", "xai-spv-debt-12-5b", "xai-spv-total-20b")}
    assert not {d.get("amount_iri") for *_, d in money.edges(data=True)} & never
    pairs = {(GOOGLE, ANTHROPIC): {2e9, 40e9, 350e9}, (META, SCALE): {29e9}, (MSFT, NEBIUS): {19.4e9},
             (NVIDIA, INTEL): {23.28, 5e9 + 23.28}, (NVIDIA, GROQ): {6.9e9, 13e9},
             (NVIDIA, SPV): {7.5e9, 12.5e9, 20e9}, (MSFT, IREN): {9.7e9 + 5.8e9}}
    for (payer, payee), amounts in pairs.items():
        assert not {d.get("amount") for d in money[payer][payee].values()} & amounts, (payer, payee)


def test_unit_price_stays_off_the_intel_flow_and_the_tpu_deal_has_no_amount(money: nx.MultiDiGraph) -> None:
    (intel,) = money[NVIDIA][INTEL].values()
    assert intel["amount_iri"] == AMT + "nvidia-intel-5b" and intel["amount"] == 5e9 and intel["currency"] == "USD"
    tpus = next(d for d in money[ANTHROPIC][GOOGLE].values() if d["iri"].endswith("anthropic-google-tpus-2025"))
    assert tpus["undisclosed"] is True and "amount" not in tpus  # 'tens of billions' is no figure
    assert (tpus["capacity"], tpus["capacity_unit"]) == (1e6, "TPU")
