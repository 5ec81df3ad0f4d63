"""``alliancekg rights``, ``alliancekg timeline`` and ``alliancekg scenario``: provisions in force
at a date under a scenario of events."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.table import Table

from alliancekg.app import OutputFormat, app, console, fail, settings
from alliancekg.graph.rights.evaluation import (
    ENDED,
    IN_FORCE,
    NOT_YET,
    PENDING,
    ProvisionState,
    resolve_organization,
    rights_at,
    timeline,
)
from alliancekg.graph.rights.observations import ScenarioObservation, measures, parse_observation, stored_observations
from alliancekg.graph.rights.scenarios import (
    ScenarioError,
    ScenarioEvent,
    event_types,
    list_scenarios,
    load_scenario,
    parse_event,
    save_scenario,
)
from alliancekg.graph.store import KnowledgeStore, StoreError
from alliancekg.graph.store.terms import TermError, compact, make_date, make_iri

STATE_STYLE = {IN_FORCE: "green", ENDED: "red", NOT_YET: "yellow", PENDING: "magenta"}

scenario_app = typer.Typer(help="Store named scenarios of events for SPARQL users (graphs under /scenario/).",
                           no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")

EventOption = Annotated[list[str] | None, typer.Option("--event", "-e",
                        help="An event of the scenario, TYPE@YYYY-MM-DD (e.g. agi-verified@2028-06-30).")]
ObserveOption = Annotated[list[str] | None, typer.Option("--observe", "-o",
                          help="A value observed in the scenario, MEASURE=VALUE@YYYY-MM-DD "
                               "(e.g. amd-openai-gw-delivered=2@2027-06-30).")]
ScenarioOption = Annotated[str | None, typer.Option("--scenario", help="Use the events of a stored scenario.")]
TermsOption = Annotated[str | None, typer.Option("--terms-as-of", help="Evaluate the terms as they stood on this "
                       "date (YYYY-MM-DD): later agreements and amendments are ignored.")]
GroupOption = Annotated[bool, typer.Option("--group", help="With --holder: provisions held by any organization "
                                           "of the holder's group (parents, subsidiaries, controlled).")]
HolderOption = Annotated[str | None, typer.Option("--holder", help="Only provisions held by this organization "
                                                  "(CURIE, IRI, label or alias).")]


def scenario_events(store: KnowledgeStore, specs: list[str] | None, scenario: str | None) -> list[ScenarioEvent]:
    """Events from ``--event`` options and/or a stored ``--scenario``."""
    events = load_scenario(store, scenario) if scenario else []
    if specs:
        known = event_types(store)
        events += [parse_event(spec, known) for spec in specs]
    return sorted(events)


def scenario_observations(store: KnowledgeStore, specs: list[str] | None,
                          scenario: str | None) -> list[ScenarioObservation]:
    """Observations from ``--observe`` options and/or a stored ``--scenario``."""
    from alliancekg.graph.rights.scenarios import scenario_graph

    observations = stored_observations(store, scenario_graph(scenario)) if scenario else []
    if specs:
        known = measures(store)
        observations += [parse_observation(spec, known) for spec in specs]
    return sorted(observations)


def resolve_holder(store: KnowledgeStore, holder: str | None, group: bool) -> str | None:
    """The holder's node: among holders of provisions, or (``--group``) among all organizations."""
    if holder is None:
        if group:
            raise ScenarioError("--group needs --holder")
        return None
    if group:
        from alliancekg.graph.rights.groups import resolve_name

        return resolve_name(store, holder).node
    return resolve_organization(store, holder)


def _parse_date(text: str, option: str = "--at") -> dt.date:
    try:
        return make_date(text).toPython()
    except TermError as exc:
        raise ScenarioError(f"{option}: {exc}") from exc


def _print_states(states: list[ProvisionState], at: dt.date, events: list[ScenarioEvent], fmt: OutputFormat,
                  observations: list[ScenarioObservation] | None = None) -> None:
    observations = observations or []
    if fmt is OutputFormat.json:
        typer.echo(json.dumps({"at": at.isoformat(), "events": [str(e) for e in events],
                               "observations": [str(o) for o in observations],
                               "provisions": [s.record() for s in states]}, indent=2))
        return
    scenario = ", ".join([*(str(e) for e in events), *(str(o) for o in observations)]) or "no events"
    table = Table(title=f"Provisions at {at.isoformat()} ({scenario})")
    for column in ("state", "provision", "kind", "holder", "since", "ends / ended", "open qualifications"):
        table.add_column(column, overflow="fold")
    for s in states:
        end = f"{s.end.on.isoformat()} ({s.end.cause}: {compact(s.end.by) if s.end.by else 'unnamed condition'})" \
            if s.end else "no end stated"
        style = STATE_STYLE.get(s.state, "")
        table.add_row(f"[{style}]{s.state}[/]" if style else s.state, s.label, s.kind, s.holder,
                      s.start.isoformat() if s.start else "?", end,
                      "; ".join([*(f"waiting for: {c}" for c in s.open_conditions), *s.qualifications]))
    console.print(table)


