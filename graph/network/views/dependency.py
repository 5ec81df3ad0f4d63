"""The ``dependency`` view: who depends on whom for compute, IP, model access, distribution, capital.

Directed multigraph dependent → provider ("A needs B for …"). The edge attribute ``need`` is
one of ``compute``, ``ip``, ``model_access``, ``distribution`` or ``capital``. Edges come from
provisions (keyed by the provision IRI) and from money flows on agreements (keyed by the
amount IRI); the mapping:

From a provision, by the class of the asset it concerns and the provision's family
(H = holder, C = counterparty):

=========================  ===============================  ================================
asset class                right, power, exclusivity         obligation (purchase commitment)
=========================  ===============================  ================================
Service (cloud, compute)   right: H needs C; power or        C needs H for ``compute``
                           exclusivity: C needs H, for
                           ``compute`` (H is the supplier)
IntellectualProperty       H needs C for ``ip``              C needs H for ``ip``
Product (models, APIs)     H needs C for ``model_access``;   C needs H for ``model_access``
                           an exclusivity over a product H
                           does not own also makes C need H
                           for ``distribution``
=========================  ===============================  ================================

A revenue share makes H need C for ``capital``. Permissions, governance provisions and plain
prohibitions create no dependency (they free or restrict a party; nobody relies on them for
supplies), nor do provisions about activities (such as pursuing AGI).

From a flow stated on an agreement (payer P → payee R, see :mod:`alliancekg.graph.network.views.money`):
``investment`` makes R need P for ``capital``; compute purchases and chip supply make P need R
for ``compute``; licensing makes P need R for ``ip``. Flows on provisions are covered by the
provision rules above.

Edge attributes: ``need``, ``kind`` (same as need, for colouring), ``label``, ``iri``, ``via``
(provision or agreement), ``via_kind`` (provision class or flow kind), ``asset`` and
``asset_label`` (provisions), ``amount`` and ``currency`` (when the provision or flow has one),
``agreement``, ``agreement_label``, ``date``, ``superseded``, ``sources``, ``source_count``.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from alliancekg.graph.network.views.common import add_org, free_key, new_view
from alliancekg.graph.network.views.money import Flow, fetch_flows, flow_attributes
from alliancekg.graph.network.views.records import (
    AgreementRecord,
    Asset,
    Organization,
    ProvisionRecord,
    fetch_agreements,
    fetch_labels,
    fetch_organizations,
    fetch_provisions,
    fetch_sources,
    fetch_supersessions,
)
from alliancekg.graph.network.views.rights import provision_attributes
from alliancekg.graph.store import KnowledgeStore

NAME = "dependency"
NEEDS = ("compute", "model_access", "ip", "distribution", "capital")
FLOW_NEED = {"investment": "capital", "compute_purchase": "compute", "chip_supply": "compute", "licensing": "ip"}

#: (dependent, provider, need, asset) with dependent/provider as "holder" or "counterparty".
Dependency = tuple[str, str, str, Asset | None]


def provision_dependencies(provision: ProvisionRecord) -> list[Dependency]:
    """The dependencies a provision creates, by the table of the module docstring (pure).

    Examples
    --------
    >>> ip = Asset("urn:ip", kind="IntellectualProperty", owners=["urn:openai"])
    >>> p = ProvisionRecord("urn:p", kind="Exclusivity", family="Prohibition", assets=[ip])
    >>> [(d, p_, need) for d, p_, need, _ in provision_dependencies(p)]
    [('holder', 'counterparty', 'ip')]
    """
    found: list[Dependency] = []
    if provision.kind == "RevenueShare":
        return [("holder", "counterparty", "capital", None)]
    family = provision.family
    gives_access = family in ("Right", "Power") or provision.kind == "Exclusivity"
    for asset in provision.assets:
        if asset.kind == "Service":
            if family == "Right":
                found.append(("holder", "counterparty", "compute", asset))
            elif gives_access or family == "Obligation":
                found.append(("counterparty", "holder", "compute", asset))
        elif asset.kind in ("IntellectualProperty", "Product"):
            need = "ip" if asset.kind == "IntellectualProperty" else "model_access"
            if family == "Obligation":
                found.append(("counterparty", "holder", need, asset))
            elif gives_access:
                found.append(("holder", "counterparty", need, asset))
                if asset.kind == "Product" and provision.kind == "Exclusivity":
                    found.append(("counterparty", "holder", "distribution", asset))
    return found


def _parties(provision: ProvisionRecord, role: str) -> list[str]:
    return provision.holders if role == "holder" else provision.counterparties


def dependency_graph(provisions: Mapping[str, ProvisionRecord], flows: list[Flow],
                     agreements: Mapping[str, AgreementRecord], orgs: dict[str, Organization],
                     supersessions: Mapping[str, list[str]], sources: Mapping[str, list[str]]) -> nx.MultiDiGraph:
    """Build the view from provisions and money flows (pure)."""
    graph = new_view(NAME)
    priced = {f.via: f for f in flows if f.amount is not None and f.amount.value is not None}
    for iri in sorted(provisions):
        provision = provisions[iri]
        base = provision_attributes(provision, agreements, supersessions, sources)
        flow = priced.get(iri)
        for dependent_role, provider_role, need, asset in provision_dependencies(provision):
            for dependent in _parties(provision, dependent_role):
                for provider in _parties(provision, provider_role):
                    if dependent == provider:
                        continue
                    u, v = add_org(graph, orgs, dependent), add_org(graph, orgs, provider)
                    data = {**base, "need": need, "kind": need, "via": iri, "via_kind": provision.kind}
                    if asset is not None:
                        data.update(asset=asset.iri, asset_label=asset.label, asset_kind=asset.kind)
                    if flow is not None and flow.amount is not None:
                        data["amount"] = flow.amount.value
                        if flow.amount.currency:
                            data["currency"] = flow.amount.currency
                    data.pop("family", None)
                    data.pop("starts_on", None)
                    if provision.agreement in agreements and agreements[provision.agreement].date:
                        data["date"] = agreements[provision.agreement].date
                    graph.add_edge(u, v, key=free_key(graph, u, v, iri, need), **data)
    for flow in flows:
        if flow.provision is not None or flow.kind not in FLOW_NEED:
            continue
        need = FLOW_NEED[flow.kind]
        dependent, provider = (flow.payee, flow.payer) if need == "capital" else (flow.payer, flow.payee)
        u, v = add_org(graph, orgs, dependent), add_org(graph, orgs, provider)
        data = flow_attributes(flow, supersessions, sources)
        data.update(need=need, via_kind=flow.kind, kind=need)
        for unused in ("compute", "deal_types", "upper_bound", "approximate", "reported", "non_binding", "undisclosed"):
            data.pop(unused, None)
        graph.add_edge(u, v, key=free_key(graph, u, v, flow.key, need), **data)
    return graph


def build_dependency(store: KnowledgeStore) -> nx.MultiDiGraph:
    """The ``dependency`` view of ``store``."""
    labels = fetch_labels(store)
    provisions, agreements = fetch_provisions(store), fetch_agreements(store, labels)
    flows = fetch_flows(store, labels, provisions=provisions, agreements=agreements)
    return dependency_graph(provisions, flows, agreements, fetch_organizations(store, labels),
                            fetch_supersessions(store), fetch_sources(store))


__all__ = ["FLOW_NEED", "NAME", "NEEDS", "build_dependency", "dependency_graph", "provision_dependencies"]
