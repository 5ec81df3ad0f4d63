"""The ``money`` view: investments, purchase commitments and revenue shares as directed flows.

Directed multigraph payer → payee, one edge per monetary amount (keyed by the amount's IRI),
plus one edge per revenue share or purchase commitment that states no amount (keyed by the
provision IRI). Payer and payee come from the amount (``akg:payer``, ``akg:payee``); for an
amount on a purchase commitment or revenue share that names neither, the counterparty pays the
holder (that is what the two obligations mean). For an agreement whose amounts name no payer
or payee, the party roles decide (:func:`role_flows`): investors pay investees, buyers pay
suppliers, licensees pay licensors, one flow per kind of the deal, priced with the first amount
the source states when one organization pays one other (else that figure is ``deal_amount``:
the several numbers of a deal's text, such as tranches and cumulative totals, are readings of
one price, not separate payments). Stake valuations are left out (a valuation is not a payment).

Edge attributes: ``kind`` (``investment``, ``purchase_commitment``, ``revenue_share``,
``compute_purchase``, ``cloud_commitment``, ``chip_supply``, ``licensing``, ``distribution`` or
``payment``; on an agreement the first deal type of :data:`DEAL_TYPE_FLOW_KIND` decides),
``compute`` (the flow pays for compute: a compute deal type, or a commitment to buy a service),
``label``, ``iri``, ``amount`` (float) and ``currency``, ``deal_amount`` (a figure shared by
several payers), ``from_roles`` (direction read from party roles), ``upper_bound``, ``approximate``,
``reported``, ``incremental``, ``share_percent``, ``capacity`` and ``capacity_unit``, ``via``
(the agreement or provision carrying it), ``agreement``, ``agreement_label``, ``deal_types``,
``date``, ``superseded``, ``sources`` and ``source_count``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from alliancekg.graph.store import KnowledgeStore
from alliancekg.graph.views.common import add_org, free_key, new_view
from alliancekg.graph.views.records import (
    SEPARATOR,
    AgreementRecord,
    AmountRecord,
    CapacityRecord,
    Organization,
    ProvisionRecord,
    fetch_agreements,
    fetch_amounts,
    fetch_capacities,
    fetch_labels,
    fetch_organizations,
    fetch_provisions,
    fetch_sources,
    fetch_supersessions,
    sources_attributes,
)
from alliancekg.graph.views.rights import superseded_by
from alliancekg.graph.views.vocabulary import COMPUTE_FLOW_KINDS, DEAL_TYPE_FLOW_KIND

NAME = "money"
PROVISION_FLOW_KIND = {"PurchaseCommitment": "purchase_commitment", "RevenueShare": "revenue_share"}


@dataclass
class Flow:
    """One directed flow of money (or a commitment to pay) between two organizations."""

    key: str
    payer: str
    payee: str
    kind: str
    via: str
    label: str
    compute: bool = False
    amount: AmountRecord | None = None
    deal_amount: AmountRecord | None = None
    agreement: AgreementRecord | None = None
    provision: ProvisionRecord | None = None
    capacities: list[CapacityRecord] = field(default_factory=list)


#: Who pays whom in a flow of each kind, by party role (payer role, payee role).
ROLE_PAIRS = {"investment": ("Investor", "Investee"), "compute_purchase": ("Buyer", "Supplier"),
              "cloud_commitment": ("Buyer", "Supplier"), "chip_supply": ("Buyer", "Supplier"),
              "licensing": ("Licensee", "Licensor")}


def agreement_flow_kinds(deal_types: list[str]) -> list[str]:
    """The distinct flow kinds of an agreement's deal types, in :data:`DEAL_TYPE_FLOW_KIND` order.

    Examples
    --------
    >>> agreement_flow_kinds(["ChipSupply", "EquityInvestment", "Partnership"])
    ['investment', 'chip_supply']
    """
    kinds: list[str] = []
    for deal_type, kind in DEAL_TYPE_FLOW_KIND.items():
        if deal_type in deal_types and kind not in kinds:
            kinds.append(kind)
    return kinds


def role_flows(agreement: AgreementRecord, amounts: list[AmountRecord],
               capacities: Mapping[str, list[CapacityRecord]]) -> list[Flow]:
    """Flows of an agreement whose amounts name no payer or payee, read from its party roles (pure).

    One flow per kind of the deal (investment, compute purchase…) and pair of organizations in
    the paying and paid roles. The first amount the source states (the headline figure, before
    tranches and cumulative totals) goes with the first kind; it is the flow's ``amount`` when
    one payer pays one payee, else its ``deal_amount`` (a round shared by several investors is
    not split).
    """
    flows: list[Flow] = []
    headline = next((a for a in amounts if a.value is not None), None)
    for kind in agreement_flow_kinds(agreement.deal_types):
        if kind not in ROLE_PAIRS:
            continue
        payer_role, payee_role = ROLE_PAIRS[kind]
        pairs = [(p, q) for p in agreement.roles.get(payer_role, []) for q in agreement.roles.get(payee_role, [])
                 if p != q]
        if not pairs:
            continue
        priced = headline if headline is not None and not any(f.amount or f.deal_amount for f in flows) else None
        for payer, payee in pairs:
            single = priced is not None and len(pairs) == 1
            key = priced.iri if single and not priced.iri.startswith("_:") else agreement.iri
            flows.append(Flow(key, payer, payee, kind, agreement.iri, agreement.label, kind in COMPUTE_FLOW_KINDS,
                              priced if single else None, None if single else priced, agreement, None,
                              capacities.get(agreement.iri, [])))
    return flows


def agreement_flow_kind(deal_types: list[str]) -> str:
    """The kind of a flow on an agreement, from its deal types.

    Examples
    --------
    >>> agreement_flow_kind(["CloudCommitment", "EquityInvestment", "Partnership"])
    'investment'
    >>> agreement_flow_kind(["Partnership"])
    'payment'
    """
    for deal_type, kind in DEAL_TYPE_FLOW_KIND.items():
        if deal_type in deal_types:
            return kind
    return "payment"


def _provision_flow(provision: ProvisionRecord, agreement: AgreementRecord | None) -> tuple[str, bool]:
    if provision.kind in PROVISION_FLOW_KIND:
        kind = PROVISION_FLOW_KIND[provision.kind]
    else:
        kind = agreement_flow_kind(agreement.deal_types) if agreement else "payment"
    buys_service = provision.kind == "PurchaseCommitment" and any(a.kind == "Service" for a in provision.assets)
    return kind, buys_service or kind in COMPUTE_FLOW_KINDS


def money_flows(amounts: list[AmountRecord], provisions: Mapping[str, ProvisionRecord],
                agreements: Mapping[str, AgreementRecord],
                capacities: Mapping[str, list[CapacityRecord]] | None = None) -> list[Flow]:
    """Every flow the records imply (pure): amounts with a payer and payee, and unpriced obligations."""
    capacities = capacities or {}
    flows: list[Flow] = []
    priced: set[str] = set()
    unplaced: dict[str, list[AmountRecord]] = {}
    for amount in amounts:
        provision = provisions.get(amount.via)
        agreement = agreements.get(provision.agreement or "") if provision else agreements.get(amount.via)
        if provision is None and agreement is None:
            continue
        payer, payee = amount.payer, amount.payee
        if provision is not None:
            kind, compute = _provision_flow(provision, agreement)
            if kind in ("purchase_commitment", "revenue_share"):
                payer = payer or (provision.counterparties[0] if len(provision.counterparties) == 1 else None)
                payee = payee or (provision.holders[0] if len(provision.holders) == 1 else None)
            label = provision.label
        else:
            kind = agreement_flow_kind(agreement.deal_types)
            compute, label = kind in COMPUTE_FLOW_KINDS, agreement.label
        if not payer or not payee:
            if provision is None:
                unplaced.setdefault(amount.via, []).append(amount)
            continue
        priced.add(amount.via)
        key = amount.via if amount.iri.startswith("_:") else amount.iri
        flows.append(Flow(key, payer, payee, kind, amount.via, label, compute, amount, None, agreement, provision,
                          capacities.get(amount.via, [])))
    for iri in sorted(provisions):
        provision = provisions[iri]
        if provision.kind not in PROVISION_FLOW_KIND or iri in priced:
            continue
        agreement = agreements.get(provision.agreement or "")
        kind, compute = _provision_flow(provision, agreement)
        for payer in provision.counterparties:
            for payee in provision.holders:
                flows.append(Flow(iri, payer, payee, kind, iri, provision.label, compute, None, None, agreement,
                                  provision, capacities.get(iri, [])))
    for iri in sorted(agreements):
        if iri not in priced and agreements[iri].roles:
            flows += role_flows(agreements[iri], unplaced.get(iri, []), capacities)
    return flows


def flow_attributes(flow: Flow, supersessions: Mapping[str, list[str]],
                    sources: Mapping[str, list[str]]) -> dict[str, object]:
    """The edge attributes of a flow (no None values)."""
    data: dict[str, object] = {"kind": flow.kind, "label": flow.label, "iri": flow.key, "via": flow.via,
                               "compute": flow.compute}
    amount = flow.amount
    if amount is not None and amount.value is not None:
        data["amount"] = amount.value
        if amount.currency:
            data["currency"] = amount.currency
    if amount is not None:
        data.update(upper_bound=amount.upper_bound, approximate=amount.approximate, reported=amount.reported)
    if flow.deal_amount is not None and flow.deal_amount.value is not None:
        data["deal_amount"] = flow.deal_amount.value
        if flow.deal_amount.currency:
            data["currency"] = flow.deal_amount.currency
    if flow.provision is not None:
        if flow.provision.incremental is not None:
            data["incremental"] = flow.provision.incremental
        if flow.provision.share_percent is not None:
            data["share_percent"] = flow.provision.share_percent
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
    replaced = superseded_by(flow.via, agreement.iri if agreement else None, supersessions)
    data["superseded"] = bool(replaced)
    data.update(sources_attributes(amount.iri if amount else None, flow.via, sources=sources))
    if flow.provision is None and flow.agreement is not None and flow.amount is None:
        data["from_roles"] = True
    return data


def money_graph(flows: list[Flow], orgs: dict[str, Organization], supersessions: Mapping[str, list[str]],
                sources: Mapping[str, list[str]]) -> nx.MultiDiGraph:
    """Build the view from flows (pure)."""
    graph = new_view(NAME)
    for flow in flows:
        u, v = add_org(graph, orgs, flow.payer), add_org(graph, orgs, flow.payee)
        graph.add_edge(u, v, key=free_key(graph, u, v, flow.key, "2"), **flow_attributes(flow, supersessions, sources))
    return graph


def fetch_flows(store: KnowledgeStore, labels: dict[str, str] | None = None) -> list[Flow]:
    """The flows of ``store``."""
    labels = fetch_labels(store) if labels is None else labels
    return money_flows(fetch_amounts(store), fetch_provisions(store), fetch_agreements(store, labels),
                       fetch_capacities(store))


def build_money(store: KnowledgeStore) -> nx.MultiDiGraph:
    """The ``money`` view of ``store``."""
    labels = fetch_labels(store)
    return money_graph(fetch_flows(store, labels), fetch_organizations(store, labels), fetch_supersessions(store),
                       fetch_sources(store))


__all__ = [
    "NAME",
    "ROLE_PAIRS",
    "Flow",
    "agreement_flow_kind",
    "agreement_flow_kinds",
    "build_money",
    "fetch_flows",
    "flow_attributes",
    "money_flows",
    "money_graph",
    "role_flows",
]
