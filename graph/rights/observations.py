"""Observations: a value of a measure on a date ("AMD–OpenAI gigawatts delivered = 2 on 2027-06-30").

Threshold conditions (a quantity milestone, a share-price target) hold from the first
observation of their measure at or above their threshold. Observations the sources report are
part of the data (``akg:Observation`` with ``prov:wasDerivedFrom``), as are events that happened
(``akg:Event``); a scenario adds hypothetical ones in its named graph. A scenario observation is
written ``MEASURE=VALUE@YYYY-MM-DD`` on the command line (``--observe``) and in ``/api/rights``
(``observe=``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from alliancekg.graph.rights.scenarios import (
    ScenarioError,
    ScenarioEvent,
    find_named,
    labelled,
    local_name,
    slug,
)
from alliancekg.graph.store import KnowledgeStore
from alliancekg.graph.store.terms import TermError, make_date
from alliancekg.ontology.namespaces import AKG, EVT

_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


@dataclass(frozen=True, order=True)
class ScenarioObservation:
    """A value of a measure observed (or supposed) on a date."""

    observed_on: dt.date
    measure: URIRef
    value: Decimal

    def __str__(self) -> str:
        return f"{local_name(self.measure)}={self.value}@{self.observed_on.isoformat()}"


def measures(store: KnowledgeStore) -> dict[URIRef, str]:
    """The measures the data knows, with their labels."""
    return labelled(store, "akg:Measure")


def parse_observation(spec: str, known: dict[URIRef, str]) -> ScenarioObservation:
    """Parse ``MEASURE=VALUE@YYYY-MM-DD``; MEASURE is a label, local name or CURIE of a known measure.

    Examples
    --------
    >>> known = {EVT["amd-openai-gw-delivered"]: "AMD–OpenAI gigawatts delivered"}
    >>> str(parse_observation("amd-openai-gw-delivered=2@2027-06-30", known))
    'amd-openai-gw-delivered=2@2027-06-30'
    >>> parse_observation("amd-gw=2@2027-06-30", known)
    Traceback (most recent call last):
    ...
    alliancekg.graph.rights.scenarios.ScenarioError: unknown measure 'amd-gw'; valid: amd-openai-gw-delivered
    """
    head, sep, date_text = spec.rpartition("@")
    name, eq, value_text = head.partition("=")
    if not sep or not eq or not name.strip():
        raise ScenarioError(f"an observation is MEASURE=VALUE@YYYY-MM-DD, got {spec!r}")
    if not _NUMBER.match(value_text.strip()):
        raise ScenarioError(f"observation {spec!r}: the value {value_text!r} is not a decimal number")
    try:
        value = Decimal(value_text.strip())
        observed = make_date(date_text).toPython()
    except (InvalidOperation, TermError) as exc:
        raise ScenarioError(f"observation {spec!r}: {exc}") from exc
    measure = find_named(name, known)
    if measure is not None:
        return ScenarioObservation(observed, measure, value)
    valid = ", ".join(sorted(local_name(iri) for iri in known))
    raise ScenarioError(f"unknown measure {name!r}; valid: {valid}")


def observation_triples(name: str, observations: list[ScenarioObservation]) -> list[tuple]:
    """The triples of a scenario's observations (pure).

    Examples
    --------
    >>> obs = ScenarioObservation(dt.date(2027, 6, 30), EVT["amd-openai-gw-delivered"], Decimal(2))
    >>> len(observation_triples("amd-2gw", [obs]))
    5
    """
    triples = []
    for index, observation in enumerate(sorted(observations), start=1):
        node = EVT[f"{name}-observation-{index}"]
        triples += [
            (node, RDF.type, AKG.Observation),
            (node, AKG.measure, observation.measure),
            (node, AKG.observedValue, Literal(str(observation.value), datatype=XSD.decimal)),
            (node, AKG.observedOn, Literal(observation.observed_on.isoformat(), datatype=XSD.date)),
            (node, RDFS.label, Literal(f"{observation} (scenario {name})")),
        ]
    return triples


def stored_observations(store: KnowledgeStore, graph: URIRef | None = None) -> list[ScenarioObservation]:
    """The observations of the data (``graph`` None) or of one scenario graph."""
    pattern = "?o a akg:Observation ; akg:measure ?m ; akg:observedValue ?v ; akg:observedOn ?d"
    if graph is None:
        result = store.query(f"SELECT ?m ?v ?d WHERE {{ {pattern} }}")
    else:
        result = store.query(f"SELECT ?g ?m ?v ?d WHERE {{ GRAPH ?g {{ {pattern} }} }}", {"g": graph})
    return sorted(ScenarioObservation(row["d"].toPython(), row["m"], Decimal(str(row["v"]))) for row in result.rows)


def stored_events(store: KnowledgeStore) -> list[ScenarioEvent]:
    """The events the data records as having happened (with their sources), outside any scenario."""
    result = store.query("SELECT ?type ?date WHERE { ?e a akg:Event ; akg:eventType ?type ; akg:occurredOn ?date }")
    return sorted(ScenarioEvent(row["date"].toPython(), row["type"]) for row in result.rows)


def measure_choices(known: dict[URIRef, str]) -> list[dict[str, str]]:
    """The measures as form choices: value is the local name, label the measure's label."""
    choices = ({"value": local_name(iri), "label": label} for iri, label in known.items())
    return sorted(choices, key=lambda c: c["value"])


__all__ = ["ScenarioObservation", "measure_choices", "measures", "observation_triples", "parse_observation",
           "slug", "stored_events", "stored_observations"]
