"""Rights in force at a date under a scenario: the deal's own examples, and CLI/SPARQL agreement."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from alliancekg.graph.build import build_store
from alliancekg.graph.rights.evaluation import (
    ENDED,
    IN_FORCE,
    NOT_YET,
    PENDING,
    Condition,
    Provision,
    Supersession,
    evaluate,
    fetch_provisions,
    fetch_verifies,
    holds_from,
    resolve_organization,
    rights_at,
    states_frame,
    timeline,
)
from alliancekg.graph.rights.observations import stored_events, stored_observations
from alliancekg.graph.rights.scenarios import ScenarioError, ScenarioEvent, save_scenario, scenario_graph
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.results import QueryResult
from alliancekg.ontology.namespaces import AKG, PRV
from alliancekg.queries.run import run_named

VERIFIED_2028 = [ScenarioEvent(dt.date(2028, 6, 30), AKG.AGIVerified)]
DECLARED_ONLY = [ScenarioEvent(dt.date(2027, 3, 1), AKG.AGIDeclared)]


@pytest.fixture
def store(deal_2025_store: OxigraphStore) -> OxigraphStore:
    """The 2025 deal as signed: the examples below are its own."""
    return deal_2025_store


def state_of(states, name: str):
    return next(s for s in states if s.provision == str(PRV[name]))


# -- pure semantics on hand-built provisions -------------------------------------------------------

D = dt.date


def test_any_of_is_whichever_comes_first_and_all_of_the_later() -> None:
    agi = Condition("agi", "event", event_type=AKG.AGIVerified)
    year_end = Condition("y", "date", on_date=D(2031, 1, 1))
    assert holds_from(Condition("a", "any-of", operands=(agi, year_end)), VERIFIED_2028, {})[0] == D(2028, 6, 30)
    assert holds_from(Condition("b", "all-of", operands=(agi, year_end)), VERIFIED_2028, {})[0] == D(2031, 1, 1)
    assert holds_from(Condition("b", "all-of", operands=(agi, year_end)), [], {}) is None


def test_verification_counts_for_the_declaration_it_verifies() -> None:
    declared = Condition("d", "event", event_type=AKG.AGIDeclared)
    verifies = {AKG.AGIVerified: {AKG.AGIDeclared}}
    assert holds_from(declared, VERIFIED_2028, verifies)[0] == D(2028, 6, 30)
    assert holds_from(declared, VERIFIED_2028, {}) is None


def test_a_start_date_still_to_come_leaves_the_provision_pending() -> None:
    # A provision that starts on a date after its agreement (capacity from 2027) is pending until
    # that date, with the date as its open condition, as the rights-at query says.
    from_2027 = Condition("c", "date", on_date=D(2027, 1, 1), label="start of 2027")
    provision = Provision("p", "p", "obligation", "a", D(2025, 9, 10), start_conditions=(from_2027,))
    [before] = evaluate([provision], D(2026, 12, 31))
    assert (before.state, before.open_conditions) == (PENDING, ("start of 2027",))
    [after] = evaluate([provision], D(2027, 1, 1))
    assert (after.state, after.open_conditions, after.vested_on) == (IN_FORCE, (), D(2027, 1, 1))


def test_supersession_ends_a_provision_and_events_after_the_date_do_not_count() -> None:
    provision = Provision("p", "p", "right", "a", D(2020, 1, 1),
                          end_conditions=(Condition("agi", "event", event_type=AKG.AGIVerified),),
                          supersessions=(Supersession("b", "superseded", D(2029, 1, 1)),))
    [before] = evaluate([provision], D(2028, 6, 29), VERIFIED_2028)
    assert before.state == IN_FORCE
    assert before.end.on == D(2029, 1, 1) and before.end.cause == "superseded"
    [after] = evaluate([provision], D(2028, 7, 1), VERIFIED_2028)
    assert after.state == ENDED and after.end.cause == "event"
    [early] = evaluate([provision], D(2019, 12, 31))
    assert early.state == NOT_YET


# -- the 2025 deal ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (D(2026, 6, 1), {"exclusive-ip-until-agi": IN_FORCE, "research-ip-until-agi-or-2030": IN_FORCE,
                         "ip-models-products-2032": IN_FORCE, "rofr-compute-2025": ENDED,
                         "revenue-share-until-agi": IN_FORCE}),
        (D(2030, 12, 31), {"research-ip-until-agi-or-2030": IN_FORCE, "ip-models-products-2032": IN_FORCE}),
        (D(2031, 1, 1), {"research-ip-until-agi-or-2030": ENDED, "ip-models-products-2032": IN_FORCE,
                         "exclusive-ip-until-agi": IN_FORCE}),
        (D(2033, 1, 1), {"ip-models-products-2032": ENDED, "exclusive-ip-until-agi": IN_FORCE,
                         "non-research-ip-retained": IN_FORCE}),
    ],
)
def test_no_agi_scenario(store: OxigraphStore, at: dt.date, expected: dict[str, str]) -> None:
    states = rights_at(store, at)
    assert {name: state_of(states, name).state for name in expected} == expected


def test_research_ip_ends_at_the_date_when_agi_never_comes(store: OxigraphStore) -> None:
    ended = state_of(rights_at(store, D(2031, 1, 1)), "research-ip-until-agi-or-2030")
    assert (ended.end.on, ended.end.cause) == (D(2031, 1, 1), "date")


def test_agi_verified_in_2028_seen_the_day_before_and_after(store: OxigraphStore) -> None:
    before = rights_at(store, D(2028, 6, 29), VERIFIED_2028)
    after = rights_at(store, D(2028, 7, 1), VERIFIED_2028)
    for name in ("exclusive-ip-until-agi", "azure-api-exclusivity-until-agi", "research-ip-until-agi-or-2030",
                 "revenue-share-until-agi", "compute-threshold-before-agi"):
        assert state_of(before, name).state == IN_FORCE, name
        ended = state_of(after, name)
        assert ended.state == ENDED and ended.end.on == D(2028, 6, 30) and ended.end.cause == "event", name
    survives = state_of(after, "ip-models-products-2032")
    assert survives.state == IN_FORCE
    assert "safety guardrails" in " ".join(survives.qualifications)  # open, not assumed met


def test_declared_but_not_verified(store: OxigraphStore) -> None:
    states = rights_at(store, D(2027, 6, 1), DECLARED_ONLY)
    assert state_of(states, "compute-threshold-before-agi").state == ENDED
    assert state_of(states, "exclusive-ip-until-agi").state == IN_FORCE
    assert state_of(states, "revenue-share-until-agi").state == IN_FORCE


def test_a_date_before_the_agreement(store: OxigraphStore) -> None:
    states = rights_at(store, D(2025, 10, 27))
    assert state_of(states, "exclusive-ip-until-agi").state == NOT_YET
    assert state_of(states, "rofr-compute-2025").state == IN_FORCE
    assert state_of(states, "azure-exclusive-cloud-2019").state == ENDED


def test_filters_by_holder_and_agreement(store: OxigraphStore) -> None:
    openai = rights_at(store, D(2026, 6, 1), holder="https://w3id.org/alliance-kg/id/ent/openai")
    assert openai and all("OpenAI" in s.holder for s in openai)
    deal = rights_at(store, D(2026, 6, 1),
                     agreement="https://w3id.org/alliance-kg/id/agr/msft-openai-2025-01-rofr")
    assert [s.provision for s in deal] == [str(PRV["rofr-compute-2025"])]


def test_filters_by_counterparty(store: OxigraphStore) -> None:
    openai = "https://w3id.org/alliance-kg/id/ent/openai"
    owed = rights_at(store, D(2026, 6, 1), counterparty=openai)
    held_by = {s.holder for s in owed}
    assert "Microsoft" in held_by and "OpenAI" not in held_by
    assert str(PRV["exclusive-ip-until-agi"]) in {s.provision for s in owed}
    fetched = fetch_provisions(store)
    assert rights_at(store, D(2026, 6, 1), counterparty=openai, provisions=fetched) == owed


def test_timeline_lists_changes_in_order(store: OxigraphStore) -> None:
    changes = timeline(store, VERIFIED_2028, holder="https://w3id.org/alliance-kg/id/ent/microsoft")
    dates = [c[0] for c in changes]
    assert dates == sorted(dates)
    assert (D(2028, 6, 30), "ends (event)") in {(c[0], c[1]) for c in changes}
    assert (D(2033, 1, 1), "ends (date)") in {(c[0], c[1]) for c in changes}


def test_dataframe_has_one_row_per_provision(store: OxigraphStore) -> None:
    states = rights_at(store, D(2026, 6, 1))
    frame = states_frame(states)
    assert len(frame) == len(states) and {"state", "end_date", "qualifications"} <= set(frame.columns)


# -- the SPARQL catalog query gives the same answers ----------------------------------------------

@pytest.fixture(scope="module")
def writable_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """All bundled data (2026 amendments included), writable for scenario graphs."""
    path: Path = tmp_path_factory.mktemp("rights") / "store"
    build_store(path, reason=False)
    opened = OxigraphStore(path)
    yield opened
    opened.close()


SCENARIOS = {
    "none": [],
    "agi-2028": VERIFIED_2028,
    "declared-2027": DECLARED_ONLY,
    "both": [ScenarioEvent(D(2027, 3, 1), AKG.AGIDeclared), ScenarioEvent(D(2029, 9, 1), AKG.AGIVerified)],
}
DATES = [D(2025, 10, 27), D(2026, 6, 1), D(2028, 6, 29), D(2028, 7, 1), D(2030, 12, 31), D(2031, 1, 1),
         D(2033, 1, 1)]


@pytest.mark.parametrize("terms_as_of", [None, D(2025, 12, 31)])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_sparql_and_python_agree_on_every_provision(writable_store: OxigraphStore, scenario: str,
                                                    terms_as_of: dt.date | None) -> None:
    save_scenario(writable_store, scenario, SCENARIOS[scenario])
    params = {"scenario": str(scenario_graph(scenario))}
    if terms_as_of:
        params["termsAsOf"] = terms_as_of.isoformat()
    provisions, verifies = fetch_provisions(writable_store), fetch_verifies(writable_store)
    # The events and observations the data records count in every scenario, on both sides.
    events = [*stored_events(writable_store), *SCENARIOS[scenario]]
    observations = stored_observations(writable_store)
    for at in DATES:
        python = {s.provision: (s.state, s.end.on if s.end else None, s.end.cause if s.end else None,
                                (s.end.by or None) if s.end else None)
                  for s in evaluate(provisions, at, events, verifies, terms_as_of, observations)}
        rows = run_named(writable_store, "rights-at", {"at": at.isoformat(), **params}).python_rows()
        sparql = {r["provision"]: (r["state"], r["endDate"], r["endCause"], r["endedBy"]) for r in rows}
        assert sparql == python, (scenario, at)


def test_scenario_graphs_stay_out_of_the_default_graph(writable_store: OxigraphStore) -> None:
    save_scenario(writable_store, "agi-2028", VERIFIED_2028)
    assert not writable_store.query("ASK { ?e a akg:Event ; akg:eventType akg:AGIVerified }").boolean


def test_2026_amendment_is_reflected_at_2026_dates(built_store_path: Path) -> None:
    full = OxigraphStore(built_store_path, read_only=True)
    try:
        before = rights_at(full, D(2026, 4, 26))
        after = rights_at(full, D(2026, 6, 1))
    finally:
        full.close()
    assert state_of(before, "exclusive-ip-until-agi").state == IN_FORCE
    ended = state_of(after, "exclusive-ip-until-agi")
    assert ended.state == ENDED and ended.end.on == D(2026, 4, 27) and ended.end.cause == "superseded"


def test_terms_as_of_evaluates_the_2025_terms_on_the_full_build(built_store_path: Path) -> None:
    full = OxigraphStore(built_store_path, read_only=True)
    try:
        states = rights_at(full, D(2028, 7, 1), VERIFIED_2028, terms_as_of=D(2025, 12, 31))
    finally:
        full.close()
    ended = state_of(states, "exclusive-ip-until-agi")
    assert ended.state == ENDED and ended.end.cause == "event" and ended.end.on == D(2028, 6, 30)
    assert all("2026" not in s.agreement for s in states)


class ReversedRows(OxigraphStore):
    """A real store whose answers list their rows last to first (another store may order them so)."""

    def query(self, sparql: str, bindings: dict | None = None) -> QueryResult:
        result = super().query(sparql, bindings)
        return replace(result, rows=result.rows[::-1])


TWO_HOLDERS = """\
"@context": {context}
graph:
- id: agr:test-two-holders
  type: Agreement
  label: Test agreement with two holders
  parties: [ent:amd, ent:microsoft, ent:openai]
  announced: 2025-01-01
  sources: [https://example.org/test-two-holders]
  status: akg:Definitive
  provisions:
  - id: prv:test-shared-right
    type: Right
    label: A right two organizations hold
    holder: [ent:openai, ent:microsoft]
    counterparty: [ent:amd, ent:microsoft]
    concerns: [ast:amd-openai-warrant-shares]
    sources: [https://example.org/test-two-holders]
"""


def test_lists_follow_a_stable_key_not_the_store_s_row_order(tmp_path: Path) -> None:
    from alliancekg.data import DEALS_DIR
    from alliancekg.graph.build import prepare, write_graphs
    from alliancekg.loaders.registry import ontology_input, yamlld_input

    data = tmp_path / "two-holders.yaml"
    data.write_text(TWO_HOLDERS.format(context=DEALS_DIR.parent / "context.jsonld"), encoding="utf-8")
    prepared = prepare([ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml"),
                        yamlld_input(DEALS_DIR / "amd-openai-2025.yaml"), yamlld_input(data)], reason=False)
    stores = OxigraphStore(), ReversedRows()
    answers = []
    for opened in stores:
        write_graphs(opened, prepared)
        states = {s.provision: s for s in rights_at(opened, dt.date(2026, 6, 1))}
        provisions = {p.iri: p for p in fetch_provisions(opened)}
        answers.append((states, provisions))
    (states, provisions), (reversed_states, reversed_provisions) = answers
    shared = str(PRV["test-shared-right"])
    assert states[shared].holder == reversed_states[shared].holder == "Microsoft | OpenAI"
    assert provisions[shared].counterparties == reversed_provisions[shared].counterparties
    final = str(PRV["amd-openai-warrant-final-tranche"])
    assert states[final].open_conditions == reversed_states[final].open_conditions
    assert len(states[final].open_conditions) == 2
    assert provisions[final].start_conditions == reversed_provisions[final].start_conditions
    assert list(states) == list(reversed_states)


def test_operands_come_in_the_order_of_what_they_say_not_of_their_blank_node_names() -> None:
    # Virtuoso and Oxigraph name the same blank-node operands differently: the any-of's operands
    # followed those names, so fetch_provisions differed between the two stores.
    from alliancekg.graph.rights.evaluation import _condition_builder

    def node(kind: str, date: dt.date | None = None, operands: frozenset[str] = frozenset()) -> dict:
        return {"kind": kind, "date": date, "type": None, "operands": set(operands), "measure": None,
                "threshold": None, "label": ""}

    date, other = node("date", dt.date(2030, 1, 1)), node("date", dt.date(2029, 1, 1))
    one = {"_:top": node("any-of", operands=frozenset({"_:a", "_:b"})), "_:a": date, "_:b": other}
    two = {"_:top": node("any-of", operands=frozenset({"_:a", "_:b"})), "_:a": other, "_:b": date}
    assert _condition_builder(one)("_:top") == _condition_builder(two)("_:top")


# -- resolving a holder's name ------------------------------------------------------------------

MICROSOFT = "https://w3id.org/alliance-kg/id/ent/microsoft"
HOSTILE_NAMES = Path(__file__).resolve().parents[2] / "data" / "hostile" / "rights-holder-names.txt"


class QueryLog:
    """A real store whose queries are recorded with their bindings (the answers are the store's own)."""

    def __init__(self, store: OxigraphStore, snapshot: bool = False) -> None:
        self.store = store
        self.queries: list[tuple[str, dict]] = []
        self.snapshot = snapshot  # True: shows one version while it lives, so what is read from it is kept

    def query(self, sparql: str, bindings=None) -> QueryResult:
        self.queries.append((sparql, dict(bindings or {})))
        return self.store.query(sparql, bindings)


def holder_names(store: OxigraphStore) -> list[str]:
    rows = store.query("SELECT DISTINCT ?name WHERE { ?p akg:holder ?org . "
                       "{ ?org rdfs:label ?name } UNION { ?org akg:alias ?name } }").rows
    return sorted({str(r["name"]) for r in rows})


@pytest.mark.parametrize("text", [MICROSOFT, "ent:microsoft", " ent:microsoft ", "Microsoft"])
def test_a_curie_iri_or_name_is_resolved_by_bound_lookups_only(store: OxigraphStore, text: str) -> None:
    log = QueryLog(store)
    assert resolve_organization(log, text) == MICROSOFT
    assert log.queries and all(bindings for _, bindings in log.queries), log.queries


@pytest.mark.parametrize("text", ["MICROSOFT", "Ent:Microsoft", "HTTPS://W3ID.ORG/alliance-kg/id/ent/microsoft"])
def test_other_spellings_still_resolve(store: OxigraphStore, text: str) -> None:
    assert resolve_organization(store, text) == MICROSOFT


def test_every_name_is_read_once_per_version_of_the_data(store: OxigraphStore) -> None:
    log = QueryLog(store, snapshot=True)
    for text in ["MICROSOFT", "Ent:Microsoft", "microsoft"]:
        assert resolve_organization(log, text) == MICROSOFT
    with pytest.raises(ScenarioError, match="unknown organization"):
        resolve_organization(log, "Micro soft")
    assert len([query for query, bindings in log.queries if not bindings]) == 1


def test_an_unknown_name_lists_every_holders_name(store: OxigraphStore) -> None:
    with pytest.raises(ScenarioError) as raised:
        resolve_organization(store, "Micro soft")
    assert str(raised.value) == ("unknown organization 'Micro soft'; organizations holding provisions: "
                                 + ", ".join(holder_names(store)))


def test_hostile_holder_names_are_unknown_and_change_nothing(store: OxigraphStore) -> None:
    names = [line for line in HOSTILE_NAMES.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("# ")]
    before = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    for name in names:
        with pytest.raises(ScenarioError, match="unknown organization"):
            resolve_organization(store, name)
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"] == before


REPLACED_WITHOUT_OWN_START = """\
"@context": {context}
graph:
- id: agr:test-old-terms
  type: Agreement
  label: Test terms that a later provision replaces
  parties: [ent:microsoft, ent:openai]
  effective: 2024-01-01
  sources: [https://example.org/test-old-terms]
  status: akg:Definitive
  provisions:
  - id: prv:test-old-right
    type: Right
    label: A right a later provision replaces
    startDate: 2024-02-01
    holder: [ent:microsoft]
    counterparty: [ent:openai]
    concerns: [ast:openai-compute-supply]
    sources: [https://example.org/test-old-terms]
- id: agr:test-new-terms
  type: Agreement
  label: Test terms replacing a provision from their effective date
  parties: [ent:microsoft, ent:openai]
  effective: 2027-01-01
  sources: [https://example.org/test-new-terms]
  status: akg:Definitive
  provisions:
  - id: prv:test-new-right
    type: Right
    label: A right replacing the old one, with no start of its own
    holder: [ent:microsoft]
    counterparty: [ent:openai]
    concerns: [ast:openai-compute-supply]
    supersedes: [prv:test-old-right]
    sources: [https://example.org/test-new-terms]
"""


def test_a_replacing_provision_without_its_own_start_ends_the_old_one_when_its_agreement_takes_effect(
        tmp_path: Path) -> None:
    # The replacing provision's start, else its agreement's effective date (the rights-at query's
    # COALESCE); the engine once only read the replacing provision's own start.
    from alliancekg.data import DEALS_DIR
    from alliancekg.graph.build import prepare, write_graphs
    from alliancekg.loaders.registry import ontology_input, yamlld_input

    data = tmp_path / "replaced.yaml"
    data.write_text(REPLACED_WITHOUT_OWN_START.format(context=DEALS_DIR.parent / "context.jsonld"), encoding="utf-8")
    opened = OxigraphStore()
    write_graphs(opened, prepare([ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml"),
                                  yamlld_input(data)], reason=False))
    old = str(PRV["test-old-right"])
    for at in (D(2026, 12, 31), D(2027, 1, 1)):
        for holder in (None, "https://w3id.org/alliance-kg/id/ent/microsoft"):
            state = next(s for s in rights_at(opened, at, holder=holder) if s.provision == old)
            assert state.end is not None and (state.end.on, state.end.cause) == (D(2027, 1, 1), "superseded")
            assert state.end.by.endswith("agr/test-new-terms")
            assert state.state == (ENDED if at >= D(2027, 1, 1) else IN_FORCE)
        rows = run_named(opened, "rights-at", {"at": at.isoformat()}).python_rows()
        sparql = next(r for r in rows if r["provision"] == old)
        assert (sparql["state"], sparql["endDate"], sparql["endCause"]) == (state.state, state.end.on, "superseded")
        assert sparql["endedBy"] == state.end.by
