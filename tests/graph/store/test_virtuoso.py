"""RemoteStore and the command line against a real OpenLink Virtuoso on loopback, compared with the
embedded store: reads on ``/sparql``, writes on ``/sparql-auth`` with HTTP Digest.  The protocol comparisons
shared with ``oxigraph serve`` are in ``tests/graph/store/test_remote.py``."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import httpx
import networkx as nx
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from alliancekg.data import DEALS_DIR
from alliancekg.graph.network.views import VIEWS, build_view
from alliancekg.graph.rights.evaluation import fetch_provisions, fetch_verifies, rights_at
from alliancekg.graph.rights.fetching import SUPERSESSION_QUERIES, scoped
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.remote import CHUNK_TRIPLES, Digest, RemoteStore, RemoteStoreError
from alliancekg.queries.catalog import load_catalog
from tests.servers import DATA_A, DATA_B, GROUP_SEPARATORS, assert_same, copy_store, run_cli
from tests.virtuoso import PASSWORD, USER, writer

#: Catalog queries Virtuoso 7.2 answers differently from the embedded store, and what was seen.  The
#: test below fails as soon as one of them agrees, so this list only ever shrinks.
VIRTUOSO_DIFFERS: dict[str, str] = {}

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_writes_need_the_digest_account(virtuoso: object) -> None:
    triples = [(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal("x"))]
    for auth in (None, Digest(USER, "wrong")):
        refused = RemoteStore(virtuoso.query_endpoint, update_endpoint=virtuoso.auth_endpoint, auth=auth)
        with pytest.raises(RemoteStoreError, match="401"):
            refused.replace_graph(DATA_A, triples)
    assert writer(virtuoso).graphs() == []


def test_whole_decimals_and_booleans_keep_their_datatype(virtuoso: object) -> None:
    """Virtuoso stores a whole decimal written ``27`` as an integer and answers booleans as 1/0."""
    remote, decimal, boolean = writer(virtuoso), URIRef(f"{XSD}decimal"), URIRef(f"{XSD}boolean")
    remote.replace_graph(DATA_A, [(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal("27", datatype=decimal)),
                                  (URIRef("urn:ex:a"), URIRef("urn:ex:q"), Literal("true", datatype=boolean))])
    row = remote.query("SELECT ?d (DATATYPE(?d) AS ?t) ?b ?f WHERE { ?s <urn:ex:p> ?d ; <urn:ex:q> ?b "
                       "BIND(xsd:boolean(EXISTS { ?s <urn:ex:none> ?x }) AS ?f) }").rows[0]
    assert row["t"] == decimal and row["d"].datatype == decimal and row["d"].toPython() == 27
    assert (str(row["b"]), str(row["f"])) == ("true", "false") and row["f"].datatype == boolean


def test_blank_nodes_in_answers(virtuoso: object) -> None:
    """Virtuoso labels blank nodes ``nodeID://b10000`` in SPARQL JSON, which N-Triples does not allow."""
    remote = writer(virtuoso)
    node = BNode("x")
    remote.replace_graph(DATA_A, [(node, URIRef("urn:ex:p"), Literal("a")), (node, RDFS.label, Literal("b"))])
    rows = remote.query("SELECT ?s ?t WHERE { ?s <urn:ex:p> 'a' . ?t rdfs:label 'b' }").rows
    assert len(rows) == 1 and isinstance(rows[0]["s"], BNode) and rows[0]["s"] == rows[0]["t"]


def test_large_graphs_with_blank_nodes_are_written_whole(virtuoso: object) -> None:
    """More triples than one request takes, in blank-node groups that straddle the chunks: staged, then moved."""
    remote = writer(virtuoso)
    triples = []
    for i in range(CHUNK_TRIPLES):  # three triples per group: groups cross every chunk boundary
        node, inner = BNode(f"n{i}"), BNode(f"m{i}")
        triples += [(URIRef(f"urn:ex:s{i}"), URIRef("urn:ex:next"), node), (node, URIRef("urn:ex:next"), inner),
                    (inner, RDFS.label, Literal(f"s{i}"))]
    remote.replace_graphs({DATA_A: triples, DATA_B: [(URIRef("urn:ex:b"), RDFS.label, Literal("b"))]})
    assert remote.graphs() == [DATA_A, DATA_B]
    assert remote.triple_count(DATA_A) == len(triples)
    walk = remote.query("SELECT ?s ?label WHERE { ?s <urn:ex:next>/<urn:ex:next>/rdfs:label ?label }")
    assert sorted((str(r["s"]), str(r["label"])) for r in walk.rows) == sorted(
        (f"urn:ex:s{i}", f"s{i}") for i in range(CHUNK_TRIPLES))
    remote.replace_graphs({DATA_A: [], DATA_B: triples[-3:]})
    assert remote.graphs() == [DATA_B] and remote.triple_count(DATA_B) == 3
    staging = httpx.get(virtuoso.query_endpoint, headers={"Accept": "application/sparql-results+json"}, params={
        "query": 'SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:alliance-kg:staging")) }'})
    assert staging.json()["results"]["bindings"] == []  # no staging graph left behind


