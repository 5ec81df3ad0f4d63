"""Rights in force: the state of every provision at a date under a scenario of events.

Semantics (the same as the ``rights-at`` catalog query, which the tests hold it to):

- A provision starts on its own ``akg:startDate``, else its agreement's effective date, else
  the agreement's announced date; with none of these its start is unknown.
- It ends at the first date on which one of its ``akg:endsWhen`` conditions holds
  (several end conditions: whichever comes first). A date condition holds from its date on;
  an event condition from the first scenario event of its type, or of a type that verifies
  it (AGI verified implies AGI declared); any-of holds from its earliest operand; all-of from
  its latest, and only once all operands hold.
- It also ends when an agreement that supersedes or revokes it (or supersedes its whole
  agreement), or a provision that supersedes it, takes effect.
- With ``terms_as_of`` the terms are taken as they stood on that date: provisions starting and
  agreements taking effect after it are ignored ("under the October 2025 terms, what if…").
- It comes into force (a tranche vests) only once all of its ``akg:startsWhen`` conditions hold;
  a threshold condition holds from the first observation of its measure at or above its
  threshold (observations the data records, plus the scenario's).
- At a date D it is *not yet in force* before its start, *ended* from its end date on,
  *pending* while a start condition is open (the open conditions are listed), and *in
  force* otherwise. Events and observations count once they occurred on or before D; those the
  data records as having happened count in every scenario. Qualifications that no machine can
  check ("subject to safety guardrails") are listed as open, never taken as met.

:func:`evaluate` is pure; :func:`rights_at` fetches the data from any store and evaluates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal

from rdflib import URIRef

from alliancekg.graph.rights.cache import cached, gc_paused, store_cached
from alliancekg.graph.rights.fetching import (
    AGREEMENT_DATES_QUERY,
    ALL_CONDITIONS_QUERY,
    COUNTERPARTIES_QUERY,
    END_CONDITIONS_QUERY,
    HOLDERS_QUERY,
    OWN_STARTS_QUERY,
    PROVISION_TYPES_QUERY,
    QUALIFICATIONS_QUERY,
    REPLACING_QUERY,
    SCOPED_CONDITIONS_QUERY,
    START_CONDITIONS_QUERY,
    SUPERSESSION_QUERIES,
    class_hierarchy,
    date_of,
    iri,
    key,
    most_specific_kinds,
    replacement_dates,
    rows,
    scoped,
)
from alliancekg.graph.rights.observations import ScenarioObservation, stored_events, stored_observations
from alliancekg.graph.rights.scenarios import ScenarioError, ScenarioEvent
from alliancekg.graph.store import KnowledgeStore, OxigraphStore
from alliancekg.graph.store.terms import TermError, compact, make_iri

IN_FORCE = "in force"
NOT_YET = "not yet in force"
ENDED = "ended"
PENDING = "pending"
UNKNOWN_START = "start unknown"


@dataclass(frozen=True)
class Condition:
    """A start or end condition: ``kind`` is date, event, threshold, any-of or all-of."""

    node: str
    kind: str
    on_date: dt.date | None = None
    event_type: URIRef | None = None
    operands: tuple[Condition, ...] = ()
    measure: URIRef | None = None
    threshold: Decimal | None = None
    label: str = ""


@dataclass(frozen=True)
class Supersession:
    """Something that replaces or revokes a provision on a date."""

    by: str
    how: str  # "superseded" or "revoked"
    on: dt.date


@dataclass(frozen=True)
class Provision:
    """What the evaluator needs to know about a provision."""

    iri: str
    label: str
    kind: str
    agreement: str
    start: dt.date | None
    holders: tuple[str, ...] = ()
    holder_labels: tuple[str, ...] = ()
    counterparties: tuple[str, ...] = ()
    end_conditions: tuple[Condition, ...] = ()
    supersessions: tuple[Supersession, ...] = ()
    qualifications: tuple[str, ...] = ()
    start_conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class End:
    """When and why a provision ends (under a scenario)."""

    on: dt.date
    cause: str  # "date", "event", "superseded", "revoked"
    by: str  # the condition, event type or agreement responsible


@dataclass(frozen=True)
class ProvisionState:
    """The state of a provision at a date."""

    provision: str
    label: str
    kind: str
    agreement: str
    holder: str
    start: dt.date | None
    state: str
    end: End | None
    qualifications: tuple[str, ...] = field(default_factory=tuple)
    vested_on: dt.date | None = None
    open_conditions: tuple[str, ...] = field(default_factory=tuple)

    def record(self) -> dict[str, object]:
        """A flat, JSON-friendly record."""
        data = asdict(self)
        data["start"] = self.start.isoformat() if self.start else None
        data["vested_on"] = self.vested_on.isoformat() if self.vested_on else None
        data["open_conditions"] = list(self.open_conditions)
        data["end_date"] = self.end.on.isoformat() if self.end else None
        data["end_cause"] = self.end.cause if self.end else None
        data["ended_by"] = self.end.by if self.end else None
        data["qualifications"] = list(self.qualifications)
        del data["end"]
        return data


# -- pure evaluation -----------------------------------------------------------------------------

def _matches(event_type: URIRef, wanted: URIRef, verifies: dict[URIRef, set[URIRef]]) -> bool:
    return event_type == wanted or wanted in verifies.get(event_type, set())


def holds_from(condition: Condition, events: Sequence[ScenarioEvent],
               verifies: dict[URIRef, set[URIRef]],
               observations: Sequence[ScenarioObservation] = ()) -> tuple[dt.date, str, str] | None:
    """The first date on which ``condition`` holds under ``events``, with its cause; None if never.

    Examples
    --------
    >>> from alliancekg.ontology.namespaces import AKG
    >>> agi = Condition("c1", "event", event_type=AKG.AGIVerified)
    >>> end_2030 = Condition("c2", "date", on_date=dt.date(2031, 1, 1))
    >>> either = Condition("c3", "any-of", operands=(agi, end_2030))
    >>> holds_from(either, [], {})[0]
    datetime.date(2031, 1, 1)
    >>> holds_from(either, [ScenarioEvent(dt.date(2028, 6, 30), AKG.AGIVerified)], {})[:2]
    (datetime.date(2028, 6, 30), 'event')
    """
    if condition.kind == "date":
        return (condition.on_date, "date", condition.node) if condition.on_date else None
    if condition.kind == "event":
        dates = [e for e in events if condition.event_type and _matches(e.event_type, condition.event_type, verifies)]
        if not dates:
            return None
        first = min(dates)
        return first.occurred_on, "event", str(first.event_type)
    if condition.kind == "threshold":
        reached = [o.observed_on for o in observations
                   if o.measure == condition.measure and condition.threshold is not None
                   and o.value >= condition.threshold]
        return (min(reached), "threshold", str(condition.measure)) if reached else None
    results = [holds_from(op, events, verifies, observations) for op in condition.operands]
    if condition.kind == "any-of":
        found = [r for r in results if r is not None]
        return min(found) if found else None
    if condition.kind == "all-of":
        return max(results) if results and all(r is not None for r in results) else None
    raise ValueError(f"unknown condition kind {condition.kind!r}")


def end_of(provision: Provision, events: Sequence[ScenarioEvent],
           verifies: dict[URIRef, set[URIRef]]) -> End | None:
    """The first end of ``provision`` under ``events``: by condition or by supersession."""
    candidates = [holds_from(c, events, verifies) for c in provision.end_conditions]
    candidates = [c for c in candidates if c is not None]
    candidates += [(s.on, s.how, s.by) for s in provision.supersessions]
    if not candidates:
        return None
    on, cause, by = min(candidates)
    return End(on, cause, by)


def leaves(condition: Condition) -> list[Condition]:
    """The date, event and threshold conditions a condition is made of."""
    if condition.kind in ("any-of", "all-of"):
        return [leaf for operand in condition.operands for leaf in leaves(operand)]
    return [condition]


def vesting_of(provision: Provision, events: Sequence[ScenarioEvent], verifies: dict[URIRef, set[URIRef]],
               observations: Sequence[ScenarioObservation] = (),
               at: dt.date | None = None) -> tuple[dt.date | None, tuple[str, ...]]:
    """When all start conditions of ``provision`` hold (None if not yet), and the open leaf conditions.

    With ``at``, a condition that holds only after ``at`` (a start date still to come) is open.

    Examples
    --------
    >>> from alliancekg.ontology.namespaces import EVT
    >>> gw = Condition("c1", "threshold", measure=EVT.gw, threshold=Decimal(1), label="1 GW delivered")
    >>> tranche = Provision("p", "tranche", "right", "a", dt.date(2025, 10, 5), start_conditions=(gw,))
    >>> vesting_of(tranche, [], {})
    (None, ('1 GW delivered',))
    >>> vesting_of(tranche, [], {}, [ScenarioObservation(dt.date(2027, 6, 30), EVT.gw, Decimal(2))])
    (datetime.date(2027, 6, 30), ())
    >>> in_2027 = Condition("c2", "date", on_date=dt.date(2027, 1, 1), label="start of 2027")
    >>> vesting_of(replace(tranche, start_conditions=(in_2027,)), [], {}, at=dt.date(2026, 6, 1))
    (None, ('start of 2027',))
    """
    def held_by_then(condition: Condition) -> tuple[dt.date, str, str] | None:
        found = holds_from(condition, events, verifies, observations)
        return None if found is None or (at is not None and found[0] > at) else found

    held = [held_by_then(c) for c in provision.start_conditions]
    open_leaves = tuple(sorted({leaf.label or leaf.node for c in provision.start_conditions for leaf in leaves(c)
                                if held_by_then(leaf) is None}))
    if any(h is None for h in held):
        return None, open_leaves
    return (max(h[0] for h in held) if held else None), open_leaves


def as_of(provisions: Iterable[Provision], terms_as_of: dt.date | None) -> list[Provision]:
    """The provisions as the terms stood on ``terms_as_of``: later provisions and supersessions dropped."""
    if terms_as_of is None:
        return list(provisions)
    return [
        replace(p, supersessions=tuple(s for s in p.supersessions if s.on <= terms_as_of))
        for p in provisions
        if p.start is None or p.start <= terms_as_of
    ]


class _Scenario:
    """:func:`holds_from` for many conditions under one scenario, each event type and measure looked up once."""

    def __init__(self, events: Sequence[ScenarioEvent], verifies: dict[URIRef, set[URIRef]],
                 observations: Sequence[ScenarioObservation] = ()) -> None:
        self.events, self.verifies, self.observations = events, verifies, observations
        self.first_events: dict[URIRef, tuple[dt.date, str, str] | None] = {}
        self.reached: dict[tuple[URIRef | None, Decimal | None], tuple[dt.date, str, str] | None] = {}
        self.held: dict[int, tuple[Condition, tuple[dt.date, str, str] | None]] = {}

    def first_event(self, wanted: URIRef) -> tuple[dt.date, str, str] | None:
        if wanted not in self.first_events:
            matching = [e for e in self.events if _matches(e.event_type, wanted, self.verifies)]
            first = min(matching) if matching else None
            self.first_events[wanted] = (first.occurred_on, "event", str(first.event_type)) if first else None
        return self.first_events[wanted]

    def first_reached(self, measure: URIRef | None, threshold: Decimal | None) -> tuple[dt.date, str, str] | None:
        if (measure, threshold) not in self.reached:
            dates = [o.observed_on for o in self.observations
                     if o.measure == measure and threshold is not None and o.value >= threshold]
            self.reached[(measure, threshold)] = (min(dates), "threshold", str(measure)) if dates else None
        return self.reached[(measure, threshold)]

    def holds(self, condition: Condition) -> tuple[dt.date, str, str] | None:
        """The same answer as :func:`holds_from` with this scenario's events and observations."""
        found = self.held.get(id(condition))
        if found is not None and found[0] is condition:
            return found[1]
        if condition.kind == "date":
            result = (condition.on_date, "date", condition.node) if condition.on_date else None
        elif condition.kind == "event":
            result = self.first_event(condition.event_type) if condition.event_type else None
        elif condition.kind == "threshold":
            result = self.first_reached(condition.measure, condition.threshold)
        else:
            results = [self.holds(op) for op in condition.operands]
            if condition.kind == "any-of":
                present = [r for r in results if r is not None]
                result = min(present) if present else None
            elif condition.kind == "all-of":
                result = max(results) if results and all(r is not None for r in results) else None
            else:
                raise ValueError(f"unknown condition kind {condition.kind!r}")
        self.held[id(condition)] = (condition, result)
        return result


