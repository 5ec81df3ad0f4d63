"""The ``alliance`` view: organizations linked by the agreements between them.

Undirected multigraph, one edge per agreement and pair of its parties, keyed by the agreement
IRI. Edge attributes: ``kind`` (``agreement``), ``label``, ``iri``, ``deal_types``
(`` | ``-joined class names), ``status``, ``date`` (effective, else announced date or month),
``confidence``, ``amount`` and ``currency`` (the total of the flows the data states on the
agreement and its provisions, when they share one currency; figures of a deal's text are never
added up), ``flows`` (how many), ``provisions`` (how many), ``superseded``, ``sources`` and
``source_count``. :func:`alliancekg.graph.network.views.common.weighted` turns it into a weighted
graph (``weight`` = number of agreements).

With ``agreement_nodes`` (:data:`AGREEMENT_NODES`), agreements become nodes of their own (kind
``Agreement``, the attributes above) linked to each party by a ``party`` edge, instead of one edge
per pair of parties: ``multi-party`` does so for agreements of three or more parties (a clique of
repeated labels otherwise), ``all`` for every agreement (a bipartite graph of organizations and
agreements).

Agreements that only a dataset unrelated to the AI industry describes (:data:`OPTIONAL_DATASETS`:
CUAD's commercial contracts) are left out unless ``include_datasets`` names that dataset; they
stay in the store and in the other views.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from itertools import combinations

import networkx as nx

from alliancekg.graph.network.views.common import add_org, new_view
from alliancekg.graph.network.views.money import Flow, fetch_flows
from alliancekg.graph.network.views.records import (
    SEPARATOR,
    AgreementRecord,
    Organization,
    fetch_agreements,
    fetch_labels,
    fetch_organizations,
    fetch_provision_agreements,
    fetch_sources,
    fetch_supersessions,
    sources_attributes,
)
from alliancekg.graph.network.views.rows import select
from alliancekg.graph.store import KnowledgeStore
from alliancekg.ontology.namespaces import GRAPH

NAME = "alliance"

#: Datasets whose agreements are not about the AI industry, left out unless asked for by name.
OPTIONAL_DATASETS: tuple[str, ...] = ("cuad",)
#: Which agreements the view draws as nodes: none (an edge per pair of parties), those of three or
#: more parties, or all of them (bipartite).
AGREEMENT_NODES: tuple[str, ...] = ("none", "multi-party", "all")


def dataset_of(graph_iri: str) -> str | None:
    """The dataset a named graph holds (``cuad`` for ``…/graph/datasets/cuad``), else None.

    Examples
    --------
    >>> dataset_of("https://w3id.org/alliance-kg/graph/datasets/cuad"), dataset_of("urn:x")
    ('cuad', None)
    """
    prefix = str(GRAPH) + "datasets/"
    return graph_iri[len(prefix):] if graph_iri.startswith(prefix) else None


def left_out(graphs: Mapping[str, set[str]], include_datasets: Collection[str] = ()) -> set[str]:
    """Agreements every one of whose graphs is an optional dataset not in ``include_datasets`` (pure).

    Examples
    --------
    >>> cuad = "https://w3id.org/alliance-kg/graph/datasets/cuad"
    >>> sorted(left_out({"a": {cuad}, "b": {cuad, "urn:curated"}}))
    ['a']
    >>> left_out({"a": {cuad}}, ["cuad"])
    set()
    """
    skipped = set(OPTIONAL_DATASETS) - set(include_datasets)
    return {iri for iri, names in graphs.items() if names and all(dataset_of(g) in skipped for g in names)}


def flow_totals(flows: list[Flow]) -> dict[str, dict[str, float]]:
    """The amounts of the stated flows per agreement and currency (pure)."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for flow in flows:
        if flow.agreement is not None and flow.amount is not None and flow.amount.value is not None:
            totals[flow.agreement.iri][flow.amount.currency or ""] += flow.amount.value
    return totals


