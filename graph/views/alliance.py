"""The ``alliance`` view: organizations linked by the agreements between them.

Undirected multigraph, one edge per agreement and pair of its parties, keyed by the agreement
IRI. Edge attributes: ``kind`` (``agreement``), ``label``, ``iri``, ``deal_types``
(`` | ``-joined class names), ``status``, ``date`` (effective, else announced date or month),
``confidence``, ``amount`` and ``currency`` (the amounts on the agreement itself, added up when
they share one currency), ``provisions`` (how many), ``superseded``, ``sources`` and
``source_count``. :func:`alliancekg.graph.views.common.weighted` turns it into a weighted
graph (``weight`` = number of agreements).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations

import networkx as nx

from alliancekg.graph.store import KnowledgeStore
from alliancekg.graph.views.common import add_org, new_view
from alliancekg.graph.views.records import (
    SEPARATOR,
    AgreementRecord,
    AmountRecord,
    Organization,
    fetch_agreements,
    fetch_amounts,
    fetch_labels,
    fetch_organizations,
    fetch_provisions,
    fetch_sources,
    fetch_supersessions,
    sources_attributes,
)

NAME = "alliance"


def alliance_graph(agreements: Mapping[str, AgreementRecord], amounts: list[AmountRecord],
                   provision_counts: Mapping[str, int], orgs: dict[str, Organization],
                   supersessions: Mapping[str, list[str]], sources: Mapping[str, list[str]]) -> nx.MultiGraph:
    """Build the view from agreement records (pure)."""
    graph = new_view(NAME, directed=False)
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for amount in amounts:
        if amount.via in agreements and amount.value is not None:
            totals[amount.via][amount.currency or ""] += amount.value
    for iri in sorted(agreements):
        agreement = agreements[iri]
        for party in agreement.parties:
            add_org(graph, orgs, party)
        data: dict[str, object] = {"kind": "agreement", "label": agreement.label, "iri": iri,
                                   "deal_types": SEPARATOR.join(agreement.deal_types),
                                   "provisions": int(provision_counts.get(iri, 0)),
                                   "superseded": iri in supersessions or agreement.status == "superseded"}
        for name in ("status", "date", "confidence"):
            value = getattr(agreement, name)
            if value:
                data[name] = value
        if len(totals.get(iri, {})) == 1:
            currency, value = next(iter(totals[iri].items()))
            data["amount"] = value
            if currency:
                data["currency"] = currency
        data.update(sources_attributes(iri, sources=sources))
        for a, b in combinations(sorted(agreement.parties), 2):
            graph.add_edge(a, b, key=iri, **data)
    return graph


def build_alliance(store: KnowledgeStore) -> nx.MultiGraph:
    """The ``alliance`` view of ``store``."""
    labels = fetch_labels(store)
    counts: dict[str, int] = defaultdict(int)
    for provision in fetch_provisions(store, with_assets=False).values():
        if provision.agreement:
            counts[provision.agreement] += 1
    return alliance_graph(fetch_agreements(store, labels), fetch_amounts(store), counts,
                          fetch_organizations(store, labels), fetch_supersessions(store), fetch_sources(store))


__all__ = ["NAME", "alliance_graph", "build_alliance"]
