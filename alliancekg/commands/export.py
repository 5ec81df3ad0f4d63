"""``alliancekg export``: a view (or the data) as GraphML, GEXF, Cytoscape.js, DOT, node-link JSON,
CSV, Turtle, N-Triples, JSON-LD, or a picture (SVG, PNG); the agreements as ODRL policies."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliancekg.app import app, console, fail, settings
from alliancekg.graph.network.exports import (
    FORMATS,
    SCREEN_INCHES,
    ExportError,
    RenderError,
    export_bytes,
    write_export,
)
from alliancekg.graph.network.exports.tables import FLAVORS
from alliancekg.graph.network.views import VIEWS
from alliancekg.graph.network.views.alliance import AGREEMENT_NODES
from alliancekg.graph.store.terms import expand_curie


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Format: {', '.join(FORMATS)}.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write ('-': standard output). csv: "
                                         "PATH.csv holds the nodes and PATH-edges.csv the edges; a directory "
                                         "gets nodes.csv and edges.csv.")],
    focus: Annotated[str | None, typer.Option("--focus", help="Keep only this organization (IRI or CURIE) "
                                                                "and its neighbours.")] = None,
    radius: Annotated[int, typer.Option("--radius", help="With --focus: how many hops to keep.")] = 1,
    csv_flavor: Annotated[str, typer.Option("--csv-flavor", help=f"csv headers: {', '.join(FLAVORS)}.")] = "gephi",
    title: Annotated[str | None, typer.Option("--title", help="Title drawn on dot, svg and png output.")] = None,
    view: Annotated[str | None, typer.Option("--view", "-v", help=f"View: {', '.join(VIEWS)}; 'all' (RDF formats) "
                                             "for every triple. Required except for odrl and odrl-jsonld, which "
                                             "export every agreement.")] = None,
    agreement_nodes: Annotated[str, typer.Option("--agreement-nodes", help="Alliance view: draw agreements as "
                                                 "nodes linked to their parties instead of an edge per pair of "
                                                 "parties: multi-party (three or more parties) or all "
                                                 "(bipartite).")] = "none",
    full_size: Annotated[bool, typer.Option("--full-size", help="svg, png: draw at natural size instead of "
                                            "scaling down to a screen (1920 x 1080 pixels).")] = False,
) -> None:
    """Export a view of the graph, or the data, to a file other tools open."""
    if view is None:
        if fmt not in FORMATS or FORMATS[fmt].source != "odrl":
            raise fail(f"--view is required for --format {fmt}")
        view = "all"
    if agreement_nodes not in AGREEMENT_NODES:
        raise fail(f"unknown --agreement-nodes {agreement_nodes!r}; valid: {', '.join(AGREEMENT_NODES)}")
    if agreement_nodes != "none" and view != "alliance":
        raise fail("--agreement-nodes is an option of the alliance view")
    if csv_flavor not in FLAVORS:
        raise fail(f"unknown CSV flavor {csv_flavor!r}; valid: {', '.join(FLAVORS)}")
    focus_iri = expand_curie(focus) if focus else None
    try:
        with settings.open(read_only=True) as store:
            if str(output) == "-":
                if fmt == "csv":
                    raise ExportError("csv writes two files: give --output a path")
                content, _ = export_bytes(store, view, fmt, focus=focus_iri, radius=radius,
                                          agreement_nodes=agreement_nodes)
                sys.stdout.buffer.write(content)
                sys.stdout.flush()
                return
            written = write_export(store, view, fmt, output, focus=focus_iri, radius=radius, csv_flavor=csv_flavor,
                                   title=title, agreement_nodes=agreement_nodes,
                                   size=None if full_size else SCREEN_INCHES)
    except (ExportError, ValueError) as exc:
        raise fail(str(exc)) from exc
    except RenderError as exc:
        raise fail(str(exc), code=1) from exc
    for path in written:
        console.print(f"wrote {path} ({path.stat().st_size:,} bytes)", highlight=False)


__all__ = ["export_command"]