def as_node(parties: int, agreement_nodes: str) -> bool:
    """Whether an agreement of ``parties`` parties is drawn as a node under ``agreement_nodes`` (pure).

    Examples
    --------
    >>> as_node(2, "multi-party"), as_node(3, "multi-party"), as_node(2, "all"), as_node(5, "none")
    (False, True, True, False)
    """
    if agreement_nodes not in AGREEMENT_NODES:
        raise ValueError(f"unknown agreement_nodes {agreement_nodes!r}; valid: {', '.join(AGREEMENT_NODES)}")
    return agreement_nodes == "all" or (agreement_nodes == "multi-party" and parties >= 3)


def alliance_graph(agreements: Mapping[str, AgreementRecord], flows: list[Flow],
                   provision_counts: Mapping[str, int], orgs: dict[str, Organization],
                   supersessions: Mapping[str, list[str]], sources: Mapping[str, list[str]],
                   *, agreement_nodes: str = "none") -> nx.MultiGraph:
    """Build the view from agreement records and the flows stated on them (pure)."""
    graph = new_view(NAME, directed=False)
    graph.graph["agreement_nodes"] = agreement_nodes
    totals = flow_totals(flows)
    counts: dict[str, int] = defaultdict(int)
    for flow in flows:
        if flow.agreement is not None:
            counts[flow.agreement.iri] += 1
    for iri in sorted(agreements):
        agreement = agreements[iri]
        for party in agreement.parties:
            add_org(graph, orgs, party)
        data: dict[str, object] = {"kind": "agreement", "label": agreement.label, "iri": iri,
                                   "deal_types": SEPARATOR.join(agreement.deal_types),
                                   "provisions": int(provision_counts.get(iri, 0)), "flows": counts.get(iri, 0),
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
        if as_node(len(agreement.parties), agreement_nodes):
            graph.add_node(iri, **{**data, "kind": "Agreement", "parties": len(agreement.parties)})
            for party in sorted(agreement.parties):
                graph.add_edge(party, iri, key=iri, kind="party", label=agreement.label, iri=iri,
                               superseded=data["superseded"])
            continue
        for a, b in combinations(sorted(agreement.parties), 2):
            graph.add_edge(a, b, key=iri, **data)
    return graph


def fetch_agreement_graphs(store: KnowledgeStore) -> dict[str, set[str]]:
    """The named graphs each agreement is typed in."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "agreement-graphs"):
        found[str(row["agreement"])].add(str(row["graph"]))
    return dict(found)


def build_alliance(store: KnowledgeStore, *, include_datasets: Collection[str] = (),
                   agreement_nodes: str = "none") -> nx.MultiGraph:
    """The ``alliance`` view of ``store`` (without :data:`OPTIONAL_DATASETS` unless included; agreements
    drawn as nodes as ``agreement_nodes`` says, see :data:`AGREEMENT_NODES`)."""
    as_node(0, agreement_nodes)  # refuse an unknown value before querying
    labels = fetch_labels(store)
    # Of provisions and sources, only what the view shows: the agreement of each provision (to count
    # them and place flows) and the sources of agreements.
    provisions = fetch_provision_agreements(store)
    counts: dict[str, int] = defaultdict(int)
    for provision in provisions.values():
        if provision.agreement:
            counts[provision.agreement] += 1
    agreements = fetch_agreements(store, labels)
    for iri in left_out(fetch_agreement_graphs(store), include_datasets):
        agreements.pop(iri, None)
    flows = fetch_flows(store, labels, provisions=provisions, agreements=agreements)
    return alliance_graph(agreements, flows, counts, fetch_organizations(store, labels), fetch_supersessions(store),
                          fetch_sources(store, agreements_only=True), agreement_nodes=agreement_nodes)


__all__ = ["AGREEMENT_NODES", "NAME", "OPTIONAL_DATASETS", "alliance_graph", "as_node",
           "build_alliance", "dataset_of", "fetch_agreement_graphs",
           "flow_totals", "left_out"]
