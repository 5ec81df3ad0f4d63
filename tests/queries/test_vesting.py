"""Competency questions about what starts or vests: the AMD warrant's tranches, the Nvidia–OpenAI
letter of intent and Amazon's milestone investment in Anthropic.

Each scenario (events and observations) is asked three ways on the full build, and the answers must
agree: ``alliancekg rights`` (JSON), the ``rights-at`` catalog query over the scenario stored as a
named graph, and ``/api/rights``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import URIRef
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.graph.rights.evaluation import rights_at
from alliancekg.graph.rights.observations import measures, parse_observation
from alliancekg.graph.rights.scenarios import event_types, parse_event, save_scenario, scenario_graph
from alliancekg.graph.store import OxigraphStore
from alliancekg.queries.run import run_named
from alliancekg.server.app import create_app

PRV = "https://w3id.org/alliance-kg/id/prv/"
AMD_FIRST, AMD_FINAL = PRV + "amd-openai-warrant-first-tranche", PRV + "amd-openai-warrant-final-tranche"
NVIDIA_FIRST = PRV + "nvidia-openai-loi-first-gw-investment"
AMAZON_MILESTONES = PRV + "amazon-anthropic-2026-04-milestone-investment"
SOFTBANK_SECOND = PRV + "softbank-openai-second-closing"
ABILENE = PRV + "oracle-openai-abilene-compute"
CEREBRAS_WARRANT = PRV + "cerebras-openai-warrant-full"
AMAZON_OPENAI_35B = PRV + "amazon-openai-2026-conditional-investment"
PAYMENT_TERMS = "payment terms: payments spread over a longer period than before"


@dataclass(frozen=True)
class Case:
    """A scenario, a date, and the expected state and open conditions of some provisions."""

    name: str
    at: str
    events: tuple[str, ...]
    observations: tuple[str, ...]
    expected: dict[str, tuple[str, frozenset[str]]]


GW1 = "first 1 GW of AMD Instinct MI450 GPUs delivered"
GW6, PRICE600 = "6 GW of AMD Instinct GPUs purchased", "AMD share price of at least $600"
SIGNED = "Nvidia–OpenAI definitive agreement signed"
NV_GW1 = "first gigawatt of Nvidia systems deployed for OpenAI"
MILESTONES = "Anthropic reaches the April 2026 agreement's commercial milestones"
RECAP, IN_USE = "OpenAI restructured into a for-profit company", "OpenAI starts using the Abilene campus"
SPEND30 = "OpenAI's spending with Cerebras reaches $30B"
IPO, AGI_MILESTONE = "OpenAI completes an IPO", "OpenAI reaches the AGI milestone of the Amazon agreement"

CASES = [
    Case("amd-before", "2025-10-01", (), (), {AMD_FIRST: ("not yet in force", frozenset({GW1})),
                                             AMD_FINAL: ("not yet in force", frozenset({GW6, PRICE600}))}),
    Case("amd-none", "2026-06-01", (), (), {AMD_FIRST: ("pending", frozenset({GW1})),
                                           AMD_FINAL: ("pending", frozenset({GW6, PRICE600}))}),
    Case("amd-2gw-420", "2027-09-01", (), ("amd-openai-gw-delivered=2@2027-06-30", "AMD share price=420@2027-09-01"),
         {AMD_FIRST: ("in force", frozenset()), AMD_FINAL: ("pending", frozenset({GW6, PRICE600}))}),
    Case("amd-6gw-420", "2029-09-01", (), ("amd-openai-gw-delivered=6@2029-06-30", "amd-share-price=420@2029-08-01"),
         {AMD_FIRST: ("in force", frozenset()), AMD_FINAL: ("pending", frozenset({PRICE600}))}),
    Case("amd-6gw-600", "2030-01-01", (), ("amd-openai-gw-delivered=6@2029-06-30", "amd-share-price=600@2029-12-01"),
         {AMD_FIRST: ("in force", frozenset()), AMD_FINAL: ("in force", frozenset())}),
    Case("amd-600-later", "2029-11-30", (), ("amd-openai-gw-delivered=6@2029-06-30", "amd-share-price=600@2029-12-01"),
         {AMD_FINAL: ("pending", frozenset({PRICE600}))}),
    Case("nvidia-before", "2025-09-01", (), (), {NVIDIA_FIRST: ("not yet in force", frozenset({SIGNED, NV_GW1}))}),
    Case("nvidia-none", "2026-12-01", (), (), {NVIDIA_FIRST: ("pending", frozenset({SIGNED, NV_GW1}))}),
    Case("nvidia-signed", "2026-12-01", ("nvidia-openai-definitive-agreement-signed@2026-03-01",), (),
         {NVIDIA_FIRST: ("pending", frozenset({NV_GW1}))}),
    Case("nvidia-signed-1gw", "2027-01-01", ("nvidia-openai-definitive-agreement-signed@2026-03-01",),
         ("nvidia-openai-gw-deployed=1@2026-12-01",), {NVIDIA_FIRST: ("in force", frozenset())}),
    Case("nvidia-1gw-unsigned", "2027-01-01", (), ("nvidia-openai-gw-deployed=1.5@2026-12-01",),
         {NVIDIA_FIRST: ("pending", frozenset({SIGNED}))}),
    Case("amazon-before", "2026-03-01", (), (), {AMAZON_MILESTONES: ("not yet in force", frozenset({MILESTONES}))}),
    Case("amazon-none", "2026-11-01", (), (), {AMAZON_MILESTONES: ("pending", frozenset({MILESTONES}))}),
    Case("amazon-milestones-later", "2026-12-01", ("amazon-anthropic-commercial-milestones-reached@2027-01-15",), (),
         {AMAZON_MILESTONES: ("pending", frozenset({MILESTONES}))}),
    Case("amazon-milestones", "2027-02-01", ("amazon-anthropic-commercial-milestones-reached@2027-01-15",), (),
         {AMAZON_MILESTONES: ("in force", frozenset())}),
    # Recorded in the data, no scenario: OpenAI's recapitalization (2025-10-28) starts SoftBank's second
    # closing, its funding (2025-12-31) ends it; OpenAI was using Abilene by 2025-09-23.
    Case("recorded-2025-10", "2025-10-01", (), (), {SOFTBANK_SECOND: ("pending", frozenset({RECAP})),
                                                   ABILENE: ("in force", frozenset())}),
    Case("recorded-2025-11", "2025-11-15", (), (), {SOFTBANK_SECOND: ("in force", frozenset())}),
    Case("recorded-2026", "2026-01-15", (), (), {SOFTBANK_SECOND: ("ended", frozenset())}),
    Case("cerebras-none", "2027-01-01", (), (), {CEREBRAS_WARRANT: ("pending", frozenset({SPEND30}))}),
    Case("cerebras-30b", "2028-12-31", (), ("cerebras-openai-spend=30000000000@2028-06-30",),
         {CEREBRAS_WARRANT: ("in force", frozenset())}),
    Case("amazon-openai-none", "2026-06-01", (), (),
         {AMAZON_OPENAI_35B: ("pending", frozenset({IPO, AGI_MILESTONE}))}),
    Case("amazon-openai-ipo", "2027-06-01", ("openai-ipo@2027-03-01",), (),
         {AMAZON_OPENAI_35B: ("in force", frozenset())}),
]


@pytest.fixture(scope="module")
def vesting_store(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the full build holding every case's scenario as a named graph."""
    path = tmp_path_factory.mktemp("vesting") / "store"
    shutil.copytree(built_store_path, path)
    store = OxigraphStore(path)
    try:
        known_events, known_measures = event_types(store), measures(store)
        for case in CASES:
            save_scenario(store, case.name, [parse_event(e, known_events) for e in case.events],
                          [parse_observation(o, known_measures) for o in case.observations])
    finally:
        store.close()
    yield path


