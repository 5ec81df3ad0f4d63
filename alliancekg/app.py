"""The Typer application and the options every command shares (which store, how to print)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
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

    rich fixes a console's size from ``COLUMNS`` and ``LINES`` when it is made, so the console is
    made again when they change (a process running several commands, as tests do, each with its
    own terminal width).

    Examples
    --------
    >>> lazy = LazyConsole(stderr=True)
    >>> lazy._made is None
    True
    >>> lazy.stderr, lazy._made is not None
    (True, True)
    """

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._made: tuple[tuple[str | None, str | None], Console] | None = None

    @property
    def console(self) -> Console:
        """The rich console itself, for the current ``COLUMNS`` and ``LINES``."""
        size = (os.environ.get("COLUMNS"), os.environ.get("LINES"))
        if self._made is None or self._made[0] != size:
            from rich.console import Console

            self._made = (size, Console(**self._options))
        return self._made[1]

    def __getattr__(self, name: str) -> Any:
        if name in ("console", "_made", "_options") or name.startswith("__"):  # not while making it
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
