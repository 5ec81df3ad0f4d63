"""The Typer application and the options every command shares (which store, how to print)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from alliancekg.graph.store import KnowledgeStore, open_store

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="alliancekg",
    help="A knowledge graph of AI-industry alliances: who holds which rights over whom, "
    "until when, under what conditions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class LazyConsole:
    """A rich ``Console`` made when first used: importing rich takes a good part of a quick command's time.

    Examples
    --------
    >>> lazy = LazyConsole(stderr=True)
    >>> "console" in vars(lazy)
    False
    >>> lazy.stderr, "console" in vars(lazy)
    (True, True)
    """

    def __init__(self, **options: Any) -> None:
        self._options = options

    @cached_property
    def console(self) -> Console:
        """The rich console itself."""
        from rich.console import Console

        return Console(**self._options)

    def __getattr__(self, name: str) -> Any:
        if name == "console" or name.startswith("__"):  # not while making the console, nor for dunders
            raise AttributeError(name)
        return getattr(self.console, name)


console = LazyConsole()
err_console = LazyConsole(stderr=True)


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