def _end(provision: Provision, ends: _Scenario) -> End | None:
    candidates = [held for held in map(ends.holds, provision.end_conditions) if held is not None]
    candidates += [(s.on, s.how, s.by) for s in provision.supersessions]
    if not candidates:
        return None
    on, cause, by = min(candidates)
    return End(on, cause, by)


def _vesting(provision: Provision, starts: _Scenario, at: dt.date) -> tuple[dt.date | None, tuple[str, ...]]:
    """As :func:`vesting_of`: a condition that holds only after ``at`` (a start date still to come) is open."""
    if not provision.start_conditions:
        return None, ()

    def held_by_then(condition: Condition) -> tuple[dt.date, str, str] | None:
        found = starts.holds(condition)
        return None if found is None or found[0] > at else found

    held = [held_by_then(c) for c in provision.start_conditions]
    open_leaves = tuple(sorted({leaf.label or leaf.node for c in provision.start_conditions for leaf in leaves(c)
                                if held_by_then(leaf) is None}))
    if any(h is None for h in held):
        return None, open_leaves
    return max(h[0] for h in held), open_leaves


def evaluate(provisions: Iterable[Provision], at: dt.date, events: Sequence[ScenarioEvent] = (),
             verifies: dict[URIRef, set[URIRef]] | None = None,
             terms_as_of: dt.date | None = None,
             observations: Sequence[ScenarioObservation] = ()) -> list[ProvisionState]:
    """The state of each provision at ``at`` given the scenario ``events`` and ``observations`` (pure).

    Only events and observations on or before ``at`` count; an end after ``at`` is reported but
    the provision is still in force. ``terms_as_of`` evaluates the terms as they stood on that date.
    Each condition is evaluated once per call, however many provisions share it.
    """
    with gc_paused():  # many small objects, no cycles
        return _evaluate(provisions, at, events, verifies or {}, terms_as_of, observations)


