"""The Typer application and the options every command shares (which store, how to print)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from alliancekg.graph.store import KnowledgeStore, open_store

app = typer.Typer(
    name="alliancekg",
    help="A knowledge graph of AI-industry alliances: who holds which rights over whom, "
    "until when, under what conditions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


class OutputFormat(StrEnum):
    """Tabular output formats of the CLI."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


@dataclass
class Settings:
    """Global options, set by the callback before any command runs."""

    store_path: Path | None = None
    endpoint: str | None = None

    def open(self, *, read_only: bool = False) -> KnowledgeStore:
        """Open the store these options point at."""
        return open_store(self.store_path, endpoint=self.endpoint, read_only=read_only)


settings = Settings()


@app.callback()
def main(
    store: Annotated[
        Path | None,
        typer.Option("--store", envvar="ALLIANCEKG_STORE",
                     help="Directory of the embedded Oxigraph store "
                          "(default: ~/.local/share/alliance-kg/store)."),
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", envvar="ALLIANCEKG_ENDPOINT",
                     help="Use a remote SPARQL 1.1 server instead of the embedded store."),
    ] = None,
) -> None:
    """Set the store every command uses."""
    settings.store_path = store
    settings.endpoint = endpoint


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)
