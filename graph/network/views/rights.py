"""The ``rights`` view: who holds what over whom.

Directed multigraph holder → counterparty, one edge per provision and pair of parties, keyed by
the provision IRI. Edge attributes:

``kind`` (most specific class: Right, Exclusivity, RightOfFirstRefusal, PurchaseCommitment…),
``family`` (Right, Obligation, Prohibition, Power, Permission or GovernanceProvision), ``label``,
``iri``, ``agreement`` and ``agreement_label``, ``asset`` and ``asset_label`` (`` | ``-joined when
several), ``asset_kind``, ``exclusive`` (when stated), ``starts_on`` (the agreement's date),
``ends`` (the end conditions in words), ``ends_on`` (the date it ends if no event happens),
``agi_exposure`` and ``agi_event`` (see :mod:`alliancekg.graph.network.views.conditions`),
``qualifications`` (how many open provisos), ``superseded`` and ``superseded_by``, ``sources``
and ``source_count``.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
from rdflib import URIRef

from alliancekg.graph.network.views.common import add_org, new_view
from alliancekg.graph.network.views.conditions import (
    Condition,
    agi_exposure,
    describe_all,
    earliest_end,
    fetch_conditions,
    fetch_survives,
    fetch_verifies,
)
from alliancekg.graph.network.views.records import (
    SEPARATOR,
    AgreementRecord,
    Organization,
    ProvisionRecord,
    fetch_agreements,
    fetch_labels,
    fetch_organizations,
    fetch_provisions,
    fetch_sources,
    fetch_supersessions,
    sources_attributes,
)
from alliancekg.graph.network.views.rows import select
from alliancekg.graph.store import KnowledgeStore

NAME = "rights"


def superseded_by(iri: str, agreement: str | None, supersessions: Mapping[str, list[str]]) -> list[str]:
    """What replaces or revokes a provision, directly or by replacing its whole agreement."""
    found = list(supersessions.get(iri, ()))
    if agreement:
        found += [by for by in supersessions.get(agreement, ()) if by not in found]
    return found


def provision_attributes(provision: ProvisionRecord, agreements: Mapping[str, AgreementRecord],
                         supersessions: Mapping[str, list[str]], sources: Mapping[str, list[str]]) -> dict[str, object]:
    """The attributes every view gives an edge that stands for a provision."""
    agreement = agreements.get(provision.agreement or "")
    data: dict[str, object] = {"kind": provision.kind, "family": provision.family, "label": provision.label,
                               "iri": provision.iri}
    if agreement is not None:
        data["agreement"] = agreement.iri
        data["agreement_label"] = agreement.label
        if agreement.date:
            data["starts_on"] = agreement.date
    if provision.assets:
        data["asset"] = SEPARATOR.join(a.iri for a in provision.assets)
        data["asset_label"] = SEPARATOR.join(a.label for a in provision.assets)
        data["asset_kind"] = SEPARATOR.join(sorted({a.kind for a in provision.assets}))
    replaced = superseded_by(provision.iri, provision.agreement, supersessions)
    data["superseded"] = bool(replaced)
    if replaced:
        data["superseded_by"] = SEPARATOR.join(replaced)
    data.update(sources_attributes(provision.iri, sources=sources))
    return data


def rights_graph(provisions: Mapping[str, ProvisionRecord], agreements: Mapping[str, AgreementRecord],
                 orgs: dict[str, Organization], conditions: Mapping[str, tuple[Condition, ...]],
                 survives: Mapping[str, list[str]], verifies: Mapping[URIRef, set[URIRef]],
                 supersessions: Mapping[str, list[str]], sources: Mapping[str, list[str]],
                 qualifications: Mapping[str, int] | None = None) -> nx.MultiDiGraph:
    """Build the view from records (pure)."""
    graph = new_view(NAME)
    for iri in sorted(provisions):
        provision = provisions[iri]
        ends = conditions.get(iri, ())
        exposure, event = agi_exposure(ends, survives.get(iri, ()), verifies)
        data = provision_attributes(provision, agreements, supersessions, sources)
        data["agi_exposure"] = exposure
        if event:
            data["agi_event"] = event
        if ends:
            data["ends"] = describe_all(ends)
            end_date = earliest_end(ends, verifies)
            if end_date:
                data["ends_on"] = end_date
        if provision.exclusive is not None:
            data["exclusive"] = provision.exclusive
        data["qualifications"] = int((qualifications or {}).get(iri, 0))
        for holder in provision.holders:
            for counterparty in provision.counterparties:
                u, v = add_org(graph, orgs, holder), add_org(graph, orgs, counterparty)
                graph.add_edge(u, v, key=iri, **data)
    return graph


def fetch_qualification_counts(store: KnowledgeStore) -> dict[str, int]:
    """How many open qualifications each provision is subject to."""
    counts: dict[str, int] = {}
    for row in select(store, "qualifications"):
        counts[str(row["provision"])] = int(row["n"])
    return counts


def build_rights(store: KnowledgeStore) -> nx.MultiDiGraph:
    """The ``rights`` view of ``store`` (about a dozen flat queries)."""
    labels = fetch_labels(store)
    return rights_graph(
        fetch_provisions(store), fetch_agreements(store, labels), fetch_organizations(store, labels),
        fetch_conditions(store), fetch_survives(store), fetch_verifies(store), fetch_supersessions(store),
        fetch_sources(store), fetch_qualification_counts(store),
    )


__all__ = ["NAME", "build_rights", "provision_attributes", "rights_graph", "superseded_by"]