def _evaluate(provisions: Iterable[Provision], at: dt.date, events: Sequence[ScenarioEvent],
              verifies: dict[URIRef, set[URIRef]], terms_as_of: dt.date | None,
              observations: Sequence[ScenarioObservation]) -> list[ProvisionState]:
    counted = [e for e in events if e.occurred_on <= at]
    observed = [o for o in observations if o.observed_on <= at]
    ends, starts = _Scenario(counted, verifies), _Scenario(counted, verifies, observed)
    states = []
    for provision in as_of(provisions, terms_as_of):
        end = _end(provision, ends)
        vested_on, open_leaves = _vesting(provision, starts, at)
        pending = bool(provision.start_conditions) and vested_on is None
        if provision.start is None:
            state = UNKNOWN_START
        elif at < provision.start:
            state = NOT_YET
        elif end is not None and end.on <= at:
            state = ENDED
        elif pending:
            state = PENDING
        else:
            state = IN_FORCE
        states.append(ProvisionState(
            provision=provision.iri, label=provision.label, kind=provision.kind, agreement=provision.agreement,
            holder=" | ".join(provision.holder_labels), start=provision.start, state=state, end=end,
            qualifications=provision.qualifications, vested_on=vested_on,
            open_conditions=open_leaves if pending else (),
        ))
    return sorted(states, key=lambda s: (s.agreement, s.label, s.provision))


