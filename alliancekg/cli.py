"""Entry point of the ``alliancekg`` command: the app, whose command modules are imported when used.

Each command module imports what its commands need (SHACL and HermiT for ``build``, NetworkX
for ``analyze``, FastAPI for ``serve``…).  Importing all of them took about a second before any
command ran, so :class:`LazyCommands` imports only the module of the command being run; listing
the commands (``alliancekg --help``, the CLI reference) imports them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

from typer.main import get_group

from alliancekg.app import app
from alliancekg.conversion import PlainGroup

if TYPE_CHECKING:  # typer's own click: importing the click package too would only cost time
    from typer._click import Command, Context

#: Every top-level command (or command group) and the module of :mod:`alliancekg.commands` that
#: defines it, in the order ``alliancekg --help`` lists them.
COMMAND_MODULES: dict[str, str] = {
    "analyze": "analyze", "build": "build", "load": "build", "queries": "catalog", "query": "catalog",
    "export": "export", "rights": "rights", "timeline": "rights", "serve": "serve", "link": "datasets",
    "datasets": "datasets", "scenario": "rights",
}


def load_commands(names: list[str]) -> None:
    """Import the command modules defining ``names`` (unknown names are left to click to report).

    Examples
    --------
    >>> import sys
    >>> load_commands(["query"])
    >>> "alliancekg.commands.catalog" in sys.modules
    True
    """
    for module in dict.fromkeys(COMMAND_MODULES[name] for name in names if name in COMMAND_MODULES):
        importlib.import_module(f"alliancekg.commands.{module}")


class CommandTable(MutableMapping[str, "Command"]):
    """The top-level commands by name: looking a name up imports its module, listing them imports them all.

    Whatever walks a group's ``commands`` (``--help``, the suggestions for a mistyped name, the CLI
    reference) thus sees every command, whichever modules happened to be imported before.

    Examples
    --------
    >>> from typer.main import get_command
    >>> "query" in get_command(app).commands
    True
    >>> list(get_command(app).commands) == list(COMMAND_MODULES)
    True
    """

    def __init__(self, made: Mapping[str, Command]) -> None:
        self._made = dict(made)

    def _load(self, names: list[str]) -> None:
        load_commands(names)
        if any(name in COMMAND_MODULES and name not in self._made for name in names):
            fresh = get_group(app).commands
            made = fresh._made if isinstance(fresh, CommandTable) else fresh
            self._made.update({name: made[name] for name in made if name not in self._made})

    def __getitem__(self, name: str) -> Command:
        if name not in self._made and name in COMMAND_MODULES:
            self._load([name])
        return self._made[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._made[name]

    def __iter__(self) -> Iterator[str]:
        self._load(list(COMMAND_MODULES))
        order = {name: index for index, name in enumerate(COMMAND_MODULES)}
        return iter(sorted(self._made, key=lambda name: (order.get(name, len(order)), name)))

    def __len__(self) -> int:
        return len(list(iter(self)))


class LazyCommands(PlainGroup):
    """The top-level command group: a command's module is imported the first time it is looked up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = CommandTable(self.commands)

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)


app.info.cls = LazyCommands

__all__ = ["COMMAND_MODULES", "CommandTable", "LazyCommands", "app", "load_commands"]

if __name__ == "__main__":
    app()
