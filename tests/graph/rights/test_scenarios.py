"""Scenarios of events: parsing ``TYPE@DATE``, naming their graphs, saving and reading them back."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancekg.graph.rights.scenarios import (
    ScenarioError,
    ScenarioEvent,
    event_types,
    find_named,
    labelled,
    list_scenarios,
    load_scenario,
    parse_event,
    save_scenario,
    scenario_graph,
    slug,
)
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology.namespaces import AKG, SCENARIO

KNOWN = {AKG.AGIVerified: "AGI verified", AKG.AGIDeclared: "AGI declared"}


def test_events_are_named_by_label_local_name_or_curie() -> None:
    expected = ScenarioEvent(dt.date(2028, 6, 30), AKG.AGIVerified)
    for spec in ("agi-verified@2028-06-30", "AGIVerified@2028-06-30", "akg:AGIVerified@2028-06-30"):
        assert parse_event(spec, KNOWN) == expected
    assert slug("AGI verified") == "agi-verified"


@pytest.mark.parametrize(("spec", "message"), [
    ("agi-verified", "an event is TYPE@YYYY-MM-DD"),
    ("agi-verified@2028-02-30", "not a valid date"),
    ("agi-reached@2028-06-30", "unknown event type 'agi-reached'; valid: agi-declared, agi-verified"),
])
def test_bad_event_specifications_are_clear_errors(spec: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_event(spec, KNOWN)


def test_scenario_names_are_checked() -> None:
    assert scenario_graph("agi-2028") == SCENARIO["agi-2028"]
    with pytest.raises(ScenarioError, match="invalid scenario name"):
        scenario_graph("no spaces/allowed")


def test_a_saved_scenario_reads_back_in_date_order() -> None:
    events = [ScenarioEvent(dt.date(2030, 1, 1), AKG.AGIDeclared), ScenarioEvent(dt.date(2028, 6, 30), AKG.AGIVerified)]
    with OxigraphStore() as store:
        assert save_scenario(store, "what-if", events) == SCENARIO["what-if"]
        assert load_scenario(store, "what-if") == sorted(events)
        assert list_scenarios(store) == ["what-if"]
        assert store.data_graphs() == []



def test_events_and_measures_are_found_by_one_name_rule() -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from alliancekg.graph.rights.observations import measures, parse_observation
    from alliancekg.ontology.namespaces import EVT

    gw = EVT["amd-openai-gw-delivered"]
    untitled = EVT["untitled-event"]
    with OxigraphStore() as store:
        store.replace_graph(URIRef("https://w3id.org/alliance-kg/graph/test"), [
            (AKG.AGIVerified, RDF.type, AKG.EventType), (AKG.AGIVerified, RDFS.label, Literal("AGI verified")),
            (untitled, RDF.type, AKG.EventType),
            (gw, RDF.type, AKG.Measure), (gw, RDFS.label, Literal("AMD–OpenAI gigawatts delivered")),
        ])
        assert labelled(store, "akg:EventType") == event_types(store) == {AKG.AGIVerified: "AGI verified",
                                                                         untitled: str(untitled)}
        assert labelled(store, "akg:Measure") == measures(store) == {gw: "AMD–OpenAI gigawatts delivered"}
        types, known_measures = event_types(store), measures(store)
    for name in ("AGI verified", "agi-verified", "akg:AGIVerified", "AGIVerified"):
        assert find_named(name, types) == AKG.AGIVerified
        assert parse_event(f"{name}@2028-06-30", types).event_type == AKG.AGIVerified
    for name in ("AMD–OpenAI gigawatts delivered", "amd-openai-gw-delivered", "evt:amd-openai-gw-delivered"):
        assert find_named(name, known_measures) == gw
        assert parse_observation(f"{name}=2@2027-06-30", known_measures).measure == gw
    assert find_named("AGI declared", types) is None