# -- fetching from a store -----------------------------------------------------------------------

#: Direct links only; :func:`fetch_verifies` closes them (Virtuoso refuses ``?a akg:verifies+ ?b``
#: with neither end given: "transitive start not given").
VERIFIES_QUERY = "SELECT ?type ?verified WHERE { ?type akg:verifies ?verified }"

KIND_NAMES = {
    "DateCondition": "date", "EventCondition": "event", "AnyOfCondition": "any-of", "AllOfCondition": "all-of",
    "ThresholdCondition": "threshold",
}


def _build_conditions(store: KnowledgeStore, holders: Collection[str] | None) -> dict[str, dict]:
    """The condition nodes (kind, date, event type, operands…) the provisions in scope may use."""
    nodes: dict[str, dict] = {}
    text = ALL_CONDITIONS_QUERY if holders is None else scoped(SCOPED_CONDITIONS_QUERY, holders)
    for row in rows(store, text):
        node = nodes.setdefault(key(row["condition"]), {"kind": None, "date": None, "type": None, "operands": set(),
                                                        "measure": None, "threshold": None, "label": ""})
        if "measure" in row:
            node["measure"] = iri(row["measure"])
        if "threshold" in row:
            node["threshold"] = Decimal(key(row["threshold"]))
        if "label" in row:
            node["label"] = key(row["label"])
        node["kind"] = KIND_NAMES[key(row["kind"]).rsplit("#", 1)[-1]]
        node["date"] = date_of(row.get("date")) or node["date"]
        if "eventType" in row:
            node["type"] = iri(row["eventType"])
        if "operand" in row:
            node["operands"].add(key(row["operand"]))
    return nodes