@pytest.fixture(scope="module")
def client(vesting_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(vesting_store, workers=1)) as test_client:
        yield test_client


def _cli(store: Path, case: Case) -> dict[str, tuple[str, frozenset[str]]]:
    args = ["--store", str(store), "rights", "--at", case.at, "--format", "json"]
    for event in case.events:
        args += ["--event", event]
    for observation in case.observations:
        args += ["--observe", observation]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    provisions = json.loads(result.output)["provisions"]
    return {p["provision"]: (p["state"], frozenset(p["open_conditions"])) for p in provisions}


def _sparql(store: Path, case: Case) -> dict[str, tuple[str, frozenset[str]]]:
    with OxigraphStore(store, read_only=True) as opened:
        rows = run_named(opened, "rights-at", {"at": case.at, "scenario": str(scenario_graph(case.name))}).python_rows()
    return {r["provision"]: (r["state"], frozenset(filter(None, str(r["openConditions"] or "").split(" | "))))
            for r in rows}


def _api(client: TestClient, case: Case) -> dict[str, tuple[str, frozenset[str]]]:
    response = client.get("/api/rights", params={"at": case.at, "event": list(case.events),
                                                  "observe": list(case.observations)})
    assert response.status_code == 200, response.text
    return {p["provision"]: (p["state"], frozenset(p["open_conditions"])) for p in response.json()["provisions"]}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_sparql_and_api_agree_on_vesting(vesting_store: Path, client: TestClient, case: Case) -> None:
    cli, sparql, api = _cli(vesting_store, case), _sparql(vesting_store, case), _api(client, case)
    for provision, expected in case.expected.items():
        assert cli[provision] == expected, (case.name, provision)
    assert sparql == cli, case.name
    assert api == cli, case.name


