"""Linking to Wikidata: safe query building, the answer as triples, and the command against a
local ``oxigraph serve`` holding a Wikidata-shaped fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.graph.store import OxigraphStore
from alliancekg.loaders.wikidata import GRAPH_NAME, Relation, build_query, linked_items, links_graph, qid_of
from alliancekg.ontology.namespaces import AKG, ENT, GRAPH, WD

runner = CliRunner()
WD_ENTITY = "http://www.wikidata.org/entity/"


@pytest.mark.parametrize("bad", ["Q0", "q95", "Q95 }", "Q95> . ?s ?p ?o", "P749", ""])
def test_only_qids_reach_the_query(bad: str) -> None:
    with pytest.raises(ValueError):
        build_query(["Q95", bad])
    assert qid_of(WD_ENTITY + bad) is None


def test_linked_items_keep_valid_qids_only() -> None:
    pairs = [(ENT.google, URIRef(WD_ENTITY + "Q95")), (ENT.evil, URIRef(WD_ENTITY + "Q1>} DROP ALL {")),
             (ENT.other, URIRef("https://example.com/Q5"))]
    assert linked_items(pairs) == {"Q95": ENT.google}


def test_answers_become_links_between_our_nodes_or_wikidata_items() -> None:
    rows = [
        Relation(WD_ENTITY + "Q95", "label", None, "Google"),
        Relation(WD_ENTITY + "Q95", "parent", WD_ENTITY + "Q20800404", "Alphabet Inc."),
        Relation(WD_ENTITY + "Q2283", "subsidiary", WD_ENTITY + "Q900000001", "Example"),
    ]
    graph = links_graph(rows, {"Q95": ENT.google, "Q20800404": ENT.alphabet, "Q2283": ENT.microsoft})
    assert (ENT.google, AKG.subsidiaryOf, ENT.alphabet) in graph
    assert (WD.Q900000001, AKG.subsidiaryOf, ENT.microsoft) in graph
    assert graph.value(WD.Q900000001, RDFS.label) == Literal("Example")
    assert graph.value(WD.Q95, RDFS.label) == Literal("Google")


@pytest.mark.server
def test_link_wikidata_against_a_local_endpoint(writable_store: Path, wikidata_endpoint: str) -> None:
    args = ["--store", str(writable_store), "link", "wikidata", "--endpoint", wikidata_endpoint, "--no-reason"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    with OxigraphStore(writable_store) as store:
        graph = GRAPH[GRAPH_NAME]
        first = store.triple_count(graph)
        links = store.query(f"SELECT ?c ?p WHERE {{ GRAPH <{graph}> {{ ?c akg:subsidiaryOf ?p }} }}").rows
        pairs = {(row["c"], row["p"]) for row in links}
        assert (ENT.google, ENT.alphabet) in pairs
        assert (WD.Q900000001, ENT.microsoft) in pairs and (WD.Q900000002, ENT.amazon) in pairs
        assert (WD.Q900000010, ENT.alphabet) in pairs
        assert not any("Q900000099" in str(c) for c, _ in pairs)  # not linked from our data: not fetched
        labels = store.query(f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ wd:Q2283 rdfs:label ?l }} }}").values("l")
        assert labels == [Literal("Microsoft")]  # English only
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    with OxigraphStore(writable_store) as store:
        assert store.triple_count(GRAPH[GRAPH_NAME]) == first


@pytest.mark.server
def test_an_unreachable_endpoint_changes_nothing(writable_store: Path) -> None:
    with OxigraphStore(writable_store) as store:
        before = store.triple_count()
    result = runner.invoke(app, ["--store", str(writable_store), "link", "wikidata",
                                 "--endpoint", "http://127.0.0.1:9/query", "--timeout", "5"])
    assert result.exit_code != 0
    with OxigraphStore(writable_store) as store:
        assert store.triple_count() == before
