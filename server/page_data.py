"""What the explorer pages show, built from a store with the queries and views the command line uses.

* :func:`org_page` — an organization (``/org/<curie-or-name>``): identity (``link resolve``,
  ``organization-links``), deals (``organization-deals``), stakes (``organization-stakes``), rights
  held and owed today and under a scenario (:func:`~alliancekg.graph.rights.evaluation.rights_at`,
  as ``alliancekg rights``), money in and out (the ``money`` view), circular deals
  (``analyze circular-deals``) and conflicts (``organization-conflicts``), each fact with its sources;
* :func:`deal_page` — an agreement (``/deal/<curie>``): its provisions' in-force intervals under a
  scenario, the history chain (``deal-chain``) and conflicts (``agreement-conflicts``);
* :func:`money_web` — the money view as it stood on a date
  (:func:`~alliancekg.graph.network.views.asof.as_of`, as ``alliancekg analyze --as-of``).

Every builder takes any :class:`~alliancekg.graph.store.KnowledgeStore` (embedded or remote).
The ``*_operation`` functions run them in the server's query workers, under its timeout,
memory bound and ``--max-results``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from alliancekg.graph.store import KnowledgeStore
from alliancekg.server.errors import OperationError

#: The date far enough ahead that every end a scenario fixes is known by then.
FAR_FUTURE = dt.date(9999, 12, 31)
SEPARATOR = " | "


class PageError(ValueError):
    """A page cannot be built: ``status`` 404 (nothing by that name) or 400 (a bad parameter)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Scenario:
    """The date and scenario (``TYPE@DATE`` events, ``MEASURE=VALUE@DATE`` observations) a page evaluates at."""

    at: dt.date
    events: tuple[str, ...] = ()
    observations: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrgJob:
    """``/api/pages/org``: the page of the organization ``name`` (label, alias, CURIE or IRI)."""

    name: str
    scenario: Scenario
    today: dt.date
    max_results: int | None = None


@dataclass(frozen=True)
class DealJob:
    """``/api/pages/deal``: the page of the agreement ``agreement`` (CURIE or IRI)."""

    agreement: str
    scenario: Scenario
    max_results: int | None = None


@dataclass(frozen=True)
class MoneyJob:
    """``/api/pages/money``: the money web as it stood on ``on`` (every flow when None)."""

    on: dt.date | None = None
    max_results: int | None = None
    layout: bool = False


def split_sources(value: object) -> list[str]:
    """The sources of a ``GROUP_CONCAT`` cell or a view attribute, as a list.

    Examples
    --------
    >>> split_sources("https://a | https://b"), split_sources(None)
    (['https://a', 'https://b'], [])
    """
    return [s for s in str(value or "").split(SEPARATOR) if s]


def _rows(store: KnowledgeStore, name: str, params: dict[str, str]) -> list[dict[str, object]]:
    from alliancekg.queries.run import run_named

    return [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
            for row in run_named(store, name, params).python_rows()]


def _curie(iri: str) -> str:
    from alliancekg.graph.store.terms import compact

    return compact(iri)


def network_sources(store: KnowledgeStore) -> dict[str, list[str]]:
    """The sources of every node (``fetch_sources``), kept per version of the store (or snapshot handle)."""
    from alliancekg.graph.network.views.records import fetch_sources
    from alliancekg.graph.rights.cache import store_cached

    return store_cached(store, "page-sources", lambda: fetch_sources(store))


def network_money(store: KnowledgeStore):
    """The whole ``money`` view, kept per version of the store (or snapshot handle); never modified by a page."""
    from alliancekg.graph.network.views.money import build_money
    from alliancekg.graph.rights.cache import store_cached

    return store_cached(store, "page-money", lambda: build_money(store, sources=network_sources(store)))


def network_circular_deals(store: KnowledgeStore) -> list[dict[str, object]]:
    """The circular deals of the whole money view (``analyze circular-deals``), kept as the view is."""
    from alliancekg.graph.network.analysis import run_analysis
    from alliancekg.graph.rights.cache import store_cached

    return store_cached(store, "page-circular-deals",
                        lambda: list(run_analysis(network_money(store), "circular-deals").rows))


