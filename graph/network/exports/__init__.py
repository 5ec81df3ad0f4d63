"""Exports of views and data: graph formats, RDF serializations and rendered pictures.

Every format has a pure ``generate_*`` function returning text or bytes and a ``write_*``
wrapper writing a file; :func:`export_bytes` is what a web server calls for a download link.

==========  ======================================  =============================================
format      what                                    opens in
==========  ======================================  =============================================
graphml     GraphML, typed keys, CURIE ids + iri    yEd, Gephi, Cytoscape, networkx
gexf        GEXF 1.2, labels, viz:color by kind     Gephi, networkx
cytoscape   Cytoscape.js JSON (elements/data)       Cytoscape.js, Cytoscape (.cyjs), networkx
dot         Graphviz DOT, IRIs quoted verbatim      Graphviz, Gephi, networkx (pydot)
node-link   node-link JSON                          networkx, D3
csv         nodes + edges CSV (gephi or neo4j)      Gephi spreadsheet import, neo4j-admin import
turtle      RDF Turtle of the view's triples        any RDF tool
ntriples    RDF N-Triples                           any RDF tool
jsonld      JSON-LD                                 any JSON-LD processor
odrl        agreements as ODRL 2.2 policies, Turtle ODRL tools and evaluators
odrl-jsonld the same in JSON-LD                     ODRL tools and evaluators
svg, png    the view drawn by Graphviz              browsers, documents
==========  ======================================  =============================================

RDF formats take the view name ``all`` for every triple of the data graphs; the ODRL formats
take only ``all`` (they are made from the agreements, see :mod:`~alliancekg.graph.network.exports.odrl`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from alliancekg.graph.network.exports.cytoscape import generate_cytoscape, write_cytoscape
from alliancekg.graph.network.exports.dot import generate_dot, write_dot
from alliancekg.graph.network.exports.gexf import generate_gexf, write_gexf
from alliancekg.graph.network.exports.graphml import generate_graphml, write_graphml
from alliancekg.graph.network.exports.nodelink import generate_node_link, write_node_link
from alliancekg.graph.network.exports.odrl import ODRL_FORMATS, generate_odrl
from alliancekg.graph.network.exports.rdf import (
    RDF_FORMATS,
    generate_oxigraph_rdf,
    generate_rdf,
    ntriples_lines,
    sorted_ntriples,
)
from alliancekg.graph.network.exports.render import PICTURE_FORMATS, SCREEN_INCHES, RenderError, render, write_picture
from alliancekg.graph.network.exports.tables import csv_paths, csv_zip, generate_csv, write_csv
from alliancekg.graph.network.views import VIEWS, build_view, view_oxigraph_triples, view_triples
from alliancekg.graph.store import KnowledgeStore
from alliancekg.ontology import load_ontology


@dataclass(frozen=True)
class Format:
    """An export format: its media type, file extension and what it is made from."""

    name: str
    media_type: str
    extension: str
    source: str  # "graph", "rdf", "odrl" or "picture"


def _text(generate: Callable[[nx.Graph], str]) -> Callable[[nx.Graph], bytes]:
    return lambda graph: generate(graph).encode("utf-8")


GRAPH_WRITERS: dict[str, Callable[[nx.Graph], bytes]] = {
    "graphml": _text(generate_graphml),
    "gexf": _text(generate_gexf),
    "cytoscape": _text(generate_cytoscape),
    "dot": _text(generate_dot),
    "node-link": _text(generate_node_link),
    "csv": csv_zip,
}

FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("graphml", "application/graphml+xml", ".graphml", "graph"),
    Format("gexf", "application/gexf+xml", ".gexf", "graph"),
    Format("cytoscape", "application/json", ".cyjs", "graph"),
    Format("dot", "text/vnd.graphviz", ".dot", "graph"),
    Format("node-link", "application/json", ".json", "graph"),
    Format("csv", "application/zip", ".zip", "graph"),
    *(Format(name, media, ext, "rdf") for name, (media, ext) in {
        "turtle": (RDF_FORMATS["turtle"][1], ".ttl"), "ntriples": (RDF_FORMATS["ntriples"][1], ".nt"),
        "jsonld": (RDF_FORMATS["jsonld"][1], ".jsonld")}.items()),
    *(Format(name, media, ext, "odrl") for name, (_, media, ext) in ODRL_FORMATS.items()),
    *(Format(name, media, f".{name}", "picture") for name, media in PICTURE_FORMATS.items()),
)}


class ExportError(ValueError):
    """An unknown format or view, or a view that does not go with the format."""


class ExportTooLarge(ExportError):
    """An export with more triples (RDF and ODRL formats, counting the triples read) or edges
    (graph and picture formats) than the ``max_items`` asked of :func:`export_bytes`."""

    def __init__(self, count: int, limit: int, unit: str) -> None:
        super().__init__(f"the export has {count} {unit}, more than the limit of {limit}")
        self.count, self.limit, self.unit = count, limit, unit


def get_format(name: str) -> Format:
    """The format called ``name``, or :class:`ExportError` listing the valid names."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown format {name!r}; valid: {', '.join(FORMATS)}") from None