def view_form(graph: nx.MultiGraph) -> tuple[list, list]:
    """A view's nodes and edges with their attributes, in an order and form that does not depend on the
    order of query answers: undirected edges as node sets, joined lists (" | ", "; ", after "first of: " in
    conditions put in words) as sorted parts."""
    def value(item: object) -> object:
        if isinstance(item, str) and any(sep in item for sep in GROUP_SEPARATORS):
            head, parts = re.match(r"((?:first|all) of: )?(.*)", item, re.DOTALL).groups()  # conditions in words
            return head, tuple(sorted(re.split("|".join(map(re.escape, GROUP_SEPARATORS)), parts)))
        return tuple(sorted(map(repr, item))) if isinstance(item, (list, set, tuple)) else item

    def attributes(data: dict) -> tuple:
        return tuple(sorted((key, repr(value(item))) for key, item in data.items()))

    def ends(u: str, v: str) -> tuple:
        return (u, v) if graph.is_directed() else tuple(sorted((u, v)))

    nodes = sorted((node, attributes(data)) for node, data in graph.nodes(data=True))
    edges = sorted((ends(u, v), attributes(data)) for u, v, data in graph.edges(data=True))
    return nodes, edges


def catalog_differences(virtuoso: object, built_store_path: Path, names: list[str] | None = None) -> tuple[
        list[str], dict[str, str]]:
    """The bundled store copied into ``virtuoso``: the catalog queries that answer as on the embedded store, and
    how each other one differs."""
    remote = writer(virtuoso)
    catalog = {name: query for name, query in load_catalog().items() if names is None or name in names}
    embedded = OxigraphStore(built_store_path, read_only=True)
    try:
        copy_store(embedded, remote)
        assert remote.graphs() == embedded.graphs()
        assert remote.triple_count() == embedded.triple_count()
        agree, why = [], {}
        for name, query in catalog.items():
            bindings = query.bindings({})
            try:
                assert_same(remote.query(query.text, bindings), embedded.query(query.text, bindings), name)
                agree.append(name)
            except (AssertionError, SyntaxError, RemoteStoreError) as exc:
                why[name] = f"{type(exc).__name__}: {str(exc)[:600]}"
        if names is None:
            # The rights engine's own queries: Virtuoso refused "?a akg:verifies+ ?b" and the COALESCE form.
            assert fetch_verifies(remote) == fetch_verifies(embedded)
            for _, text in SUPERSESSION_QUERIES:
                assert_same(remote.query(scoped(text, None)), embedded.query(scoped(text, None)), "supersessions")
            assert fetch_provisions(remote) == fetch_provisions(embedded)
            for view in VIEWS:
                assert view_form(build_view(remote, view)) == view_form(build_view(embedded, view)), view
            at = dt.date(2027, 1, 1)
            assert rights_at(remote, at) == rights_at(embedded, at)
    finally:
        embedded.close()
    return agree, why


def test_catalog_queries_on_virtuoso(fresh_virtuoso: object, built_store_path: Path) -> None:
    """Every catalog query runs on Virtuoso; those not in VIRTUOSO_DIFFERS answer as the embedded store, and so
    do the rights engine and every view (modulo the order of joined lists and of an undirected edge's ends).

    On a Virtuoso of its own: see ``VIRTUOSO_KNOWN_ISSUES`` for what earlier writes change."""
    agree, why = catalog_differences(fresh_virtuoso, built_store_path)
    assert sorted(why) == sorted(VIRTUOSO_DIFFERS), {name: text for name, text in why.items()
                                                      if name not in VIRTUOSO_DIFFERS}
    assert {"organization-links", "right-exclusions", "agi-constraints"} <= set(agree)