def _condition_builder(nodes: dict[str, dict]):
    """A function building the :class:`Condition` tree of a node (each node built once)."""
    built: dict[str, Condition] = {}

    def build(name: str, depth: int = 0) -> Condition:
        if name in built:
            return built[name]
        node = nodes[name]
        if depth > 10:
            raise ValueError(f"condition {name} nests too deeply (cycle?)")
        # In the order of what they say: blank-node names differ from store to store.
        operands = tuple(sorted((build(o, depth + 1) for o in node["operands"] if o in nodes), key=condition_key))
        # Blank-node conditions have no stable name to report (the query reports them as unnamed too).
        condition = Condition("" if name.startswith("_:") else name, node["kind"], node["date"], node["type"],
                              operands, node["measure"], node["threshold"], node["label"])
        built[name] = condition
        return condition

    return build


def _base_records(store: KnowledgeStore, holders: Collection[str] | None) -> dict[str, dict]:
    """Label, kind, agreement, start, holders and counterparties of each provision in scope."""
    kinds, supers = class_hierarchy(store)
    types: dict[str, list[str]] = defaultdict(list)
    base: dict[str, dict] = {}
    for row in rows(store, scoped(PROVISION_TYPES_QUERY, holders)):
        name = key(row["provision"])
        types[name].append(key(row["type"]))
        entry = base.setdefault(name, {"label": key(row["label"]), "agreement": key(row["agreement"]),
                                       "holders": [], "holder_labels": [], "counterparties": []})
        # With several labels the least one, whatever the row order.
        entry["label"] = min(entry["label"], key(row["label"]))
    for name in list(base):
        found = most_specific_kinds(types[name], kinds, supers)
        if found:
            base[name]["kind"] = found[0]
        else:
            del base[name]
    # COALESCE(own start, effective date, announced date), then read as a date (a month is not one).
    agreement_dates: dict[str, object] = {}
    for row in rows(store, scoped(AGREEMENT_DATES_QUERY, holders)):
        agreement_dates.setdefault(key(row["agreement"]), row.get("effective", row.get("announced")))
    own_starts: dict[str, object] = {}
    for row in rows(store, scoped(OWN_STARTS_QUERY, holders)):
        own_starts.setdefault(key(row["provision"]), row["start"])
    for name, entry in base.items():
        entry["start"] = date_of(own_starts.get(name, agreement_dates.get(entry["agreement"])))
    for row in rows(store, scoped(HOLDERS_QUERY, holders)):
        entry = base.get(key(row["provision"]))
        holder = key(row["holder"])
        if entry is None:
            continue
        label = key(row.get("holderLabel", row["holder"]))
        if holder not in entry["holders"]:
            entry["holders"].append(holder)
            entry["holder_labels"].append(label)
        else:
            at = entry["holders"].index(holder)
            entry["holder_labels"][at] = min(entry["holder_labels"][at], label)
    for row in rows(store, scoped(COUNTERPARTIES_QUERY, holders)):
        entry = base.get(key(row["provision"]))
        counterparty = key(row["counterparty"])
        if entry is not None and counterparty not in entry["counterparties"]:
            entry["counterparties"].append(counterparty)
    return base


