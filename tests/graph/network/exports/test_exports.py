"""Exports: every format is read back (networkx readers, lxml against the GraphML and GEXF schemas,
Graphviz, csv, rdflib) and compared with what was written, attribute by attribute."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from rdflib import Graph
from rdflib.compare import isomorphic

from alliancekg.graph.network.exports import (
    FORMATS,
    ExportError,
    ExportTooLarge,
    export_bytes,
    generate_csv,
    generate_cytoscape,
    generate_dot,
    generate_gexf,
    generate_graphml,
    generate_node_link,
    generate_rdf,
    neighbourhood,
    render,
    write_csv,
    write_export,
)
from alliancekg.graph.network.exports.palette import EDGE_COLOURS, rgb
from alliancekg.graph.network.exports.prepare import prepare
from alliancekg.graph.network.views import VIEWS, build_view, view_triples
from alliancekg.graph.store import OxigraphStore

XSD_DIR = Path(__file__).resolve().parents[3] / "data" / "xsd"
GEXF_NS, VIZ_NS = "http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz"
MSFT = "https://w3id.org/alliance-kg/id/ent/microsoft"
OPENAI = "https://w3id.org/alliance-kg/id/ent/openai"


def tricky_graph() -> nx.MultiDiGraph:
    """IRIs with #, ?, & and %, text with quotes, markup, a backslash, a newline and non-ASCII,
    one key on two pairs, every value type, a None and a list."""
    graph = nx.MultiDiGraph(name="tricky")
    a = "https://w3id.org/alliance-kg/id/ent/a-b_c"
    b = "https://example.org/org?name=x&y=1#frag"
    c = "urn:uuid:0e3a%20x"
    graph.add_node(a, label='Say "hi" <b>&amp;</b>', kind="Organization", flag=True)
    graph.add_node(b, label="Microsoft–OpenAI\nsecond line", kind="CorporateGroup", count=3)
    graph.add_node(c, label=r"back\slash", kind="GovernmentBody", missing=None)
    graph.add_edge(a, b, key="https://w3id.org/alliance-kg/id/prv/p#1", kind="Exclusivity", amount=2.5e11,
                   currency="USD", sources=["https://s.example/1", "https://s.example/2"], ok=False, n=2)
    graph.add_edge(a, b, key="https://w3id.org/alliance-kg/id/prv/q", kind="investment", amount=1, label="x")
    graph.add_edge(b, c, key="https://w3id.org/alliance-kg/id/prv/q", kind="investment", amount=3.0)
    return graph


@pytest.fixture(scope="module")
def bundled(store: OxigraphStore) -> dict[str, nx.MultiGraph]:
    return {name: build_view(store, name) for name in VIEWS}


def graphs(bundled: dict[str, nx.MultiGraph]) -> list[tuple[str, nx.Graph]]:
    return [("tricky", tricky_graph()), *bundled.items()]


GRAPH_NAMES = ["tricky", *VIEWS]


@pytest.fixture(params=GRAPH_NAMES)
def graph(request: pytest.FixtureRequest, bundled: dict[str, nx.MultiGraph]) -> nx.Graph:
    return tricky_graph() if request.param == "tricky" else bundled[request.param]


def expected(graph: nx.Graph) -> tuple[dict, dict]:
    """Nodes and edges as written: flat, typed attributes; edges by (source, target, key)."""
    flat = prepare(graph)
    return dict(flat.nodes), {(u, v, key): attrs for _, u, v, key, attrs in flat.edges}


def as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def textual(nodes: dict, edges: dict) -> tuple[dict, dict]:
    return ({n: {k: as_text(v) for k, v in a.items()} for n, a in nodes.items()},
            {e: {k: as_text(v) for k, v in a.items()} for e, a in edges.items()})


def read_back(graph: nx.Graph, nodes_of, edge_key_of, drop_node=(), drop_edge=()) -> tuple[dict, dict]:
    nodes = {nodes_of(n, d): {k: v for k, v in d.items() if k not in drop_node} for n, d in graph.nodes(data=True)}
    edges = {}
    for u, v, k, d in graph.edges(keys=True, data=True):
        ids = {n: nodes_of(n, graph.nodes[n]) for n in (u, v)}
        edges[(ids[u], ids[v], edge_key_of(k, d))] = {a: x for a, x in d.items() if a not in drop_edge}
    return nodes, edges


# -- GraphML -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graphml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_DIR / "graphml.xsd")))


def test_graphml_is_valid_and_loses_nothing(graph: nx.Graph, graphml_schema: etree.XMLSchema) -> None:
    text = generate_graphml(graph)
    graphml_schema.assertValid(etree.fromstring(text.encode("utf-8")))
    back = nx.read_graphml(io.StringIO(text), force_multigraph=True)
    assert back.is_directed() == graph.is_directed()
    got = read_back(back, lambda n, d: d["iri"], lambda k, d: d["edge_key"], {"iri"}, {"edge_key"})
    assert got == expected(graph)


def test_graphml_ids_are_curies_where_possible() -> None:
    root = etree.fromstring(generate_graphml(tricky_graph()).encode("utf-8"))
    ids = [n.get("id") for n in root.iter("{http://graphml.graphdrawing.org/xmlns}node")]
    assert ids == ["ent:a-b_c", "n1", "n2"]
    types = {k.get("attr.name"): k.get("attr.type") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")
             if k.get("for") == "edge"}
    assert types["amount"] == "double" and types["ok"] == "boolean" and types["n"] == "long"
    assert 'id="https://example.org' in generate_graphml(tricky_graph(), iri_ids=True)


# -- GEXF ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_DIR / "gexf.xsd")))


def test_gexf_is_valid_with_colours_and_loses_nothing(graph: nx.Graph, gexf_schema: etree.XMLSchema) -> None:
    text = generate_gexf(graph)
    document = etree.fromstring(text.encode("utf-8"))
    colours = list(document.iter(f"{{{VIZ_NS}}}color"))
    assert len(colours) == graph.number_of_nodes() + graph.number_of_edges()
    for element in colours:  # the vendored schema declares viz elements in the GEXF namespace (see README)
        element.tag = f"{{{GEXF_NS}}}color"
    gexf_schema.assertValid(document)
    back = nx.read_gexf(io.StringIO(text))
    nodes, edges = read_back(back, lambda n, d: n, lambda k, d: d["edge_key"], {"viz"}, {"edge_key", "id", "viz"})
    assert (nodes, edges) == expected(graph)


def test_gexf_colours_follow_kind() -> None:
    document = etree.fromstring(generate_gexf(tricky_graph()).encode("utf-8"))
    edges = list(document.iter(f"{{{GEXF_NS}}}edge"))
    colour = {e.get("id"): e.find(f"{{{VIZ_NS}}}color").attrib for e in edges}
    def expected_colour(kind: str) -> dict[str, str]:
        r, g, b = rgb(EDGE_COLOURS[kind])
        return {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"}

    assert colour["https://w3id.org/alliance-kg/id/prv/q"] == colour["https://w3id.org/alliance-kg/id/prv/q#2"]
    assert colour["https://w3id.org/alliance-kg/id/prv/q"] == expected_colour("investment")
    assert colour["https://w3id.org/alliance-kg/id/prv/p#1"] == expected_colour("Exclusivity")
    nodes = {n.get("id"): n.find(f"{{{VIZ_NS}}}color").attrib for n in document.iter(f"{{{GEXF_NS}}}node")}
    assert nodes["https://w3id.org/alliance-kg/id/ent/a-b_c"] != nodes["https://example.org/org?name=x&y=1#frag"]


# -- JSON formats ----------------------------------------------------------------------------------

def test_cytoscape_loses_nothing(graph: nx.Graph) -> None:
    data = json.loads(generate_cytoscape(graph))
    ids = [e["data"]["id"] for e in data["elements"]["edges"]]
    assert len(ids) == len(set(ids))  # Cytoscape.js refuses duplicate ids
    back = nx.cytoscape_graph(data)
    helpers = {"id", "value", "name", "colour"}
    got = read_back(back, lambda n, d: n, lambda k, d: k, helpers, helpers | {"source", "target", "key"})
    assert got == expected(graph)


def test_node_link_loses_nothing(graph: nx.Graph) -> None:
    back = nx.node_link_graph(json.loads(generate_node_link(graph)), edges="edges")
    assert read_back(back, lambda n, d: n, lambda k, d: k) == expected(graph)


# -- DOT and pictures --------------------------------------------------------------------------------

def test_dot_renders_and_keeps_iris_and_data(graph: nx.Graph) -> None:
    text = generate_dot(graph)
    svg = subprocess.run(["dot", "-Tsvg"], input=text.encode("utf-8"), capture_output=True, check=False)
    assert svg.returncode == 0, svg.stderr
    titles = {t.text for t in etree.fromstring(svg.stdout).iter("{http://www.w3.org/2000/svg}title")}
    assert {str(n) for n in graph} <= titles
    laid_out = json.loads(subprocess.run(["dot", "-Tjson"], input=text.encode("utf-8"), capture_output=True,
                                         check=True).stdout)
    objects = laid_out.get("objects", [])
    names = {o["_gvid"]: o["name"] for o in objects}
    nodes = {o["name"]: {k[5:]: v for k, v in o.items() if k.startswith("data_")} for o in objects}
    edges = {}
    for edge in laid_out.get("edges", []):
        data = {k[5:]: v for k, v in edge.items() if k.startswith("data_")}
        key = data.pop("edge_key")
        data.pop("edge_id")
        edges[(names[edge["tail"]], names[edge["head"]], key)] = data
    assert (nodes, edges) == textual(*expected(graph))


def test_dot_quotes_without_mangling() -> None:
    text = generate_dot(tricky_graph())
    assert '"https://example.org/org?name=x&y=1#frag" [' in text
    assert '"data_label"="Say \\"hi\\" <b>&amp;</b>"' in text


def test_svg_and_png_pictures() -> None:
    svg = render(tricky_graph(), "svg")
    assert etree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    assert render(tricky_graph(), "png").startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValueError, match="valid: svg, png"):
        render(tricky_graph(), "gif")


# -- CSV ----------------------------------------------------------------------------------------------

def test_gephi_csv_loses_nothing(graph: nx.Graph) -> None:
    nodes_csv, edges_csv = generate_csv(graph, "gephi")
    nodes = {}
    for row in csv.DictReader(io.StringIO(nodes_csv)):
        node = row.pop("Id")
        row["label"] = row.pop("Label")
        nodes[node] = {k: v for k, v in row.items() if v != ""}
    edges = {}
    for row in csv.DictReader(io.StringIO(edges_csv)):
        assert row.pop("Type") == ("Directed" if graph.is_directed() else "Undirected")
        key = (row.pop("Source"), row.pop("Target"), row.pop("edge_key"))
        row.pop("Id")
        label = row.pop("Label")
        if label:
            row["label"] = label
        edges[key] = {k: v for k, v in row.items() if v != ""}
    want_nodes, want_edges = textual(*expected(graph))
    assert nodes == {n: {k: v for k, v in a.items() if v != ""} for n, a in want_nodes.items()}
    assert edges == {e: {k: v for k, v in a.items() if v != ""} for e, a in want_edges.items()}


def test_neo4j_csv_headers_are_typed() -> None:
    nodes_csv, edges_csv = generate_csv(tricky_graph(), "neo4j")
    assert next(csv.reader(io.StringIO(nodes_csv))) == ["id:ID", "label", "count:long", "flag:boolean", "kind",
                                                        ":LABEL"]
    header = next(csv.reader(io.StringIO(edges_csv)))
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"] and "amount:double" in header
    assert {row[":TYPE"] for row in csv.DictReader(io.StringIO(edges_csv))} == {"EXCLUSIVITY", "INVESTMENT"}


def test_csv_files_next_to_each_other_or_in_a_folder(tmp_path: Path) -> None:
    assert [p.name for p in write_csv(tricky_graph(), tmp_path / "money.csv")] == ["money.csv", "money-edges.csv"]
    assert [p.name for p in write_csv(tricky_graph(), tmp_path / "out")] == ["nodes.csv", "edges.csv"]
    assert (tmp_path / "out" / "edges.csv").read_text().count("\n") == 4


# -- RDF and download links --------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["all", *VIEWS])
def test_rdf_exports_round_trip(store: OxigraphStore, view: str) -> None:
    triples = view_triples(store, view)
    original = Graph()
    for triple in triples:
        original.add(triple)
    for fmt, parser in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")):
        content, media_type = export_bytes(store, view, fmt)
        assert media_type == FORMATS[fmt].media_type
        back = Graph().parse(data=content, format=parser)
        assert len(back) == len(original) and isomorphic(back, original), (view, fmt)


@pytest.mark.parametrize("view", ["all", *VIEWS])
def test_turtle_and_ntriples_from_the_embedded_store_are_those_of_its_triples(store: OxigraphStore, view: str) -> None:
    # The embedded store writes them from its own terms; the bytes are those of the generic path.
    triples = view_triples(store, view)
    for fmt in ("turtle", "ntriples"):
        assert export_bytes(store, view, fmt)[0] == generate_rdf(triples, fmt), (view, fmt)
    with pytest.raises(ExportTooLarge, match=f"{len(triples)} triples"):
        export_bytes(store, view, "ntriples", max_items=len(triples) - 1)


def test_export_bytes_for_every_graph_format(store: OxigraphStore) -> None:
    for fmt, spec in FORMATS.items():
        if spec.source in ("rdf", "odrl"):  # made from triples (test_rdf_exports_round_trip, test_exports_odrl)
            continue
        content, media_type = export_bytes(store, "money", fmt)
        assert content and media_type == spec.media_type, fmt
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(store, "alliance", "csv")[0]))
    assert archive.namelist() == ["nodes.csv", "edges.csv"]
    with pytest.raises(ExportError, match="valid: ownership"):
        export_bytes(store, "all", "gexf")
    with pytest.raises(ExportError, match="unknown format"):
        export_bytes(store, "money", "xlsx")


def test_export_bytes_refuses_more_items_than_asked_before_serializing(store: OxigraphStore) -> None:
    edges = build_view(store, "money").number_of_edges()
    assert export_bytes(store, "money", "node-link", max_items=edges)[0]
    with pytest.raises(ExportTooLarge) as graph_too_large:
        export_bytes(store, "money", "node-link", max_items=edges - 1)
    assert (graph_too_large.value.count, graph_too_large.value.unit) == (edges, "edges")
    with pytest.raises(ExportTooLarge, match="triples"):
        export_bytes(store, "all", "odrl", max_items=10)
    with pytest.raises(ExportError, match="option of the alliance view"):
        export_bytes(store, "money", "graphml", agreement_nodes="all")


def test_focus_keeps_the_neighbourhood(store: OxigraphStore, tmp_path: Path) -> None:
    money = build_view(store, "money")
    near = neighbourhood(money, MSFT)
    assert MSFT in near and OPENAI in near and set(near) <= set(money)
    written = write_export(store, "money", "graphml", tmp_path / "m.graphml", focus=MSFT)
    back = nx.read_graphml(written[0])
    assert {d["iri"] for _, d in back.nodes(data=True)} == set(near)
    with pytest.raises(ExportError):
        neighbourhood(money, "https://w3id.org/alliance-kg/id/ent/nobody")