#: Answers Virtuoso 7.2 gets wrong only after some earlier write, and what was seen.  Shown by a strict
#: xfail, so that the day it answers right the test says so.
VIRTUOSO_KNOWN_ISSUES = {
    "organization-conflicts": "after a graph holding a blank node was written, queried and dropped, Virtuoso "
                              "answers OpenAI's conflicts with claims missing or added, against the embedded "
                              "store's answer it gives on a fresh database",
}


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=VIRTUOSO_KNOWN_ISSUES["organization-conflicts"])
def test_organization_conflicts_after_a_blank_node_graph_was_dropped(fresh_virtuoso: object,
                                                                     built_store_path: Path) -> None:
    remote = writer(fresh_virtuoso)
    node = BNode("x")
    remote.replace_graph(DATA_A, [(node, URIRef("urn:ex:p"), Literal("a")), (node, RDFS.label, Literal("b"))])
    assert len(remote.query("SELECT ?s ?t WHERE { ?s <urn:ex:p> 'a' . ?t rdfs:label 'b' }").rows) == 1
    remote.drop_graph(DATA_A)
    _, why = catalog_differences(fresh_virtuoso, built_store_path, ["organization-conflicts"])
    assert not why, why


def cli_environment(virtuoso: object) -> dict[str, str]:
    """The variables a user sets for Virtuoso: reads on /sparql, Digest-authenticated writes on /sparql-auth."""
    return {"ALLIANCEKG_ENDPOINT": virtuoso.query_endpoint, "ALLIANCEKG_UPDATE_ENDPOINT": virtuoso.auth_endpoint,
            "ALLIANCEKG_ENDPOINT_AUTH": "digest", "ALLIANCEKG_ENDPOINT_USER": USER,
            "ALLIANCEKG_ENDPOINT_PASSWORD": PASSWORD}


def test_command_line_with_digest_writes(virtuoso: object, tmp_path: Path) -> None:
    """build, query, scenario, rights, timeline and analyze with --endpoint, writes through /sparql-auth with
    Digest: the same output as the embedded store (rights and timeline join blank-node conditions across queries)."""
    remote_env = cli_environment(virtuoso)
    local_env = {"ALLIANCEKG_ENDPOINT": "", "ALLIANCEKG_STORE": str(tmp_path / "store")}
    refused = run_cli("build", "--no-reason", env={**remote_env, "ALLIANCEKG_ENDPOINT_PASSWORD": "wrong"})
    assert refused.returncode != 0 and "401" in refused.stderr + refused.stdout
    answers: dict[str, list[str]] = {}
    for name, env in (("virtuoso", remote_env), ("embedded", local_env)):
        steps = [("build", "--no-reason"), ("scenario", "save", "agi", "--event", "AGIDeclared@2027-03-01"),
                 ("scenario", "list"),
                 ("rights", "--at", "2027-01-01", "--format", "json"),
                 ("rights", "--at", "2029-01-01", "--scenario", "agi", "--format", "json"),
                 ("timeline", "--format", "json"),
                 ("query", "organization-links", "--format", "json"),
                 ("query", "right-exclusions", "--format", "json"),
                 ("analyze", "single-points-of-failure", "--format", "json"),
                 ("analyze", "circular-deals", "--format", "json"),
                 ("analyze", "dominators", "--org", "ent:openai", "--format", "json")]
        answers[name] = []
        for step in steps:
            done = run_cli(*step, env=env)
            assert done.returncode == 0, (name, step, done.stderr[-2000:])
            answers[name].append(done.stdout if step[0] != "build" else "")
    for step, there, here in zip(range(len(answers["embedded"])), answers["virtuoso"], answers["embedded"],
                                 strict=True):
        assert there == here, step
    assert json.loads(answers["virtuoso"][6])  # organization-links is not empty
    assert json.loads(answers["virtuoso"][3])["provisions"]


def test_load_into_virtuoso(virtuoso: object) -> None:
    remote = writer(virtuoso)
    env = cli_environment(virtuoso)
    assert run_cli("build", "--no-reason", env=env).returncode == 0
    loaded = run_cli("load", "--no-reason", str(DEALS_DIR / "msft-openai-2025.yaml"), env=env)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert any("/graph/user/" in str(graph) for graph in remote.graphs())