def fetch_provisions(store: KnowledgeStore, holders: Collection[str] | None = None) -> list[Provision]:
    """Read every provision with its conditions, supersessions and qualifications.

    With ``holders`` only the provisions those organizations hold are read (see
    :mod:`alliancekg.graph.rights.fetching`).
    """
    base = _base_records(store, holders)
    build = _condition_builder(_build_conditions(store, holders))
    tops: dict[str, list[Condition]] = defaultdict(list)
    starts: dict[str, list[Condition]] = defaultdict(list)
    for text, found in ((END_CONDITIONS_QUERY, tops), (START_CONDITIONS_QUERY, starts)):
        seen: set[tuple[str, str]] = set()
        for row in rows(store, scoped(text, holders)):
            pair = (key(row["provision"]), key(row["condition"]))
            if holders is not None and pair in seen:
                continue  # a provision held by two of the holders comes twice
            seen.add(pair)
            try:
                found[pair[0]].append(build(pair[1]))
            except KeyError:
                continue
    supersessions: dict[str, set[Supersession]] = defaultdict(set)
    found = [(how, (row["provision"], row["by"], row.get("on")))
             for how, text in SUPERSESSION_QUERIES for row in rows(store, scoped(text, holders))]
    found += [("superseded", replaced) for replaced in replacement_dates(rows(store, scoped(REPLACING_QUERY, holders)))]
    for how, (provision, by, on_term) in found:
        on = date_of(on_term)
        if on is not None:
            supersessions[key(provision)].add(Supersession(key(by), how, on))
    qualifications: dict[str, set[str]] = defaultdict(set)
    for row in rows(store, scoped(QUALIFICATIONS_QUERY, holders)):
        qualifications[key(row["provision"])].add(key(row["text"]))

    # Every list in the order of a stable key, never in the order the store returned its rows.
    provisions = []
    for name in sorted(base):
        e = base[name]
        holders_and_labels = sorted(zip(e["holders"], e["holder_labels"], strict=True))
        provisions.append(Provision(
            iri=name, label=e["label"], kind=e["kind"], agreement=e["agreement"], start=e["start"],
            holders=tuple(h for h, _ in holders_and_labels), holder_labels=tuple(lb for _, lb in holders_and_labels),
            counterparties=tuple(sorted(e["counterparties"])),
            end_conditions=tuple(sorted(tops.get(name, ()), key=condition_key)),
            supersessions=tuple(sorted(supersessions.get(name, ()), key=lambda s: (s.on, s.by))),
            qualifications=tuple(sorted(qualifications.get(name, ()))),
            start_conditions=tuple(sorted(starts.get(name, ()), key=condition_key)),
        ))
    return provisions


def condition_key(condition: Condition) -> tuple:
    """A stable sort key of a condition (its node, else what it says).

    Examples
    --------
    >>> a, b = Condition("", "date", on_date=dt.date(2030, 1, 1)), Condition("urn:c", "event")
    >>> [c.kind for c in sorted([b, a], key=condition_key)]
    ['date', 'event']
    """
    return (condition.node, condition.kind, condition.label, str(condition.on_date or ""),
            str(condition.event_type or ""), str(condition.measure or ""), str(condition.threshold or ""),
            tuple(condition_key(o) for o in condition.operands))


def fetch_verifies(store: KnowledgeStore) -> dict[URIRef, set[URIRef]]:
    """For each event type, the event types it verifies (transitively)."""
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for row in store.query(VERIFIES_QUERY).rows:
        direct[row["type"]].add(row["verified"])
    verifies: dict[URIRef, set[URIRef]] = {}
    for start in direct:
        reached, frontier = set(), [start]
        while frontier:
            for verified in direct.get(frontier.pop(), ()):
                if verified not in reached:
                    reached.add(verified)
                    frontier.append(verified)
        verifies[start] = reached
    return verifies


def _holders(store: KnowledgeStore, holder: str | None, group: bool) -> set[str] | None:
    """``holder`` (with ``group``, every member of its group) as a set; None for every holder."""
    if holder is None:
        return None
    if not group:
        return {holder}
    from alliancekg.graph.rights.groups import group_members

    return {node for node, _ in group_members(store, holder)}


