"""Scenarios: hypothetical events ("AGI verified on 2028-06-30") as data.

A scenario is a list of :class:`ScenarioEvent`. Stored, it is a named graph below
``https://w3id.org/alliance-kg/scenario/`` holding one ``akg:Event`` per event, so that SPARQL
(the ``rights-at`` catalog query) evaluates it exactly as the Python evaluator does. Scenario
graphs are never part of the default graph of queries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from alliancekg.graph.store import KnowledgeStore
from alliancekg.graph.store.terms import TermError, make_date
from alliancekg.ontology.namespaces import AKG, EVT, SCENARIO

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class ScenarioError(ValueError):
    """A scenario or an event specification is invalid."""


@dataclass(frozen=True, order=True)
class ScenarioEvent:
    """An event of a scenario: an event type that occurs on a date."""

    occurred_on: dt.date
    event_type: URIRef

    def __str__(self) -> str:
        return f"{self.event_type.rsplit('#', 1)[-1]}@{self.occurred_on.isoformat()}"


def labelled(store: KnowledgeStore, kind: str) -> dict[URIRef, str]:
    """The instances of the class ``kind`` (a CURIE) the data knows, with their labels (else their IRI)."""
    result = store.query(f"SELECT ?node ?label WHERE {{ ?node a {kind} . OPTIONAL {{ ?node rdfs:label ?label }} }}")
    return {row["node"]: str(row.get("label", row["node"])) for row in result.rows}


def event_types(store: KnowledgeStore) -> dict[URIRef, str]:
    """The event types the data knows, with their labels."""
    return labelled(store, "akg:EventType")


def local_name(iri: str) -> str:
    """What follows the last ``/`` or ``#`` of ``iri``.

    Examples
    --------
    >>> local_name("https://w3id.org/alliance-kg/ontology#AGIVerified"), local_name("evt:amd-gw")
    ('AGIVerified', 'evt:amd-gw')
    """
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def name_key(text: str) -> str:
    """A name as compared: lower case, letters and digits only (``"AGI verified"`` -> ``"agiverified"``)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def find_named(name: str, known: dict[URIRef, str]) -> URIRef | None:
    """The node of ``known`` whose label or local name is ``name`` (a label, local name or CURIE), else None.

    Examples
    --------
    >>> known = {AKG.AGIVerified: "AGI verified"}
    >>> find_named("akg:agi-verified", known) == AKG.AGIVerified, find_named("AGI declared", known)
    (True, None)
    """
    wanted = name_key(name.split(":")[-1].split("#")[-1])
    for iri, label in known.items():
        if wanted in (name_key(label), name_key(local_name(iri))):
            return iri
    return None


def parse_event(spec: str, known: dict[URIRef, str]) -> ScenarioEvent:
    """Parse ``TYPE@YYYY-MM-DD``; TYPE is a label, local name or CURIE of a known event type.

    Examples
    --------
    >>> known = {AKG.AGIVerified: "AGI verified", AKG.AGIDeclared: "AGI declared"}
    >>> str(parse_event("agi-verified@2028-06-30", known))
    'AGIVerified@2028-06-30'
    >>> parse_event("agi-reached@2028-06-30", known)
    Traceback (most recent call last):
    ...
    alliancekg.graph.rights.scenarios.ScenarioError: unknown event type 'agi-reached'; valid: agi-declared, agi-verified
    """
    type_text, sep, date_text = spec.rpartition("@")
    if not sep or not type_text:
        raise ScenarioError(f"an event is TYPE@YYYY-MM-DD, got {spec!r}")
    try:
        occurred = make_date(date_text).toPython()
    except TermError as exc:
        raise ScenarioError(f"event {spec!r}: {exc}") from exc
    event_type = find_named(type_text, known)
    if event_type is not None:
        return ScenarioEvent(occurred, event_type)
    valid = ", ".join(sorted(slug(label) for label in known.values()))
    raise ScenarioError(f"unknown event type {type_text!r}; valid: {valid}")


def slug(label: str) -> str:
    """``"AGI verified"`` -> ``"agi-verified"``."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def scenario_graph(name: str) -> URIRef:
    """The named graph of the scenario ``name`` (letters, digits, ``-``, ``_``, ``.``)."""
    if not _NAME.match(name):
        raise ScenarioError(f"invalid scenario name {name!r}: use letters, digits, '-', '_' or '.' (max 64)")
    return SCENARIO[name]


def scenario_triples(name: str, events: list[ScenarioEvent]) -> list[tuple]:
    """The triples of a scenario graph (pure).

    Examples
    --------
    >>> len(scenario_triples("agi-2028", [ScenarioEvent(dt.date(2028, 6, 30), AKG.AGIVerified)]))
    4
    """
    scenario_graph(name)
    triples = []
    for index, event in enumerate(sorted(events), start=1):
        node = EVT[f"{name}-{index}"]
        triples += [
            (node, RDF.type, AKG.Event),
            (node, AKG.eventType, event.event_type),
            (node, AKG.occurredOn, Literal(event.occurred_on.isoformat(), datatype=XSD.date)),
            (node, RDFS.label, Literal(f"{event} (scenario {name})")),
        ]
    return triples


def save_scenario(store: KnowledgeStore, name: str, events: list[ScenarioEvent],
                  observations: list | None = None) -> URIRef:
    """Write (or replace, atomically) the scenario ``name`` (events and observations) in ``store``; return its graph."""
    from alliancekg.graph.rights.observations import observation_triples

    graph = scenario_graph(name)
    store.replace_graph(graph, scenario_triples(name, events) + observation_triples(name, list(observations or [])))
    return graph


def load_scenario(store: KnowledgeStore, name: str) -> list[ScenarioEvent]:
    """Read the events of a stored scenario (an unknown name is an error listing the stored ones)."""
    graph = scenario_graph(name)
    if graph not in store.graphs():
        stored = ", ".join(list_scenarios(store)) or "none"
        raise ScenarioError(f"no scenario named {name!r}; stored scenarios: {stored}")
    result = store.query(
        "SELECT ?g ?type ?date WHERE { GRAPH ?g { ?e a akg:Event ; akg:eventType ?type ; akg:occurredOn ?date } }",
        {"g": graph},
    )
    return sorted(ScenarioEvent(row["date"].toPython(), row["type"]) for row in result.rows)


def list_scenarios(store: KnowledgeStore) -> list[str]:
    """Names of the stored scenarios."""
    prefix = str(SCENARIO)
    return sorted(str(g)[len(prefix):] for g in store.graphs() if str(g).startswith(prefix))
