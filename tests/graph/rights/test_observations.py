"""Scenario observations: ``MEASURE=VALUE@DATE`` parsing, their triples and reading them back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from alliancekg.graph.rights.observations import (
    ScenarioObservation,
    measure_choices,
    measures,
    observation_triples,
    parse_observation,
    stored_events,
    stored_observations,
)
from alliancekg.graph.rights.scenarios import ScenarioError
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology.namespaces import AKG, EVT

GW = EVT["amd-openai-gw-delivered"]
PRICE = EVT["amd-share-price"]
KNOWN = {GW: "AMD–OpenAI gigawatts delivered", PRICE: "AMD share price"}


@pytest.mark.parametrize("spec", ["amd-openai-gw-delivered=2@2027-06-30", "evt:amd-openai-gw-delivered=2@2027-06-30",
                                  "AMD–OpenAI gigawatts delivered=2@2027-06-30"])
def test_a_measure_is_named_by_local_name_curie_or_label(spec: str) -> None:
    assert parse_observation(spec, KNOWN) == ScenarioObservation(dt.date(2027, 6, 30), GW, Decimal(2))


@pytest.mark.parametrize(("spec", "message"), [
    ("amd-share-price=4e2@2027-09-01", "not a decimal number"),
    ("amd-share-price=four hundred@2027-09-01", "not a decimal number"),
    ("amd-share-price=420@2027-02-30", "amd-share-price=420@2027-02-30"),
    ("amd-share-price=420", "MEASURE=VALUE@YYYY-MM-DD"),
    ("=420@2027-09-01", "MEASURE=VALUE@YYYY-MM-DD"),
    ("nvidia-share-price=420@2027-09-01", "unknown measure 'nvidia-share-price'; valid: amd-openai-gw-delivered, "
                                          "amd-share-price"),
])
def test_bad_observations_are_refused_with_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_observation(spec, KNOWN)
    assert message in str(caught.value)


def test_observations_stored_in_a_scenario_graph_read_back_equal() -> None:
    observations = [ScenarioObservation(dt.date(2027, 9, 1), PRICE, Decimal("420.5")),
                    ScenarioObservation(dt.date(2027, 6, 30), GW, Decimal(2))]
    scenario = URIRef("https://w3id.org/alliance-kg/scenario/amd")
    data = URIRef("https://w3id.org/alliance-kg/graph/measures")
    with OxigraphStore() as store:
        store.replace_graph(data, [(GW, RDF.type, AKG.Measure), (GW, RDFS.label, Literal(KNOWN[GW])),
                                   (PRICE, RDF.type, AKG.Measure)])
        store.replace_graph(scenario, observation_triples("amd", observations))
        assert stored_observations(store, scenario) == sorted(observations)
        assert stored_observations(store) == []  # the default graph holds the data graphs only
        assert measures(store) == {GW: KNOWN[GW], PRICE: str(PRICE)}


def test_measure_choices_offer_local_names_with_labels() -> None:
    assert measure_choices(KNOWN) == [{"value": "amd-openai-gw-delivered", "label": KNOWN[GW]},
                                      {"value": "amd-share-price", "label": KNOWN[PRICE]}]


def test_the_bundled_data_records_reported_milestones_with_their_sources(store: OxigraphStore) -> None:
    # Observations and events the sources report are data: they count "as of today" in every scenario.
    observed = {(o.measure, o.value, o.observed_on) for o in stored_observations(store)}
    assert (EVT["stargate-planned-gw"], Decimal(7), dt.date(2025, 9, 23)) in observed
    assert (EVT["cerebras-openai-mw-in-production"], Decimal(100), dt.date(2026, 5, 16)) in observed
    happened = {(e.event_type, e.occurred_on) for e in stored_events(store)}
    assert {(EVT["openai-recapitalization-completed"], dt.date(2025, 10, 28)),
            (EVT["softbank-openai-second-closing-funded"], dt.date(2025, 12, 31)),
            (EVT["stargate-abilene-in-service"], dt.date(2025, 9, 23))} <= happened
    unsourced = store.query("SELECT ?x WHERE { { ?x a akg:Observation } UNION { ?x a akg:Event } "
                            "FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?page } }")
    assert unsourced.rows == []