def parse_scenario(store: KnowledgeStore, scenario: Scenario) -> tuple[list, list]:
    """The scenario's events and observations, parsed against the types and measures the data knows.

    Raises :class:`PageError` (400) naming a bad event or observation.
    """
    from alliancekg.graph.rights.observations import measures, parse_observation
    from alliancekg.graph.rights.scenarios import ScenarioError, event_types, parse_event

    try:
        events = sorted(parse_event(spec, event_types(store)) for spec in scenario.events)
        known = measures(store) if scenario.observations else {}
        observations = sorted(parse_observation(spec, known) for spec in scenario.observations)
    except ScenarioError as exc:
        raise PageError(400, str(exc)) from None
    return events, observations


def resolve_org(store: KnowledgeStore, name: str):
    """The :class:`~alliancekg.graph.rights.groups.Resolution` of ``name``, as ``alliancekg link resolve``
    gives it; :class:`PageError` 404 when no organization (or several) has that name."""
    from alliancekg.graph.rights.groups import resolve_name
    from alliancekg.graph.rights.scenarios import ScenarioError

    try:
        return resolve_name(store, name)
    except ScenarioError as exc:
        raise PageError(404, str(exc)) from None


def _state_record(state, sources: dict[str, list[str]], labels: dict[str, str]) -> dict[str, object]:
    record = state.record()
    record["sources"] = sources.get(state.provision) or sources.get(state.agreement, [])
    record["agreement_label"] = labels.get(state.agreement, _curie(state.agreement))
    record["agreement_curie"] = _curie(state.agreement)
    if state.end is not None:
        by = state.end.by
        record["ended_by_curie"] = _curie(by) if "://" in by else None
        record["ended_by_label"] = labels.get(by) or record["ended_by_curie"] or by
    return record


def _rights(store: KnowledgeStore, org: str, at: dt.date, events: Sequence, observations: Sequence,
            sources: dict[str, list[str]], labels: dict[str, str], provisions: Sequence) -> dict[str, object]:
    from alliancekg.graph.rights.evaluation import rights_at

    held = rights_at(store, at, events, holder=org, observations=observations, provisions=provisions)
    owed = rights_at(store, at, events, counterparty=org, observations=observations, provisions=provisions)
    return {"at": at.isoformat(), "events": [str(e) for e in events], "observations": [str(o) for o in observations],
            "held": [_state_record(s, sources, labels) for s in held],
            "owed": [_state_record(s, sources, labels) for s in owed]}


def flow_record(u: str, v: str, key: str, data: dict, labels: dict[str, str]) -> dict[str, object]:
    """A money-view edge as JSON: its attributes, the ends' labels and CURIEs, its sources as a list.

    Examples
    --------
    >>> flow_record("urn:a", "urn:b", "urn:f", {"kind": "investment", "sources": "https://x"}, {"urn:a": "A"})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'kind': 'investment', 'sources': ['https://x'], 'id': 'urn:f', 'source': 'urn:a', 'target': 'urn:b',
     'source_label': 'A', 'target_label': 'urn:b', 'agreement_curie': None}
    """
    record = {**data, "sources": split_sources(data.get("sources")), "id": key, "source": u, "target": v,
              "source_label": labels.get(u, u), "target_label": labels.get(v, v)}
    record["agreement_curie"] = _curie(str(data["agreement"])) if data.get("agreement") else None
    return record


