"""The ``money`` view: the flows of money and equity the data states, payer → payee.

Directed multigraph, one edge per flow (an ``akg:Flow`` hung on an agreement or provision with
``akg:hasFlow``), keyed by the flow's IRI. A flow exists only where the data names its payer,
payee and kind, and either its amount, a number of units (shares granted by a warrant) or that
the amount is undisclosed. Nothing is read from party roles, deal types or the figures of an
agreement: a valuation, a price per share or a sum of a deal's numbers is never a flow (the
shapes reject a flow whose amount is a valuation or a unit price).

Edge attributes: ``kind`` (``investment``, ``compute_purchase``, ``chip_supply``,
``revenue_share``, ``licensing``, ``equity_grant``, ``payment`` or ``loan``, from ``akg:flowKind``),
``compute`` (the flow pays for compute or chips), ``label`` (the flow's own, else that of the
provision or agreement carrying it), ``iri``, ``via``, ``amount`` (float), ``currency``, ``amount_iri``,
``amount_kind`` (``paid``, ``committed``, ``ceiling``, ``estimate``), ``upper_bound``, ``approximate``, ``reported``,
``quantity`` and ``quantity_unit`` (what the flow moves when it is not money), ``undisclosed``,
``binding_status`` (``definitive``, ``memorandum``, ``term_sheet``, ``letter_of_intent``,
``announced``, ``reported_only``), ``non_binding`` (the instrument is known not to bind), ``period_start``,
``period_end``, ``period_years``, ``capacity`` and ``capacity_unit`` (of the flow, else of its
provision or agreement), ``agreement``, ``agreement_label``, ``deal_types``, ``date`` (when the agreement
takes effect: its effective date, else its announced date), ``superseded``, ``superseded_on`` (the earliest
date a replacing or revoking agreement takes effect, when known), ``sources`` and ``source_count`` (the
flow's own sources). :func:`~alliancekg.graph.network.views.asof.as_of` turns the view into the money
web as it stood on a date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from alliancekg.graph.network.views.common import add_org, free_key, new_view
from alliancekg.graph.network.views.records import (
    SEPARATOR,
    AgreementRecord,
    AmountRecord,
    CapacityRecord,
    Organization,
    ProvisionRecord,
    fetch_agreements,
    fetch_capacities,
    fetch_labels,
    fetch_organizations,
    fetch_provisions,
    fetch_sources,
    fetch_supersessions,
    sources_attributes,
)
from alliancekg.graph.network.views.rights import superseded_by
from alliancekg.graph.network.views.rows import Row, select
from alliancekg.graph.network.views.vocabulary import (
    AMOUNT_KIND,
    BINDING_STATUS,
    COMPUTE_FLOW_KINDS,
    FLOW_KIND,
    local_name,
)
from alliancekg.graph.store import KnowledgeStore

NAME = "money"


@dataclass
class Flow:
    """One directed flow of money or equity (made or promised) between two organizations."""

    key: str
    payer: str
    payee: str
    kind: str
    via: str
    label: str
    compute: bool = False
    amount: AmountRecord | None = None
    agreement: AgreementRecord | None = None
    provision: ProvisionRecord | None = None
    capacities: list[CapacityRecord] = field(default_factory=list)
    quantity: CapacityRecord | None = None
    undisclosed: bool = False
    binding_status: str | None = None
    binding: bool | None = None
    period: dict[str, object] = field(default_factory=dict)
    quantity_upper_bound: bool = False


def _amount(row: Row) -> AmountRecord | None:
    if "amount" not in row:
        return None
    value = row.get("value")
    return AmountRecord(str(row["amount"]), str(row["flow"]), float(value) if isinstance(value, int | float) else None,
                        row.get("currency"), upper_bound=bool(row.get("upTo", False)),
                        approximate=bool(row.get("approximate", False)), reported=bool(row.get("reported", False)),
                        kind=AMOUNT_KIND.get(local_name(str(row["amountKind"]))) if "amountKind" in row else None)


def _quantity(row: Row) -> CapacityRecord | None:
    if "quantity" not in row:
        return None
    value = row.get("quantityValue")
    return CapacityRecord(str(row["flow"]), float(value) if isinstance(value, int | float) else None,
                          row.get("quantityUnit"))


def flow_from_row(row: Row, provisions: Mapping[str, ProvisionRecord], agreements: Mapping[str, AgreementRecord],
                  capacities: Mapping[str, list[CapacityRecord]]) -> Flow:
    """The flow one row of ``flows.rq`` states (pure).

    Examples
    --------
    >>> row = {"via": "urn:agr", "flow": "urn:f", "payer": "urn:msft", "payee": "urn:openai",
    ...        "kind": "https://w3id.org/alliance-kg/ontology#InvestmentFlow", "amount": "urn:amt", "value": 1e9,
    ...        "currency": "USD", "binding": "https://w3id.org/alliance-kg/ontology#BindingDefinitive",
    ...        "isBinding": True}
    >>> f = flow_from_row(row, {}, {"urn:agr": AgreementRecord("urn:agr", "MS–OpenAI")}, {})
    >>> f.payer, f.payee, f.kind, f.amount.value, f.binding_status, f.binding, f.label
    ('urn:msft', 'urn:openai', 'investment', 1000000000.0, 'definitive', True, 'MS–OpenAI')
    """
    via = str(row["via"])
    provision = provisions.get(via)
    agreement = agreements.get(provision.agreement or "") if provision else agreements.get(via)
    kind = FLOW_KIND.get(local_name(str(row["kind"])), "payment")
    label = str(row.get("flowLabel") or (provision.label if provision else agreement.label if agreement
                                         else local_name(via)))
    binding = row.get("isBinding")
    period = {name: row[column] for name, column in
              (("period_start", "start"), ("period_end", "end"), ("period_years", "years")) if column in row}
    return Flow(str(row["flow"]), str(row["payer"]), str(row["payee"]), kind, via, label,
                kind in COMPUTE_FLOW_KINDS, _amount(row), agreement, provision,
                capacities.get(str(row["flow"])) or capacities.get(via, []),
                _quantity(row), bool(row.get("undisclosed", False)),
                BINDING_STATUS.get(local_name(str(row["binding"]))) if "binding" in row else None,
                binding if isinstance(binding, bool) else None, period, bool(row.get("quantityUpTo", False)))


def money_flows(rows: list[Row], provisions: Mapping[str, ProvisionRecord],
                agreements: Mapping[str, AgreementRecord],
                capacities: Mapping[str, list[CapacityRecord]] | None = None) -> list[Flow]:
    """The flows the rows of ``flows.rq`` state, one per flow IRI, in IRI order (pure)."""
    seen: dict[str, Flow] = {}
    for row in rows:
        flow = flow_from_row(row, provisions, agreements, capacities or {})
        seen.setdefault(flow.key, flow)
    return [seen[key] for key in sorted(seen)]


def effective_dates(agreements: Mapping[str, AgreementRecord],
                    provisions: Mapping[str, ProvisionRecord]) -> dict[str, str]:
    """When each agreement and provision takes effect (its agreement's date), by IRI (pure).

    Examples
    --------
    >>> effective_dates({"urn:a": AgreementRecord("urn:a", date="2025-10-28")},
    ...                 {"urn:p": ProvisionRecord("urn:p", "Right", "Right", agreement="urn:a")})
    {'urn:a': '2025-10-28', 'urn:p': '2025-10-28'}
    """
    dates = {iri: record.date for iri, record in agreements.items() if record.date}
    for iri, provision in provisions.items():
        if provision.agreement in dates:
            dates[iri] = dates[provision.agreement]
    return dates


def flow_attributes(flow: Flow, supersessions: Mapping[str, list[str]],
                    sources: Mapping[str, list[str]], dates: Mapping[str, str] | None = None) -> dict[str, object]:
    """The edge attributes of a flow (no None values); ``dates`` (see :func:`effective_dates`) gives
    ``superseded_on``."""
    data: dict[str, object] = {"kind": flow.kind, "label": flow.label, "iri": flow.key, "via": flow.via,
                               "compute": flow.compute, "undisclosed": flow.undisclosed,
                               "non_binding": flow.binding is False}
    amount = flow.amount
    if amount is not None:
        data["amount_iri"] = amount.iri
        if amount.value is not None:
            data["amount"] = amount.value
        if amount.currency:
            data["currency"] = amount.currency
        if amount.kind:
            data["amount_kind"] = amount.kind
        data.update(upper_bound=amount.upper_bound, approximate=amount.approximate, reported=amount.reported)
    if flow.quantity is not None and flow.quantity.value is not None:
        data["quantity"] = flow.quantity.value
        data.setdefault("upper_bound", flow.quantity_upper_bound)
        if flow.quantity.unit:
            data["quantity_unit"] = flow.quantity.unit
    if flow.binding_status:
        data["binding_status"] = flow.binding_status
    data.update(flow.period)
    for capacity in flow.capacities[:1]:
        if capacity.value is not None:
            data["capacity"] = capacity.value
            if capacity.unit:
                data["capacity_unit"] = capacity.unit
    agreement = flow.agreement
    if agreement is not None:
        data["agreement"] = agreement.iri
        data["agreement_label"] = agreement.label
        data["deal_types"] = SEPARATOR.join(agreement.deal_types)
        if agreement.date:
            data["date"] = agreement.date
    replaced_by = superseded_by(flow.via, agreement.iri if agreement else None, supersessions)
    data["superseded"] = bool(replaced_by)
    replaced_on = sorted(dates[by] for by in replaced_by if dates and by in dates)
    if replaced_on:
        data["superseded_on"] = replaced_on[0]
    data.update(sources_attributes(flow.key, sources=sources))
    return data


def money_graph(flows: list[Flow], orgs: dict[str, Organization], supersessions: Mapping[str, list[str]],
                sources: Mapping[str, list[str]], dates: Mapping[str, str] | None = None) -> nx.MultiDiGraph:
    """Build the view from flows (pure)."""
    graph = new_view(NAME)
    for flow in flows:
        u, v = add_org(graph, orgs, flow.payer), add_org(graph, orgs, flow.payee)
        graph.add_edge(u, v, key=free_key(graph, u, v, flow.key, "2"),
                       **flow_attributes(flow, supersessions, sources, dates))
    return graph


def fetch_flows(store: KnowledgeStore, labels: dict[str, str] | None = None, *,
                provisions: Mapping[str, ProvisionRecord] | None = None,
                agreements: Mapping[str, AgreementRecord] | None = None) -> list[Flow]:
    """The flows of ``store`` (provisions and agreements are fetched unless given)."""
    labels = fetch_labels(store) if labels is None else labels
    provisions = fetch_provisions(store) if provisions is None else provisions
    agreements = fetch_agreements(store, labels) if agreements is None else agreements
    return money_flows(select(store, "flows"), provisions, agreements, fetch_capacities(store))


def build_money(store: KnowledgeStore, *, sources: Mapping[str, list[str]] | None = None) -> nx.MultiDiGraph:
    """The ``money`` view of ``store`` (``sources``, from ``fetch_sources``, are fetched unless given)."""
    labels = fetch_labels(store)
    # Flows take their provision's label and agreement, never its assets.
    provisions, agreements = fetch_provisions(store, with_assets=False), fetch_agreements(store, labels)
    flows = fetch_flows(store, labels, provisions=provisions, agreements=agreements)
    return money_graph(flows, fetch_organizations(store, labels), fetch_supersessions(store),
                       fetch_sources(store) if sources is None else sources,
                       effective_dates(agreements, provisions))


__all__ = ["NAME", "Flow", "build_money", "effective_dates", "fetch_flows", "flow_attributes", "flow_from_row",
           "money_flows",
           "money_graph"]
