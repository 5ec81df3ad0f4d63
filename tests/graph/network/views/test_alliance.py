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


# -- the view reads only what it shows, with the answer of the full records ------------------------

def _from_full_records(store: OxigraphStore) -> nx.MultiGraph:
    """The alliance view built from every provision's full record and every thing's sources."""
    from alliancekg.graph.network.views.alliance import alliance_graph, fetch_agreement_graphs, left_out
    from alliancekg.graph.network.views.money import fetch_flows
    from alliancekg.graph.network.views.records import (
        fetch_agreements,
        fetch_labels,
        fetch_organizations,
        fetch_provisions,
        fetch_sources,
        fetch_supersessions,
    )

    labels = fetch_labels(store)
    provisions = fetch_provisions(store, with_assets=False)
    counts = Counter(p.agreement for p in provisions.values() if p.agreement)
    agreements = fetch_agreements(store, labels)
    for iri in left_out(fetch_agreement_graphs(store)):
        agreements.pop(iri, None)
    flows = fetch_flows(store, labels, provisions=provisions, agreements=agreements)
    return alliance_graph(agreements, flows, counts, fetch_organizations(store, labels), fetch_supersessions(store),
                          fetch_sources(store))


def _contents(graph: nx.MultiGraph) -> tuple[list, list]:
    return (sorted((n, sorted(d.items())) for n, d in graph.nodes(data=True)),
            sorted((u, v, k, sorted(d.items())) for u, v, k, d in graph.edges(keys=True, data=True)))


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """A store of a small generated alliance graph (the benchmark's generator)."""
    from alliancekg.graph.store.bulk import bulk_build
    from benchmarks.generator import generate

    folder = tmp_path_factory.mktemp("generated")
    generate(folder / "graph.nq", 20_000, seed=3)
    bulk_build(folder / "store", [folder / "graph.nq"])
    return OxigraphStore(folder / "store")


@pytest.mark.parametrize("which", ["store", "generated_store"])
def test_the_light_provision_and_source_queries_give_the_view_of_the_full_records(
        which: str, request: pytest.FixtureRequest) -> None:
    opened = request.getfixturevalue(which)
    view = build_alliance(opened)
    assert view.number_of_edges() and any("sources" in d for _, _, d in view.edges(data=True))
    assert _contents(view) == _contents(_from_full_records(opened))
