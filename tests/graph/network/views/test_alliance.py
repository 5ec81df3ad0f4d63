"""The alliance view: organizations linked by agreements (undirected)."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from alliancekg.graph.network.views.alliance import build_alliance, dataset_of
from alliancekg.graph.store import OxigraphStore

ENT = "https://w3id.org/alliance-kg/id/ent/"


def test_microsoft_and_openai_are_allied_by_their_agreements(store: OxigraphStore) -> None:
    graph = build_alliance(store)
    assert not graph.is_directed()
    links = graph.get_edge_data(ENT + "microsoft", ENT + "openai")
    assert links and all(data["label"] for data in links.values())


def test_curated_deals_belong_to_no_dataset() -> None:
    assert dataset_of("https://w3id.org/alliance-kg/graph/deals/msft-openai-2025") is None
    assert dataset_of("https://w3id.org/alliance-kg/graph/datasets/cuad/x") is not None


def test_multi_party_agreements_become_one_node_instead_of_a_clique(store: OxigraphStore) -> None:
    cliques = build_alliance(store)
    nodes = build_alliance(store, agreement_nodes="multi-party")
    keys = Counter(key for _, _, key in cliques.edges(keys=True))
    multi = {key for key, pairs in keys.items() if pairs >= 3}  # three parties or more: three pairs or more
    assert multi, "the bundled data has agreements of three or more parties"
    for iri in multi:
        assert nodes.nodes[iri]["kind"] == "Agreement" and nodes.nodes[iri]["label"]
        parties = {a for a, b, key in cliques.edges(keys=True) if key == iri} | {
            b for a, b, key in cliques.edges(keys=True) if key == iri}
        assert set(nodes[iri]) == parties
        assert all(data["kind"] == "party" for data in nodes[iri][next(iter(parties))].values())
    two_party = next(key for key, pairs in keys.items() if pairs == 1)
    assert two_party not in nodes and any(key == two_party for _, _, key in nodes.edges(keys=True))
    assert nodes.number_of_edges() < cliques.number_of_edges()


def test_every_agreement_a_node_makes_the_view_bipartite(store: OxigraphStore) -> None:
    graph = build_alliance(store, agreement_nodes="all")
    agreements = {n for n, kind in graph.nodes(data="kind") if kind == "Agreement"}
    assert agreements and nx.is_bipartite(graph)
    assert all((u in agreements) != (v in agreements) for u, v in graph.edges())
    superseded = [n for n in agreements if graph.nodes[n]["superseded"]]
    assert superseded and all(d["superseded"] for n in superseded for _, _, d in graph.edges(n, data=True))
    with pytest.raises(ValueError, match="unknown agreement_nodes 'star'"):
        build_alliance(store, agreement_nodes="star")
