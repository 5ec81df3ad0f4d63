"""Operations the workers run on an open Oxigraph store: queries, updates and Graph Store requests."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from alliancekg.server.operations import (
    GraphJob,
    OperationError,
    QueryJob,
    UpdateJob,
    graph_delete,
    graph_get,
    graph_post,
    graph_put,
    list_graphs,
    query_dataset,
    run_query,
    run_update,
)

JSON = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
        "graph": "text/turtle"}
DATA = "https://w3id.org/alliance-kg/graph/d"
SCEN = "https://w3id.org/alliance-kg/scenario/s"


def store_with_data() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("data"), ox.NamedNode(DATA)))
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("what-if"), ox.NamedNode(SCEN)))
    return store


def test_queries_see_the_data_graphs_but_not_scenarios_unless_named() -> None:
    store = store_with_data()
    answer = run_query(store, QueryJob("SELECT ?o WHERE { ?s ?p ?o }", JSON))
    rows = json.loads(answer.body)["results"]["bindings"]
    assert (answer.status, [r["o"]["value"] for r in rows]) == (200, ["data"])
    named = run_query(store, QueryJob(f"SELECT ?o WHERE {{ GRAPH <{SCEN}> {{ ?s ?p ?o }} }}", JSON))
    assert [r["o"]["value"] for r in json.loads(named.body)["results"]["bindings"]] == ["what-if"]


def test_without_scenarios_the_default_graph_is_said_as_the_union_and_answers_alike() -> None:
    store = store_with_data()
    listed = query_dataset(store, QueryJob("SELECT * {}", JSON))
    assert listed == {"default_graph": [ox.NamedNode(DATA)]}
    store.remove_graph(ox.NamedNode(SCEN))
    assert query_dataset(store, QueryJob("SELECT * {}", JSON)) == {"use_default_graph_as_union": True}
    answer = run_query(store, QueryJob("SELECT ?o WHERE { ?s ?p ?o }", JSON))
    assert [r["o"]["value"] for r in json.loads(answer.body)["results"]["bindings"]] == ["data"]
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("default"), ox.DefaultGraph()))
    assert query_dataset(store, QueryJob("SELECT * {}", JSON)) == {"default_graph": [ox.NamedNode(DATA)]}


def test_a_malformed_query_is_400_and_an_unacceptable_answer_406() -> None:
    with pytest.raises(OperationError) as malformed:
        run_query(ox.Store(), QueryJob("SELEKT", JSON))
    assert malformed.value.status == 400
    with pytest.raises(OperationError) as refused:
        run_query(ox.Store(), QueryJob("ASK {}", {"select": None, "ask": None, "graph": None}))
    assert refused.value.status == 406


def test_updates_apply_and_malformed_ones_are_400() -> None:
    store = ox.Store()
    assert run_update(store, UpdateJob("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 } }")).status == 204
    assert list_graphs(store) == ["urn:g"]
    with pytest.raises(OperationError) as malformed:
        run_update(store, UpdateJob("INSERT NOTHING"))
    assert malformed.value.status == 400


def test_graph_store_requests_create_read_replace_and_delete() -> None:
    store = ox.Store()
    turtle = (b"<urn:a> <urn:p> 1 .", "text/turtle")
    assert graph_put(store, GraphJob("urn:g", payloads=(turtle,))).status == 201
    assert graph_put(store, GraphJob("urn:g", payloads=(turtle,))).status == 204
    assert graph_post(store, GraphJob("urn:g", payloads=((b"<urn:b> <urn:p> 2 .", "text/turtle"),))).status == 204
    body = graph_get(store, GraphJob("urn:g", media_type="application/n-triples")).body
    assert len(body.decode().strip().splitlines()) == 2
    created = graph_post(store, GraphJob(None, payloads=(turtle,), new_graph_base="urn:new/"))
    assert created.status == 201 and created.headers["Location"].startswith("urn:new/")
    assert graph_delete(store, GraphJob("urn:g")).status == 204
    with pytest.raises(OperationError) as missing:
        graph_get(store, GraphJob("urn:g"))
    assert missing.value.status == 404