@app.command("rights")
def rights_command(
    at: Annotated[str, typer.Option("--at", help="The date to evaluate at, YYYY-MM-DD.")],
    event: EventOption = None,
    observe: ObserveOption = None,
    scenario: ScenarioOption = None,
    holder: HolderOption = None,
    group: GroupOption = False,
    agreement: Annotated[str | None, typer.Option("--agreement", help="Only this agreement (CURIE or IRI).")] = None,
    terms_as_of: TermsOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Every provision's state at a date: in force, pending (which start condition is open), not yet in
    force, or ended (by what, when)."""
    try:
        date = _parse_date(at)
        terms = _parse_date(terms_as_of, "--terms-as-of") if terms_as_of else None
        with settings.open(read_only=True) as store:
            events = scenario_events(store, event, scenario)
            observations = scenario_observations(store, observe, scenario)
            holder_iri = resolve_holder(store, holder, group)
            agreement_iri = str(make_iri(agreement)) if agreement else None
            states = rights_at(store, date, events, holder=holder_iri, agreement=agreement_iri, terms_as_of=terms,
                               observations=observations, group=group)
        if agreement_iri and not states:
            raise ScenarioError(f"no provisions for agreement {agreement!r}")
    except (ScenarioError, TermError) as exc:
        raise fail(str(exc)) from exc
    _print_states(states, date, events, fmt, observations)


@app.command("timeline")
def timeline_command(
    event: EventOption = None,
    observe: ObserveOption = None,
    scenario: ScenarioOption = None,
    holder: HolderOption = None,
    group: GroupOption = False,
    terms_as_of: TermsOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The dates at which any provision starts, vests or ends under a scenario, with what changes."""
    try:
        terms = _parse_date(terms_as_of, "--terms-as-of") if terms_as_of else None
        with settings.open(read_only=True) as store:
            events = scenario_events(store, event, scenario)
            observations = scenario_observations(store, observe, scenario)
            holder_iri = resolve_holder(store, holder, group)
            changes = timeline(store, events, holder=holder_iri, terms_as_of=terms, observations=observations,
                               group=group)
    except (ScenarioError, TermError) as exc:
        raise fail(str(exc)) from exc
    if fmt is OutputFormat.json:
        typer.echo(json.dumps([{"date": d.isoformat(), "change": change, "provision": s.provision,
                                "label": s.label, "holder": s.holder,
                                "qualifications": list(s.qualifications),
                                "by": s.end.by if change.startswith("ends") and s.end else None}
                               for d, change, s in changes], indent=2))
        return
    table = Table(title=f"Timeline ({', '.join(str(e) for e in events) or 'no events'})")
    for column in ("date", "change", "provision", "holder", "by", "open qualifications"):
        table.add_column(column, overflow="fold")
    for d, change, s in changes:
        by = compact(s.end.by) if change.startswith("ends") and s.end and s.end.by else ""
        table.add_row(d.isoformat(), change, s.label, s.holder, by, "; ".join(s.qualifications))
    console.print(table)


@scenario_app.command("save")
def scenario_save(
    name: Annotated[str, typer.Argument(help="Scenario name (letters, digits, - _ .).")],
    event: EventOption = None,
    observe: ObserveOption = None,
) -> None:
    """Store a scenario (events and observations) as a named graph, so the rights-at query can use it over SPARQL."""
    try:
        with settings.open() as store:
            events = scenario_events(store, event, None)
            observations = scenario_observations(store, observe, None)
            graph = save_scenario(store, name, events, observations)
    except (ScenarioError, TermError, StoreError) as exc:
        raise fail(str(exc)) from exc
    console.print(f"saved {len(events)} event(s) and {len(observations)} observation(s) in {graph}")


@scenario_app.command("list")
def scenario_list() -> None:
    """List stored scenarios and their events."""
    from alliancekg.graph.rights.scenarios import scenario_graph

    with settings.open(read_only=True) as store:
        for name in list_scenarios(store):
            items = [str(e) for e in load_scenario(store, name)]
            items += [str(o) for o in stored_observations(store, scenario_graph(name))]
            console.print(f"{name}: {', '.join(items) or 'no events'}")


@scenario_app.command("drop")
def scenario_drop(name: Annotated[str, typer.Argument(help="Scenario to remove.")]) -> None:
    """Remove a stored scenario."""
    from alliancekg.graph.rights.scenarios import scenario_graph

    try:
        with settings.open() as store:
            store.drop_graph(scenario_graph(name))
    except (ScenarioError, StoreError) as exc:
        raise fail(str(exc)) from exc
    console.print(f"dropped {name}")
