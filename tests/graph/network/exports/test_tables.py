"""CSV node and edge tables: spreadsheet-safe text, one table pair per graph."""

from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx

from alliancekg.graph.network.exports.tables import csv_paths, csv_zip, generate_csv, spreadsheet_safe


def small() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="money")
    graph.add_node("urn:a", label="=HYPERLINK(\"http://x\")")
    graph.add_edge("urn:a", "urn:b", key="urn:deal", amount=3)
    return graph


def test_formulas_are_neutralised_and_plain_text_kept() -> None:
    assert spreadsheet_safe("=1+1") != "=1+1"
    assert spreadsheet_safe("OpenAI") == "OpenAI"


def test_nodes_and_edges_tables_hold_every_node_and_edge() -> None:
    nodes, edges = generate_csv(small())
    node_rows = list(csv.DictReader(io.StringIO(nodes)))
    edge_rows = list(csv.DictReader(io.StringIO(edges)))
    assert len(node_rows) == 2 and len(edge_rows) == 1
    assert not any(value.startswith("=") for row in node_rows for value in row.values() if value)
    with zipfile.ZipFile(io.BytesIO(csv_zip(small()))) as archive:
        assert len(archive.namelist()) == 2


def test_the_two_files_are_named_after_the_given_path() -> None:
    nodes, edges = csv_paths("out/money.csv")
    assert nodes != edges and nodes.parent == edges.parent
