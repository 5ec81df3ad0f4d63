"""``alliancekg link …`` and ``alliancekg datasets …``: linking organizations and inspecting datasets."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from alliancekg.app import app, console, err_console, fail, settings
from alliancekg.graph.quality.reasoning import ReasonerUnavailable
from alliancekg.graph.store import StoreError
from alliancekg.graph.store.terms import compact
from alliancekg.loaders.errors import LoadError

link_app = typer.Typer(help="Link organizations: to Wikidata, and report how dataset names were resolved.",
                       no_args_is_help=True)
datasets_app = typer.Typer(help="The bundled datasets of the alliance network.", no_args_is_help=True)
app.add_typer(link_app, name="link")
app.add_typer(datasets_app, name="datasets")


@link_app.command("wikidata")
def link_wikidata(
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="Wikidata-shaped SPARQL endpoint (default: the public Wikidata query service).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for the endpoint.")] = 60.0,
    no_reason: Annotated[bool, typer.Option("--no-reason", help="Skip the HermiT consistency check.")] = False,
) -> None:
    """Fetch labels and parent/subsidiary links (P749, P355) of every organization with an
    owl:sameAs to Wikidata, and store them in the graph .../graph/links/wikidata (replaced as a whole)."""
    from alliancekg.graph.build import load_into
    from alliancekg.graph.rights.evaluation import warm_store
    from alliancekg.loaders.wikidata import (
        DEFAULT_ENDPOINT,
        LINKED_QUERY,
        WikidataError,
        build_query,
        fetch,
        linked_items,
        links_graph,
        wikidata_input,
    )

    url = endpoint or DEFAULT_ENDPOINT
    try:
        with settings.open() as store:
            pairs = [(row["org"], row["item"]) for row in store.query(LINKED_QUERY).rows]
            linked = linked_items(pairs)
            if not linked:
                raise fail("no organization has an owl:sameAs to a Wikidata item; run 'alliancekg build' first")
            rows = fetch(url, build_query(sorted(linked)), timeout=timeout)
            graph = links_graph(rows, linked)
            report = load_into(store, [wikidata_input(graph)], reason=not no_reason)
            warm_store(store)  # the next process reads the rights data kept for this version
    except WikidataError as exc:
        raise fail(str(exc)) from exc
    except LoadError as exc:
        err_console.print(f"[bold red]error:[/] nothing was written: {exc}", highlight=False, markup=False)
        raise typer.Exit(1) from exc
    except (ReasonerUnavailable, StoreError, OSError) as exc:
        raise fail(str(exc)) from exc
    console.print(f"{len(linked)} linked organizations looked up at {url}: {len(rows)} answers, "
                  f"{report.triples} triples in links/wikidata ({report.seconds:.1f} s)", highlight=False)


@link_app.command("names")
def link_names(
    show_all: Annotated[bool, typer.Option("--all", help="List every resolved name, not only ambiguous and new ones.")]
    = False,
) -> None:
    """How the names in the bundled datasets were resolved: ambiguous matches (kept apart, with their
    candidates) and names that got a new node."""
    from alliancekg.loaders.datasets import bundled

    try:
        matches = bundled().matches
    except LoadError as exc:
        raise fail(str(exc)) from exc
    table = Table(title="organization names in the bundled datasets")
    for column in ("name", "resolved to", "how", "candidates"):
        table.add_column(column)
    order = {"ambiguous": 0, "new": 1}
    for match in sorted(matches, key=lambda m: (order.get(m.how, 2), m.name.casefold())):
        if show_all or match.how in order:
            table.add_row(match.name, compact(match.iri), match.how, ", ".join(compact(c) for c in match.candidates))
    console.print(table)
    ambiguous = sum(m.ambiguous for m in matches)
    console.print(f"{len(matches)} names: {ambiguous} ambiguous, {sum(m.how == 'new' for m in matches)} new")


@datasets_app.command("list")
def datasets_list() -> None:
    """The bundled datasets: graph, rows read and triples."""
    from alliancekg.loaders.datasets import bundled

    bundle = bundled()
    table = Table(title="bundled datasets")
    table.add_column("graph")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for key, rows in bundle.rows.items():
        graph, _, file = key.partition(":")
        table.add_row(graph, file, str(rows))
    console.print(table)
    for name, loaded in bundle.files.items():
        console.print(f"{name}: {len(loaded.graph):,} triples", highlight=False)


@datasets_app.command("epoch-check")
def datasets_epoch_check() -> None:
    """Where Epoch AI's funding rounds disagree with the alliances.csv deals they correspond to."""
    from alliancekg.loaders.datasets import bundled

    table = Table(title="Epoch AI vs alliances.csv")
    for column in ("round", "deal", "what", "Epoch AI", "alliances.csv"):
        table.add_column(column)
    disagreements = bundled().disagreements
    for item in disagreements:
        table.add_row(compact(item.round), compact(item.agreement), item.kind, item.epoch_value, item.network_value)
    console.print(table)
    console.print(f"{len(disagreements)} disagreement(s)")


@link_app.command("resolve")
def link_resolve(
    name: Annotated[str, typer.Argument(help="An organization's label, alias, CURIE or IRI.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """Which node a name maps to (and by what: label, alias, CURIE, IRI), with the node's group."""
    import json

    from alliancekg.graph.rights.groups import resolve_name
    from alliancekg.graph.rights.scenarios import ScenarioError

    try:
        with settings.open(read_only=True) as store:
            found = resolve_name(store, name)
    except ScenarioError as exc:
        raise fail(str(exc)) from exc
    if fmt == "json":
        typer.echo(json.dumps(found.record(), indent=2))
        return
    console.print(f"{name!r} → {compact(found.node)} ({found.label}), matched by {found.matched_by}",
                  highlight=False, markup=False)
    others = [f"{label} ({compact(node)})" for node, label in found.group if node != found.node]
    console.print(f"group: {', '.join(others) if others else 'no linked organizations'}", highlight=False, markup=False)
