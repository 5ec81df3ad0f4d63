"""Nodes and edges as two CSV files, with the headers Gephi or Neo4j expect.

``gephi`` (spreadsheet import): nodes ``Id,Label,…``; edges ``Source,Target,Type,Id,Label,…``
(``Weight`` when the graph has weights). ``neo4j`` (``neo4j-admin database import``): nodes
``id:ID,label,…,:LABEL`` with typed columns (``amount:double``, ``flag:boolean``…); edges
``:START_ID,:END_ID,:TYPE,…``, the type being the edge kind in capitals. Node ids are IRIs.

Where files go (:func:`csv_paths`): a directory (an existing one, or a path without suffix) gets
``nodes.csv`` and ``edges.csv``; a file path ``NAME.csv`` is the nodes file and ``NAME-edges.csv``
beside it the edges file.

Cells are spreadsheet-safe (:func:`spreadsheet_safe`): text that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading
apostrophe, and control characters are written as escapes (``\\x1b``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import networkx as nx

from alliancekg.graph.network.exports.prepare import Flat, prepare
from alliancekg.graph.store.terms import escape_control_characters

FLAVORS = ("gephi", "neo4j")
NEO4J_TYPES = {bool: "boolean", int: "long", float: "double", str: ""}

#: First characters that make a spreadsheet read a cell as a formula (with their full-width forms).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a cell no spreadsheet runs as a formula: a leading apostrophe where it could be one.

    Numbers (``-12.5``) are left alone; Excel, LibreOffice and Google Sheets show the apostrophe
    of other text as a text marker, not as part of the value.

    Examples
    --------
    >>> print(spreadsheet_safe('=HYPERLINK("http://x","click")'), spreadsheet_safe("@SUM(1+1)"))
    '=HYPERLINK("http://x","click") '@SUM(1+1)
    >>> spreadsheet_safe("-12.5"), spreadsheet_safe("Microsoft")
    ('-12.5', 'Microsoft')
    """
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return spreadsheet_safe(escape_control_characters(str(value)))


def _write(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_text(v) for v in row] for row in rows])
    return buffer.getvalue()


def relationship_type(kind: object) -> str:
    """A Neo4j relationship type from an edge kind.

    Examples
    --------
    >>> relationship_type("RightOfFirstRefusal"), relationship_type("purchase_commitment")
    ('RIGHT_OF_FIRST_REFUSAL', 'PURCHASE_COMMITMENT')
    """
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(kind) or "RELATED")
    return re.sub(r"[^A-Za-z0-9_]", "_", text).upper()


def _typed(name: str, kind: type) -> str:
    suffix = NEO4J_TYPES[kind]
    return f"{name}:{suffix}" if suffix else name


def csv_tables(flat: Flat, flavor: str = "gephi") -> tuple[str, str]:
    """Nodes CSV and edges CSV of a prepared graph."""
    if flavor not in FLAVORS:
        raise ValueError(f"unknown CSV flavor {flavor!r}; valid: {', '.join(FLAVORS)}")
    node_names = [n for n in flat.node_types if n != "label"]
    edge_names = [n for n in flat.edge_types if n not in ("label", "weight")]
    weighted = "weight" in flat.edge_types
    if flavor == "gephi":
        nodes = _write(["Id", "Label", *node_names],
                       [[n, a.get("label", n), *(a.get(k) for k in node_names)] for n, a in flat.nodes])
        kind = "Directed" if flat.directed else "Undirected"
        header = ["Source", "Target", "Type", "Id", "Label", *(["Weight"] if weighted else []), "edge_key", *edge_names]
        edges = _write(header, [[u, v, kind, eid, a.get("label", ""), *([a.get("weight")] if weighted else []), key,
                                 *(a.get(k) for k in edge_names)] for eid, u, v, key, a in flat.edges])
        return nodes, edges
    nodes = _write(["id:ID", "label", *(_typed(k, flat.node_types[k]) for k in node_names), ":LABEL"],
                   [[n, a.get("label", n), *(a.get(k) for k in node_names), a.get("kind", "Organization")]
                    for n, a in flat.nodes])
    edge_names = ([] if not weighted else ["weight"]) + edge_names
    edges = _write([":START_ID", ":END_ID", ":TYPE", "edge_id", "edge_key", "label",
                    *(_typed(k, flat.edge_types[k]) for k in edge_names)],
                   [[u, v, relationship_type(a.get("kind", "")), eid, key, a.get("label", ""),
                     *(a.get(k) for k in edge_names)] for eid, u, v, key, a in flat.edges])
    return nodes, edges


def generate_csv(graph: nx.Graph, flavor: str = "gephi") -> tuple[str, str]:
    """Nodes CSV and edges CSV of ``graph``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_node("urn:a", label="A", kind="Organization")
    >>> _ = g.add_edge("urn:a", "urn:b", key="urn:k", kind="investment", amount=1.5)
    >>> nodes, edges = generate_csv(g, "neo4j")
    >>> edges.splitlines()[0]
    ':START_ID,:END_ID,:TYPE,edge_id,edge_key,label,amount:double,kind'
    """
    return csv_tables(prepare(graph), flavor)


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """Where :func:`write_csv` puts the nodes and edges files for ``path``.

    Examples
    --------
    >>> [p.name for p in csv_paths("out/money.csv")], [p.name for p in csv_paths("out/money")]
    (['money.csv', 'money-edges.csv'], ['nodes.csv', 'edges.csv'])
    """
    path = Path(path)
    if path.is_dir() or not path.suffix:
        return path / "nodes.csv", path / "edges.csv"
    return path, path.with_name(f"{path.stem}-edges{path.suffix}")


def write_csv(graph: nx.Graph, path: str | Path, flavor: str = "gephi") -> tuple[Path, Path]:
    """Write the nodes and edges files (see :func:`csv_paths`); return their paths."""
    nodes_path, edges_path = csv_paths(path)
    nodes, edges = generate_csv(graph, flavor)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    nodes_path.write_text(nodes, encoding="utf-8")
    edges_path.write_text(edges, encoding="utf-8")
    return nodes_path, edges_path


def csv_zip(graph: nx.Graph, flavor: str = "gephi") -> bytes:
    """``nodes.csv`` and ``edges.csv`` in one ZIP archive (for downloads)."""
    nodes, edges = generate_csv(graph, flavor)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", nodes)
        archive.writestr("edges.csv", edges)
    return buffer.getvalue()


__all__ = ["FLAVORS", "FORMULA_STARTS", "csv_paths", "csv_tables", "csv_zip", "generate_csv", "relationship_type",
           "spreadsheet_safe", "write_csv"]
