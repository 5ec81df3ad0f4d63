"""End conditions of provisions: fetched as trees, described in words, and classified by AGI exposure.

Trees use :class:`alliancekg.graph.rights.evaluation.Condition`, the structure the rights-in-force evaluator
works on, so a provision's exposure here agrees with what a scenario evaluation does to it.

Exposure of a provision to the AGI event (the value of the ``agi_exposure`` attribute):

``ends at AGI declared`` / ``ends at AGI verified``
    An AGI event of that type is enough, on its own, to end the provision (directly, or as one
    operand of an any-of condition). Declared is reported before verified: a declaration comes
    first, and a verification implies one.
``ends at AGI with other conditions``
    AGI appears in the end conditions, but only together with something else (an all-of).
``survives AGI``
    The sources state that the provision continues after AGI (``akg:survives``).
``unaffected by AGI``
    Neither: AGI is not among its end conditions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rdflib import URIRef

from alliancekg.graph.network.views.rows import select
from alliancekg.graph.network.views.vocabulary import AKG, humanize, local_name
from alliancekg.graph.rights.evaluation import Condition, fetch_verifies, holds_from
from alliancekg.graph.store import KnowledgeStore

AGI_DECLARED = URIRef(AKG + "AGIDeclared")
ENDS_WITH_OTHERS = "ends at AGI with other conditions"
SURVIVES = "survives AGI"
UNAFFECTED = "unaffected by AGI"

_KINDS = {"DateCondition": "date", "EventCondition": "event", "AnyOfCondition": "any-of", "AllOfCondition": "all-of"}
Verifies = Mapping[URIRef, set[URIRef]]


def fetch_conditions(store: KnowledgeStore) -> dict[str, tuple[Condition, ...]]:
    """The end-condition trees of every provision that has any (two queries)."""
    nodes: dict[str, dict] = {}
    for row in select(store, "condition-nodes"):
        node = nodes.setdefault(str(row["condition"]), {"kind": None, "date": None, "type": None, "operands": []})
        node["kind"] = _KINDS[local_name(str(row["type"]))]
        if "date" in row:
            try:
                node["date"] = dt.date.fromisoformat(str(row["date"]))
            except ValueError:
                node["date"] = None
        if "eventType" in row:
            node["type"] = URIRef(str(row["eventType"]))
        if "operand" in row and row["operand"] not in node["operands"]:
            node["operands"].append(str(row["operand"]))

    def build(key: str, seen: frozenset[str]) -> Condition:
        node = nodes[key]
        if key in seen:
            raise ValueError(f"condition {key} contains itself")
        operands = tuple(build(o, seen | {key}) for o in sorted(node["operands"]) if o in nodes)
        return Condition(key, node["kind"], node["date"], node["type"], operands)

    tops: dict[str, list[Condition]] = defaultdict(list)
    for row in select(store, "condition-tops"):
        key = str(row["condition"])
        if key in nodes:
            tops[str(row["provision"])].append(build(key, frozenset()))
    return {provision: tuple(sorted(found, key=lambda c: c.node)) for provision, found in tops.items()}


def fetch_survives(store: KnowledgeStore) -> dict[str, list[str]]:
    """Event types each provision is stated to survive."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in select(store, "survives"):
        found[str(row["provision"])].append(str(row["eventType"]))
    return dict(found)


def describe(condition: Condition) -> str:
    """A condition in words.

    Examples
    --------
    >>> agi = Condition("c1", "event", event_type=AGI_DECLARED)
    >>> describe(Condition("c3", "any-of", operands=(agi, Condition("c2", "date", on_date=dt.date(2031, 1, 1)))))
    'first of: AGI declared; on 2031-01-01'
    """
    if condition.kind == "date":
        return f"on {condition.on_date.isoformat()}" if condition.on_date else "on an unknown date"
    if condition.kind == "event":
        return humanize(str(condition.event_type)) if condition.event_type else "an unknown event"
    parts = "; ".join(describe(op) for op in condition.operands)
    return f"first of: {parts}" if condition.kind == "any-of" else f"all of: {parts}"


def describe_all(conditions: Sequence[Condition]) -> str:
    """Several end conditions (whichever comes first) in words; empty when there are none."""
    if len(conditions) == 1:
        return describe(conditions[0])
    return "first of: " + "; ".join(describe(c) for c in conditions) if conditions else ""


def earliest_end(conditions: Sequence[Condition], verifies: Verifies | None = None) -> str | None:
    """The ISO date the conditions end the provision if no event ever happens (None: no date)."""
    dates = [holds_from(c, [], dict(verifies or {})) for c in conditions]
    found = [d[0] for d in dates if d is not None]
    return min(found).isoformat() if found else None


def agi_event_types(verifies: Verifies | None = None, agi: URIRef = AGI_DECLARED) -> list[URIRef]:
    """AGI declared and every event type that verifies it, declarations first.

    Examples
    --------
    >>> verified = URIRef(AKG + "AGIVerified")
    >>> [humanize(t) for t in agi_event_types({verified: {AGI_DECLARED}})]
    ['AGI declared', 'AGI verified']
    """
    verifies = verifies or {}
    types = {agi} | {t for t, verified in verifies.items() if agi in verified}
    return sorted(types, key=lambda t: (len(verifies.get(t, ())), str(t)))


def _sufficient(condition: Condition, event_type: URIRef, verifies: Verifies) -> bool:
    """Whether an event of ``event_type`` alone makes ``condition`` hold."""
    if condition.kind == "event":
        return condition.event_type == event_type or condition.event_type in verifies.get(event_type, set())
    if condition.kind == "any-of":
        return any(_sufficient(op, event_type, verifies) for op in condition.operands)
    if condition.kind == "all-of":
        return bool(condition.operands) and all(_sufficient(op, event_type, verifies) for op in condition.operands)
    return False


def _mentions(condition: Condition, types: set[URIRef]) -> bool:
    if condition.kind == "event":
        return condition.event_type in types
    return any(_mentions(op, types) for op in condition.operands)


def agi_exposure(conditions: Sequence[Condition], survives: Iterable[str] = (),
                 verifies: Verifies | None = None) -> tuple[str, str | None]:
    """The exposure of a provision to AGI and the AGI event type that ends it (if one does).

    Examples
    --------
    >>> verified = URIRef(AKG + "AGIVerified")
    >>> verifies = {verified: {AGI_DECLARED}}
    >>> ends = Condition("c", "any-of", operands=(Condition("e", "event", event_type=verified),
    ...                                           Condition("d", "date", on_date=dt.date(2031, 1, 1))))
    >>> agi_exposure([ends], verifies=verifies)
    ('ends at AGI verified', 'https://w3id.org/alliance-kg/ontology#AGIVerified')
    >>> agi_exposure([Condition("d", "date", on_date=dt.date(2033, 1, 1))], [str(verified)], verifies)
    ('survives AGI', None)
    """
    verifies = verifies or {}
    types = agi_event_types(verifies)
    for event_type in types:
        if any(_sufficient(c, event_type, verifies) for c in conditions):
            return f"ends at {humanize(str(event_type))}", str(event_type)
    if any(_mentions(c, set(types)) for c in conditions):
        return ENDS_WITH_OTHERS, None
    if {str(t) for t in types} & set(survives):
        return SURVIVES, None
    return UNAFFECTED, None


__all__ = [
    "AGI_DECLARED", "ENDS_WITH_OTHERS", "SURVIVES", "UNAFFECTED", "Condition", "agi_event_types", "agi_exposure",
    "describe", "describe_all", "earliest_end", "fetch_conditions", "fetch_survives", "fetch_verifies",
]