def money_totals(flows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Amounts by direction, kind, binding status and currency, superseded flows left out (pure).

    Examples
    --------
    >>> money_totals([{"direction": "out", "kind": "investment", "binding_status": "definitive",
    ...                "amount": 5.0, "currency": "USD", "superseded": False}])
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'direction': 'out', 'kind': 'investment', 'binding_status': 'definitive', 'currency': 'USD',
      'total': 5.0, 'flows': 1}]
    """
    totals: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0])
    for flow in flows:
        if flow.get("superseded"):
            continue
        key = (flow["direction"], flow["kind"], flow.get("binding_status") or "unknown", flow.get("currency") or "")
        totals[key][0] += float(flow.get("amount") or 0.0)
        totals[key][1] += 1
    return [{"direction": d, "kind": k, "binding_status": b, "currency": c, "total": t, "flows": n}
            for (d, k, b, c), (t, n) in sorted(totals.items())]


def _money_of(graph, org: str) -> list[dict[str, object]]:
    labels = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    flows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if org in (u, v):
            flows.append({**flow_record(u, v, key, data, labels), "direction": "out" if u == org else "in"})
    return sorted(flows, key=lambda f: (f["direction"], str(f.get("date") or ""), -float(f.get("amount") or 0)))


def _cycles_of(store: KnowledgeStore, graph, org: str) -> list[dict[str, object]]:
    if org not in graph:
        return []
    node = graph.nodes[org].get("group") or org
    return [row for row in network_circular_deals(store) if node in row["organizations"]]


def _conflicts(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for row in rows:
        conflict = found.setdefault(str(row["conflict"]), {
            "conflict": row["conflict"], "label": row["conflictLabel"], "resolution": row.get("resolution"),
            "about": [], "claims": []})
        about = {"iri": row.get("about"), "label": row.get("aboutLabel") or _curie(str(row.get("about")))}
        if about not in conflict["about"]:
            conflict["about"].append(about)
        claim = {"claim": row["claim"], "label": row["claimLabel"], "preferred": bool(row.get("preferred")),
                 "sources": split_sources(row.get("sources"))}
        if claim not in conflict["claims"]:
            conflict["claims"].append(claim)
    return list(found.values())


def _group_stakes(store: KnowledgeStore, group: Sequence[tuple[str, str]]) -> list[dict[str, object]]:
    """The stakes every member of a group holds and has issued (``member``: which), stakes inside the group once."""
    stakes: dict[tuple[str, str], dict[str, object]] = {}
    members = {node for node, _ in group}
    for member, label in group:
        for stake in _rows(store, "organization-stakes", {"org": member}):
            inside = stake["other"] in members
            if inside and stake["side"] == "issued":
                continue  # listed once, as held by the member that owns it
            stake.update(sources=split_sources(stake.get("sources")), member=member, member_label=label,
                         member_curie=_curie(member), inside_group=inside)
            stakes[(str(stake["stake"]), member)] = stake
    return list(stakes.values())


def _too_many(count: int, limit: int | None, what: str) -> None:
    if limit is not None and count > limit:
        raise PageError(422, f"the page has more than {limit} {what}, the limit of this server (--max-results)")


def org_page(store: KnowledgeStore, name: str, scenario: Scenario, *, today: dt.date | None = None,
             max_results: int | None = None) -> dict[str, object]:
    """Everything the page of the organization ``name`` shows, as JSON-friendly data.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> page = org_page(OxigraphStore(path), "OpenAI", Scenario(dt.date(2026, 1, 1)))
    >>> 250e9 in {f.get("amount") for f in page["money"]["flows"] if f["direction"] == "out"}
    True
    """
    from alliancekg.graph.rights.evaluation import provisions_of

    found = resolve_org(store, name)
    org = found.node
    events, observations = parse_scenario(store, scenario)
    sources = network_sources(store)
    deals = _rows(store, "organization-deals", {"org": org})
    for deal in deals:
        deal["sources"] = sources.get(str(deal["agreement"]), [])
        deal["curie"] = _curie(str(deal["agreement"]))
    labels = {str(d["agreement"]): str(d["label"]) for d in deals}
    today = today or dt.date.today()
    graph = network_money(store)
    flows = _money_of(graph, org)
    _too_many(len(deals) + len(flows), max_results, "deals and flows")
    stakes = _group_stakes(store, found.group)
    provisions = provisions_of(store)
    return {
        "node": org, "curie": _curie(org), "label": found.label, "name": name, "matched_by": found.matched_by,
        "group": [{"node": n, "curie": _curie(n), "label": label} for n, label in found.group],
        "links": _rows(store, "organization-links", {"org": org}),
        "sources": sources.get(org, []),
        "deals": deals,
        "stakes": stakes,
        "rights": {"today": _rights(store, org, today, [], [], sources, labels, provisions),
                   "scenario": _rights(store, org, scenario.at, events, observations, sources, labels, provisions)},
        "money": {"flows": flows, "totals": money_totals(flows)},
        "cycles": _cycles_of(store, graph, org),
        "conflicts": _conflicts(_rows(store, "organization-conflicts", {"org": org})),
    }


def _interval(state, sources: dict[str, list[str]], labels: dict[str, str]) -> dict[str, object]:
    record = _state_record(state, sources, labels)
    if record["end_date"] == FAR_FUTURE.isoformat():
        record["end_date"] = None
    return record


def deal_page(store: KnowledgeStore, agreement: str, scenario: Scenario, *,
              max_results: int | None = None) -> dict[str, object]:
    """Everything the page of ``agreement`` shows: the agreement, its provisions' in-force intervals under
    the scenario (with why each ends) and their state at its date, the history chain and conflicts.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> page = deal_page(OxigraphStore(path), "agr:msft-openai-2025-10-definitive", Scenario(dt.date(2026, 1, 1)))
    >>> "agr:msft-openai-2025-09-mou" in {link["to_curie"] for link in page["chain"]}
    True
    """
    from alliancekg.graph.network.views.records import fetch_agreements, fetch_organizations
    from alliancekg.graph.rights.evaluation import provisions_of, rights_at
    from alliancekg.graph.store.terms import TermError, make_iri

    try:
        iri = str(make_iri(agreement.strip()))
    except TermError as exc:
        raise PageError(404, f"no agreement is named {agreement!r}: {exc}") from None
    agreements = fetch_agreements(store)
    if iri not in agreements:
        raise PageError(404, f"no agreement is named {agreement!r}")
    record = agreements[iri]
    events, observations = parse_scenario(store, scenario)
    sources = network_sources(store)
    labels = {a.iri: a.label for a in agreements.values()}
    orgs = fetch_organizations(store)
    own = [p for p in provisions_of(store) if p.agreement == iri]
    timeline = rights_at(store, FAR_FUTURE, events, agreement=iri, observations=observations, provisions=own)
    now = {s.provision: s.state for s in rights_at(store, scenario.at, events, agreement=iri,
                                                    observations=observations, provisions=own)}
    _too_many(len(timeline), max_results, "provisions")
    details = {str(row["provision"]): row for row in _rows(store, "agreement-provisions", {"agreement": iri})}
    provisions = []
    for state in sorted(timeline, key=lambda s: (s.start or FAR_FUTURE, s.label)):
        item = _interval(state, sources, labels)
        item["state_at"] = now.get(state.provision)
        detail = details.get(state.provision, {})
        item.update(curie=_curie(state.provision), holder=detail.get("holder") or state.holder,
                    counterparty=detail.get("counterparty"), assets=split_sources(detail.get("assets")))
        provisions.append(item)
    chain = _rows(store, "deal-chain", {"agreement": iri})
    for link in chain:
        link["from_curie"], link["to_curie"] = _curie(str(link["from"])), _curie(str(link["to"]))
    return {
        "node": iri, "curie": _curie(iri), "label": record.label, "date": record.date, "status": record.status,
        "deal_types": record.deal_types, "sources": sources.get(iri, []),
        "parties": [{"node": p, "curie": _curie(p), "label": orgs[p].label if p in orgs else _curie(p)}
                    for p in record.parties],
        "scenario": {"at": scenario.at.isoformat(), "events": [str(e) for e in events],
                     "observations": [str(o) for o in observations]},
        "provisions": provisions,
        "chain": chain,
        "conflicts": _conflicts(_rows(store, "agreement-conflicts", {"agreement": iri})),
    }


def node_totals(edges: list[dict[str, object]]) -> dict[str, dict[str, float]]:
    """Money in and out of each node, over flows with an amount that are not superseded (pure).

    Examples
    --------
    >>> node_totals([{"source": "a", "target": "b", "amount": 2.0, "superseded": False}])
    {'a': {'in': 0.0, 'out': 2.0}, 'b': {'in': 2.0, 'out': 0.0}}
    """
    totals: dict[str, dict[str, float]] = defaultdict(lambda: {"in": 0.0, "out": 0.0})
    for edge in edges:
        amount = float(edge.get("amount") or 0.0) if not edge.get("superseded") else 0.0
        totals[str(edge["source"])]["out"] += amount
        totals[str(edge["target"])]["in"] += amount
    return dict(totals)


def money_web(store: KnowledgeStore, on: dt.date | None = None, *, max_results: int | None = None,
              layout: bool = False) -> dict[str, object]:
    """The money view as it stood on ``on`` (all of it when None) as nodes and edges, with the circular
    deals of that date and the dates, kinds and binding statuses the page's controls offer; with
    ``layout``, also every node and flow ever recorded (``layout``), which the page lays out once so
    that organizations stay in place as the date moves.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> web = money_web(OxigraphStore(path), dt.date(2025, 6, 1))
    >>> max(e["date"] for e in web["edges"]) <= "2025-06-01"
    True
    """
    from alliancekg.graph.network.analysis import run_analysis
    from alliancekg.graph.network.views.asof import as_of

    full = network_money(store)
    graph = as_of(full, on) if on is not None else full
    _too_many(graph.number_of_edges(), max_results, "flows")
    labels = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    edges = [flow_record(u, v, k, d, labels) for u, v, k, d in graph.edges(keys=True, data=True)]
    cycles = network_circular_deals(store) if on is None else run_analysis(graph, "circular-deals").rows
    circular = sorted({str(f["iri"]) for row in cycles for leg in row["legs"] for f in leg["flows"]})
    totals = node_totals(edges)
    nodes = [{"id": n, "curie": _curie(n), "label": labels[n], "kind": d.get("kind"),
              **totals.get(n, {"in": 0.0, "out": 0.0})} for n, d in graph.nodes(data=True)]
    all_edges = list(full.edges(data=True))
    whole_totals = node_totals([{"source": u, "target": v, **d} for u, v, d in all_edges]) if layout else {}
    whole = {} if not layout else {"layout": {
        "nodes": [{"id": n, "label": str(d.get("label", n)), **whole_totals.get(n, {"in": 0.0, "out": 0.0})}
                  for n, d in full.nodes(data=True)],
        "edges": [{"id": k, "source": u, "target": v} for u, v, k in full.edges(keys=True)]}}
    return {**whole,
        "as_of": on.isoformat() if on else None,
        "nodes": nodes, "edges": edges,
        "cycles": [{"cycle": r["cycle"], "circulating": r["circulating"], "currency": r["currency"],
                    "non_binding": r["non_binding"],
                    "flows": [str(f["iri"]) for leg in r["legs"] for f in leg["flows"]]} for r in cycles],
        "circular_flows": circular,
        "dates": sorted({str(d["date"]) for _, _, d in all_edges if d.get("date")}),
        "kinds": sorted({str(d["kind"]) for _, _, d in all_edges}),
        "binding_statuses": sorted({str(d.get("binding_status") or "unknown") for _, _, d in all_edges}),
    }


# -- worker operations ---------------------------------------------------------------------------

def _run(build, store: ox.Store, *args, **kwargs) -> dict[str, object]:
    from alliancekg.server.insight_operations import worker_view

    try:
        return build(worker_view(store), *args, **kwargs)
    except PageError as exc:
        raise OperationError(exc.status, str(exc)) from None


def org_operation(store: ox.Store, job: OrgJob) -> dict[str, object]:
    """The JSON of ``/api/pages/org`` (404 unknown name, 400 bad scenario, 422 over ``--max-results``)."""
    return _run(org_page, store, job.name, job.scenario, today=job.today, max_results=job.max_results)


def deal_operation(store: ox.Store, job: DealJob) -> dict[str, object]:
    """The JSON of ``/api/pages/deal`` (404 unknown agreement, 400 bad scenario, 422 over ``--max-results``)."""
    return _run(deal_page, store, job.agreement, job.scenario, max_results=job.max_results)


def money_operation(store: ox.Store, job: MoneyJob) -> dict[str, object]:
    """The JSON of ``/api/pages/money`` (422 over ``--max-results``)."""
    return _run(money_web, store, job.on, max_results=job.max_results, layout=job.layout)


def resolve_operation(store: ox.Store, job: tuple[str, str]) -> dict[str, str]:
    """Whether the page ``job = (kind, name)`` exists: its node and label, else 404."""
    kind, name = job
    if kind == "org":
        found = _run(lambda s, n: resolve_org(s, n).record(), store, name)
        return {"node": str(found["node"]), "label": str(found["label"])}
    return _run(_find_agreement, store, name)


def _find_agreement(store: KnowledgeStore, name: str) -> dict[str, str]:
    from alliancekg.graph.store.terms import TermError, make_iri

    try:
        iri = str(make_iri(name.strip()))
    except TermError:
        raise PageError(404, f"no agreement is named {name!r}") from None
    rows = store.query("SELECT ?label WHERE { ?a a akg:Agreement . OPTIONAL { ?a rdfs:label ?label } }",
                       {"a": ox_iri(iri)}).rows
    if not rows:
        raise PageError(404, f"no agreement is named {name!r}")
    return {"node": iri, "label": str(rows[0].get("label", iri))}


def ox_iri(iri: str):
    """An rdflib IRI term for a query binding."""
    from rdflib import URIRef

    return URIRef(iri)


__all__ = [
    "DealJob", "MoneyJob", "OrgJob", "PageError", "Scenario", "deal_operation", "deal_page", "flow_record",
    "money_operation", "money_totals", "money_web", "node_totals", "org_operation", "org_page", "parse_scenario",
    "resolve_operation", "resolve_org", "split_sources",
]