def neighbourhood(graph: nx.Graph, node: str, radius: int = 1) -> nx.Graph:
    """The part of ``graph`` within ``radius`` hops of ``node`` (either direction), edges and all.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(neighbourhood(g, "b"))
    ['a', 'b', 'c']
    """
    if node not in graph:
        raise ExportError(f"{node} is not a node of the {graph.graph.get('name', 'graph')} view")
    kept = nx.ego_graph(graph.to_undirected(as_view=True), node, radius=radius)
    return graph.subgraph(kept).copy()


def export_graph(graph: nx.Graph, fmt: str, *, title: str | None = None,
                 size: tuple[float, float] | None = SCREEN_INCHES) -> bytes:
    """``graph`` in a graph or picture format (pictures scaled down to ``size`` inches; ``None``: full size)."""
    spec = get_format(fmt)
    if spec.source == "picture":
        return render(graph, fmt, title=title, size=size)
    if spec.source != "graph":
        raise ExportError(f"{fmt} exports triples, not a graph: use export_bytes with a view name")
    if fmt == "dot" and title:
        return generate_dot(graph, title=title).encode("utf-8")
    return GRAPH_WRITERS[fmt](graph)


def _check_view(view: str, spec: Format, agreement_nodes: str = "none") -> None:
    valid = ["all"] if spec.source == "odrl" else list(VIEWS) + (["all"] if spec.source == "rdf" else [])
    if view not in valid:
        raise ExportError(f"unknown view {view!r} for {spec.name}; valid: {', '.join(valid)}")
    if agreement_nodes != "none" and view != "alliance":
        raise ExportError(f"agreement nodes are an option of the alliance view, not of the {view} view")


def _within(count: int, max_items: int | None, unit: str) -> None:
    if max_items is not None and count > max_items:
        raise ExportTooLarge(count, max_items, unit)


def export_bytes(store: KnowledgeStore, view: str, fmt: str, *, focus: str | None = None,
                 radius: int = 1, agreement_nodes: str = "none", max_items: int | None = None) -> tuple[bytes, str]:
    """The export of ``view`` from ``store`` in ``fmt``, with its media type (for download links).

    ``focus`` keeps only the organizations within ``radius`` hops of that IRI (graph formats);
    ``agreement_nodes`` draws the alliance view's agreements as nodes (``multi-party`` or ``all``).
    ``max_items`` bounds the triples read (RDF and ODRL formats) or the edges drawn (graph and
    picture formats): more raise :class:`ExportTooLarge` before anything is serialized.
    Unknown formats and views, and views that do not go with the format, raise :class:`ExportError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> content, media_type = export_bytes(OxigraphStore(path), "money", "gexf")
    >>> media_type, content.startswith(b"<?xml")
    ('application/gexf+xml', True)
    """
    spec = get_format(fmt)
    _check_view(view, spec, agreement_nodes)
    answer = view_oxigraph_triples(store, view) if fmt in ("turtle", "ntriples") else None
    if answer is not None:  # an embedded store: written from its own terms (N-Triples counted as lines)
        found = ntriples_lines(answer) if fmt == "ntriples" else list(answer)
        _within(len(found), max_items, "triples")
        content = sorted_ntriples(found) if fmt == "ntriples" else generate_oxigraph_rdf(found, fmt)
        return content, spec.media_type
    if spec.source in ("rdf", "odrl"):
        triples = view_triples(store, view)
        _within(len(triples), max_items, "triples")
        if spec.source == "rdf":
            return generate_rdf(triples, fmt), spec.media_type
        return generate_odrl(triples, load_ontology(), fmt), spec.media_type
    graph = build_view(store, view, agreement_nodes=agreement_nodes)
    if focus:
        graph = neighbourhood(graph, focus, radius)
    _within(graph.number_of_edges(), max_items, "edges")
    return export_graph(graph, fmt), spec.media_type


def write_export(store: KnowledgeStore, view: str, fmt: str, path: str | Path, *, focus: str | None = None,
                 radius: int = 1, csv_flavor: str = "gephi", title: str | None = None, agreement_nodes: str = "none",
                 size: tuple[float, float] | None = SCREEN_INCHES) -> list[Path]:
    """Write the export of ``view`` to ``path`` (CSV: nodes and edges files, see
    :func:`~alliancekg.graph.network.exports.tables.csv_paths`); return the files written.

    Pictures are scaled down to ``size`` inches (``None``: full size)."""
    spec = get_format(fmt)
    _check_view(view, spec, agreement_nodes)
    path = Path(path)
    if spec.source in ("rdf", "odrl"):
        path.write_bytes(export_bytes(store, view, fmt)[0])
        return [path]
    graph = build_view(store, view, agreement_nodes=agreement_nodes)
    if focus:
        graph = neighbourhood(graph, focus, radius)
    if fmt == "csv":
        return list(write_csv(graph, path, csv_flavor))
    path.write_bytes(export_graph(graph, fmt, title=title, size=size))
    return [path]


__all__ = [
    "FORMATS", "SCREEN_INCHES", "ExportError", "ExportTooLarge", "Format", "RenderError", "csv_paths", "export_bytes",
    "export_graph", "generate_csv",
    "generate_cytoscape", "generate_dot", "generate_gexf", "generate_graphml", "generate_node_link", "generate_odrl",
    "generate_rdf",
    "get_format", "neighbourhood", "render", "write_csv", "write_cytoscape", "write_dot", "write_export", "write_gexf",
    "write_graphml", "write_node_link", "write_picture",
]