def test_vesting_date_is_the_latest_condition(vesting_store: Path) -> None:
    result = CliRunner().invoke(app, ["--store", str(vesting_store), "rights", "--at", "2030-01-01", "--format", "json",
                                      "--observe", "amd-openai-gw-delivered=6@2029-06-30",
                                      "--observe", "amd-share-price=600@2029-12-01"])
    final = next(p for p in json.loads(result.output)["provisions"] if p["provision"] == AMD_FINAL)
    assert final["vested_on"] == "2029-12-01"
    assert any("technical and commercial conditions" in q for q in final["qualifications"])


HOSTILE = Path(__file__).parents[1] / "data" / "hostile" / "observations.tsv"
BAD_OBSERVATIONS = [tuple(line.split("\t")) for line in HOSTILE.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize(("spec", "message"), BAD_OBSERVATIONS)
def test_bad_observations_are_clear_errors(vesting_store: Path, client: TestClient, spec: str, message: str) -> None:
    result = CliRunner().invoke(app, ["--store", str(vesting_store), "rights", "--at", "2027-01-01", "--observe", spec])
    assert result.exit_code != 0 and message in result.output
    response = client.get("/api/rights", params={"at": "2027-01-01", "observe": spec})
    assert response.status_code == 400 and message in response.text


def test_timeline_lists_vesting_and_qualifications(vesting_store: Path) -> None:
    result = CliRunner().invoke(app, ["--store", str(vesting_store), "timeline", "--holder", "OpenAI",
                                      "--format", "json", "--observe", "amd-openai-gw-delivered=1@2027-03-31"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)
    first = [c for c in changes if c["provision"] == AMD_FIRST]
    assert [(c["date"], c["change"]) for c in first] == [("2025-10-05", "starts"), ("2027-03-31", "vests")]
    assert any("not disclosed" in q for q in first[0]["qualifications"])
    assert not any(c["provision"] == AMD_FINAL and c["change"] == "vests" for c in changes)


def test_revenue_share_payment_terms_are_shown(vesting_store: Path, client: TestClient) -> None:
    result = CliRunner().invoke(app, ["--store", str(vesting_store), "rights", "--at", "2026-01-01",
                                      "--format", "json"])
    provisions = {p["provision"]: p for p in json.loads(result.output)["provisions"]}
    served = {p["provision"]: p for p in client.get("/api/rights", params={"at": "2026-01-01"}).json()["provisions"]}
    share = PRV + "revenue-share-until-agi"
    assert PAYMENT_TERMS in provisions[share]["qualifications"]
    assert served[share]["qualifications"] == provisions[share]["qualifications"]
    table = CliRunner().invoke(app, ["--store", str(vesting_store), "rights", "--at", "2026-01-01", "--holder",
                                     "Microsoft"], env={"COLUMNS": "2000"})
    assert table.exit_code == 0, table.output
    assert PAYMENT_TERMS in next(line for line in table.output.splitlines() if "revenue" in line.lower())


def test_timeline_shows_the_revenue_share_payment_terms(vesting_store: Path) -> None:
    share = PRV + "revenue-share-until-agi"
    base = ["--store", str(vesting_store), "timeline", "--holder", "Microsoft"]
    result = CliRunner().invoke(app, [*base, "--format", "json"])
    assert result.exit_code == 0, result.output
    changes = [c for c in json.loads(result.output) if c["provision"] == share]
    assert changes and all(PAYMENT_TERMS in c["qualifications"] for c in changes)
    table = CliRunner().invoke(app, base, env={"COLUMNS": "2000"})
    assert table.exit_code == 0, table.output
    assert PAYMENT_TERMS in table.output


def test_rights_at_query_shows_the_same_qualifications(vesting_store: Path) -> None:
    with OxigraphStore(vesting_store, read_only=True) as opened:
        rows = run_named(opened, "rights-at", {"at": "2026-01-01"}).python_rows()
    share = next(r for r in rows if r["provision"] == PRV + "revenue-share-until-agi")
    assert PAYMENT_TERMS in share["qualifications"]


RECORDED = """\
"@context": {context}
graph:
- id: evt:test-amd-first-gw-observed
  type: Observation
  measure: evt:amd-openai-gw-delivered
  observedValue: 1
  observedOn: 2026-12-15
  sources: [https://example.org/reported-delivery]
- id: evt:test-nvidia-definitive-signed
  type: Event
  eventType: evt:nvidia-openai-definitive-agreement-signed
  occurredOn: 2026-11-01
  sources: [https://example.org/reported-signing]
"""


def test_recorded_observations_and_events_count_without_a_scenario(built_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    context = Path(__file__).parents[2] / "data" / "context.jsonld"
    data = tmp_path / "recorded.yaml"
    data.write_text(RECORDED.format(context=context), encoding="utf-8")
    loaded = CliRunner().invoke(app, ["--store", str(store), "load", str(data), "--no-reason"])
    assert loaded.exit_code == 0, loaded.output
    case = Case("recorded", "2027-01-01", (), (), {})
    cli = _cli(store, case)
    assert cli[AMD_FIRST] == ("in force", frozenset())
    assert cli[NVIDIA_FIRST] == ("pending", frozenset({NV_GW1}))
    assert _sparql(store, case) == cli
    # A scenario adds to what was recorded: the first Nvidia gigawatt completes the all-of.
    with_gw = Case("recorded-gw", "2027-01-01", (), ("nvidia-openai-gw-deployed=1@2026-12-20",), {})
    assert _cli(store, with_gw)[NVIDIA_FIRST] == ("in force", frozenset())


ENT = "https://w3id.org/alliance-kg/id/ent/"
HOLDER_CASE = next(c for c in CASES if c.name == "amd-2gw-420")


def _held_by(store: OxigraphStore, holder: str) -> set[str]:
    rows = store.query("SELECT ?p WHERE { ?p akg:holder ?h }", {"h": URIRef(holder)}).python_rows()
    return {r["p"] for r in rows}


@pytest.mark.parametrize("holder", ["openai", "microsoft", "amazon", "nvidia"])
def test_rights_at_for_one_holder_is_the_all_holders_answer_filtered(vesting_store: Path, client: TestClient,
                                                                     holder: str) -> None:
    case, iri = HOLDER_CASE, ENT + holder
    params = {"at": case.at, "scenario": str(scenario_graph(case.name))}
    with OxigraphStore(vesting_store, read_only=True) as opened:
        everyone = run_named(opened, "rights-at", params).python_rows()
        one = run_named(opened, "rights-at", {**params, "holder": iri}).python_rows()
        held = _held_by(opened, iri)
        events = [parse_event(e, event_types(opened)) for e in case.events]
        observations = [parse_observation(o, measures(opened)) for o in case.observations]
        engine = rights_at(opened, dt.date.fromisoformat(case.at), events, holder=iri,
                           observations=observations)
    assert any(not r["holders"] for r in everyone)  # provisions with no holder are in the whole answer
    assert (len(one) > 0) == (holder != "nvidia")
    key = itemgetter("provision")
    assert sorted(one, key=key) == sorted((r for r in everyone if r["provision"] in held), key=key)
    assert {r["provision"]: r["state"] for r in one} == {s.provision: s.state for s in engine}
    args = ["--store", str(vesting_store), "query", "rights-at", "--format", "json", "--param", f"holder={iri}"]
    args += [f"--param={name}={value}" for name, value in params.items()]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert {r["provision"]: r["state"] for r in json.loads(result.output)} == {r["provision"]: r["state"] for r in one}
    if one:  # the API names holders of provisions only
        api = client.get("/api/rights", params={"at": case.at, "holder": iri, "observe": list(case.observations)})
        assert api.status_code == 200, api.text
        served = {p["provision"]: p["state"] for p in api.json()["provisions"]}
        assert served == {r["provision"]: r["state"] for r in one}
