"""Operations the workers run on an open Oxigraph store: queries, updates and Graph Store requests."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliancekg.server.held import hold_still
from alliancekg.server.negotiation import SELECT_TYPES
from alliancekg.server.operations import (
    ROW_COUNTERS,
    GraphJob,
    OperationError,
    QueryJob,
    UpdateJob,
    count_solutions,
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


HOSTILE_VALUES = Path(__file__).resolve().parents[1] / "data" / "hostile" / "results-values-like-rows.nt"
#: Queries over the hostile values: plain rows, RDF 1.2 triple terms, empty solutions, no variables.
COUNTED = [
    "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o }",
    "SELECT ?t WHERE { ?s ?p ?o BIND(<<( ?s ?p ?o )>> AS ?t) }",
    "SELECT ?x WHERE { ?s ?p ?o OPTIONAL { ?s <urn:ex:none> ?x } }",
    "SELECT * WHERE { VALUES ?x { UNDEF UNDEF } }",
    "SELECT * WHERE { }",
]


def hostile_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(HOSTILE_VALUES), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(DATA))
    return store


@pytest.mark.parametrize("query", COUNTED)
@pytest.mark.parametrize("format_name", sorted(ROW_COUNTERS))
def test_solutions_are_counted_in_every_format_whatever_the_values_hold(query: str, format_name: str) -> None:
    store = hostile_store()
    expected = len(list(store.query(query, use_default_graph_as_union=True)))
    serialized = store.query(query, use_default_graph_as_union=True).serialize(
        format=getattr(ox.QueryResultsFormat, format_name))
    for chunk in (1, 2, 3, 5, 8, 64, 8192):
        assert count_solutions(serialized, format_name, chunk) == expected, (format_name, chunk)


@pytest.mark.parametrize("media_type", sorted(SELECT_TYPES))
def test_the_result_limit_holds_in_every_format(media_type: str) -> None:
    store = hostile_store()
    rows = len(list(store.query(COUNTED[0], use_default_graph_as_union=True)))
    media = {**JSON, "select": media_type}
    exact = run_query(store, QueryJob(COUNTED[0], media, max_results=rows))
    expected = store.query(COUNTED[0], use_default_graph_as_union=True).serialize(
        format=getattr(ox.QueryResultsFormat, SELECT_TYPES[media_type]))
    assert (exact.status, exact.media_type, exact.body) == (200, media_type, expected)
    with pytest.raises(OperationError) as over:
        run_query(store, QueryJob(COUNTED[0], media, max_results=rows - 1))
    assert over.value.status == 422 and "--max-results" in over.value.message


def test_a_store_held_still_has_its_default_dataset_worked_out_once() -> None:
    held = hold_still(store_with_data())
    first = query_dataset(held, QueryJob("SELECT * {}", JSON))
    assert first == {"default_graph": [ox.NamedNode(DATA)]}
    assert query_dataset(held, QueryJob("ASK {}", JSON)) is first
    assert query_dataset(held, QueryJob("ASK {}", JSON, scenario_prefix="urn:none:")) == {
        "use_default_graph_as_union": True}
    # Another store (a handle that may change, as a thread executor's) is read again for each query.
    changing = store_with_data()
    assert query_dataset(changing, QueryJob("ASK {}", JSON)) == first
    changing.remove_graph(ox.NamedNode(SCEN))
    assert query_dataset(changing, QueryJob("ASK {}", JSON)) == {"use_default_graph_as_union": True}
    # A handle opened later replaces the one held before.
    reopened = hold_still(store_with_data())
    reopened.remove_graph(ox.NamedNode(SCEN))
    assert query_dataset(reopened, QueryJob("ASK {}", JSON)) == {"use_default_graph_as_union": True}