def _shape(*classes: type) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The names and fields of ``classes``: what kept data made of them depends on."""
    return tuple((c.__qualname__, tuple(f.name for f in fields(c))) for c in classes)


#: What the provisions and recorded facts kept on disk are made of: a file written before a
#: field was added or renamed is not read (:mod:`alliancekg.graph.rights.cache`).
KEPT_SHAPE = _shape(Provision, Condition, Supersession, ScenarioEvent, ScenarioObservation)


def provisions_of(store: KnowledgeStore, holders: set[str] | None = None) -> list[Provision]:
    """The provisions ``holders`` hold (None: every provision), read once per store version.

    Every provision is read and kept (:mod:`alliancekg.graph.rights.cache`, in memory and on disk)
    when asked for all of them; for some holders the provisions kept in memory are filtered if
    there are any, else only those holders' provisions are read from the store (faster than
    reading every provision from disk).
    """
    # Some holders' provisions are read from the store faster than every provision from disk.
    everything = cached(store, "rights.provisions", disk=holders is None, revision=KEPT_SHAPE)
    if everything is None and holders is None:
        # Kept in the order answers list them (a stable sort: ties keep the order they were read in),
        # so that sorting each answer's states costs one pass.
        everything = store_cached(store, "rights.provisions", lambda: tuple(
            sorted(fetch_provisions(store), key=lambda p: (p.agreement, p.label))), revision=KEPT_SHAPE)
    if everything is None:
        return fetch_provisions(store, holders)
    return [p for p in everything if holders is None or holders.intersection(p.holders)]


def store_facts(store: KnowledgeStore) -> tuple[dict[URIRef, set[URIRef]], list[ScenarioEvent],
                                                list[ScenarioObservation]]:
    """What event types verify, and the events and observations the data records (kept per store version)."""
    return store_cached(store, "rights.facts",
                        lambda: (fetch_verifies(store), stored_events(store), stored_observations(store)),
                        revision=KEPT_SHAPE)


def warm_store(store: object) -> None:
    """Read and keep on disk what the rights engine needs from ``store``, an on-disk store open for writing.

    ``alliancekg build`` (bulk builds too) and ``alliancekg load`` call it once their write is
    committed: the first answer of the next process reads the kept data instead of the store
    (:mod:`alliancekg.graph.rights.cache`).  Anything else (an in-memory, read-only or remote
    store) is left alone.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancekg.graph.build import build_store
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> with OxigraphStore(path) as store:
    ...     warm_store(store)
    >>> sorted(p.name.split("-")[0] for p in (path / "alliancekg-cache").iterdir())
    ['rights.facts', 'rights.provisions']
    """
    if isinstance(store, OxigraphStore) and store.path is not None and not store.read_only:
        provisions_of(store)
        store_facts(store)


def rights_at(store: KnowledgeStore, at: dt.date, events: Sequence[ScenarioEvent] = (), *,
              holder: str | None = None, agreement: str | None = None,
              terms_as_of: dt.date | None = None,
              observations: Sequence[ScenarioObservation] = (), group: bool = False,
              counterparty: str | None = None,
              provisions: Sequence[Provision] | None = None) -> list[ProvisionState]:
    """The state of every provision at ``at`` under ``events`` and ``observations``, optionally for one
    holder, counterparty (the organization the provisions are held over) or agreement. The events and
    observations the data records count as well. With ``group`` the holder stands for its whole group
    (every organization linked to it by control or subsidiary facts). ``provisions`` (from
    :func:`fetch_provisions`) saves fetching them again when evaluating several times.

    Examples
    --------
    >>> import datetime as dt, tempfile, pathlib
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> states = rights_at(OxigraphStore(path), dt.date(2031, 1, 1))
    >>> next(s.state for s in states if s.provision.endswith("research-ip-until-agi-or-2030"))
    'ended'
    """
    holders = _holders(store, holder, group)
    if provisions is None:
        provisions = provisions_of(store, holders)
    else:
        provisions = [p for p in provisions if holders is None or holders.intersection(p.holders)]
    if agreement is not None:
        provisions = [p for p in provisions if p.agreement == agreement]
    if counterparty is not None:
        provisions = [p for p in provisions if counterparty in p.counterparties]
    verifies, recorded_events, recorded_observations = store_facts(store)
    return evaluate(provisions, at, [*recorded_events, *events], verifies, terms_as_of,
                    [*recorded_observations, *observations])


def timeline(store: KnowledgeStore, events: Sequence[ScenarioEvent] = (), *, holder: str | None = None,
             terms_as_of: dt.date | None = None, observations: Sequence[ScenarioObservation] = (),
             group: bool = False) -> list[tuple[dt.date, str, ProvisionState]]:
    """Every date at which a provision starts, vests or ends under the scenario, with what changes."""
    provisions = provisions_of(store, _holders(store, holder, group))
    verifies, recorded_events, recorded_observations = store_facts(store)
    far_future = dt.date(9999, 12, 31)
    changes = []
    events = [*recorded_events, *events]
    observations = [*recorded_observations, *observations]
    for state in evaluate(provisions, far_future, events, verifies, terms_as_of, observations):
        if state.start is not None:
            changes.append((state.start, "starts", state))
        if state.vested_on is not None:
            changes.append((max(state.vested_on, state.start or state.vested_on), "vests", state))
        if state.end is not None:
            changes.append((state.end.on, f"ends ({state.end.cause})", state))
    return sorted(changes, key=lambda c: (c[0], c[1], c[2].label, c[2].provision))


def states_frame(states: Sequence[ProvisionState]):
    """The states as a pandas DataFrame (needs pandas)."""
    import pandas as pd

    return pd.DataFrame([s.record() for s in states])


#: One organization holding provisions, when the bound ``?org`` holds any.
HOLDER_QUERY = "SELECT ?org WHERE { ?p akg:holder ?org } LIMIT 1"
#: The organizations holding provisions whose label or alias is exactly the bound ``?name``.
NAMED_HOLDERS_QUERY = (
    "SELECT DISTINCT ?org WHERE { { ?org rdfs:label ?name } UNION { ?org akg:alias ?name } "
    "FILTER EXISTS { ?p akg:holder ?org } }"
)
#: Every organization holding provisions with each of its labels and aliases.
ALL_HOLDER_NAMES_QUERY = (
    "SELECT DISTINCT ?org ?name WHERE { ?p akg:holder ?org . "
    "{ ?org rdfs:label ?name } UNION { ?org akg:alias ?name } }"
)


def _bound_holder(store: KnowledgeStore, text: str) -> str | None:
    """The holder ``text`` names as a CURIE or IRI, else the one whose label or alias it is as written,
    each by a lookup bound to it; None when neither finds one."""
    from rdflib import Literal

    try:
        candidate = make_iri(text)
    except TermError:
        candidate = None
    if candidate is not None and store.query(HOLDER_QUERY, {"org": candidate}).rows:
        return str(candidate)
    found = store.query(NAMED_HOLDERS_QUERY, {"name": Literal(text.strip())}).rows
    return min(str(row["org"]) for row in found) if found else None


def _holder_names(store: KnowledgeStore) -> tuple[tuple[str, str], ...]:
    """Every (organization, label or alias) of the organizations holding provisions, kept per store version."""
    def read() -> tuple[tuple[str, str], ...]:
        return tuple((str(row["org"]), str(row["name"])) for row in store.query(ALL_HOLDER_NAMES_QUERY).rows)

    return store_cached(store, "holder-names", read)


def resolve_organization(store: KnowledgeStore, text: str) -> str:
    """An organization holding provisions, from its CURIE, IRI, label or alias (case-insensitive).

    Unknown names raise :class:`ScenarioError` listing the valid choices.  The command line
    (``--holder``) and ``/api/rights?holder=`` both resolve names with it.  A CURIE, an IRI or a
    label or alias as written is found by a lookup bound to it; other spellings (another case) are
    compared with every holder's names, read once per version of the store, as is the list of
    choices an unknown name is answered with.

    Examples
    --------
    >>> from alliancekg.graph.build import build_store
    >>> import pathlib, tempfile
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> with OxigraphStore(path, read_only=True) as store:
    ...     resolve_organization(store, "microsoft") == resolve_organization(store, "ent:microsoft")
    True
    """
    found = _bound_holder(store, text)
    if found is not None:
        return found
    names = _holder_names(store)
    wanted = text.strip().casefold()
    for org, name in names:
        if wanted in (name.casefold(), compact(org).casefold(), org.casefold()):
            return org
    listed = sorted({name for _, name in names})
    raise ScenarioError(f"unknown organization {text!r}; organizations holding provisions: {', '.join(listed)}")
