"""Entry point of the ``alliancekg`` command: the app, whose command modules are imported when used.

Each command module imports what its commands need (SHACL and HermiT for ``build``, NetworkX
for ``analyze``, FastAPI for ``serve``…).  Importing all of them took about a second before any
command ran, so :class:`LazyCommands` imports only the module of the command being run; listing
the commands (``alliancekg --help``) imports them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

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


class LazyCommands(PlainGroup):
    """The top-level command group: a command's module is imported the first time it is looked up."""

    def _refresh(self, names: list[str]) -> None:
        load_commands(names)
        if any(name not in self.commands for name in names if name in COMMAND_MODULES):
            self.commands.update(get_group(app).commands)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands:
            # An unknown name loads every command, so that the error can suggest the nearest ones.
            self._refresh([cmd_name] if cmd_name in COMMAND_MODULES else list(COMMAND_MODULES))
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: Context) -> list[str]:
        self._refresh(list(COMMAND_MODULES))
        order = {name: index for index, name in enumerate(COMMAND_MODULES)}
        return sorted(self.commands, key=lambda name: (order.get(name, len(order)), name))


app.info.cls = LazyCommands

__all__ = ["COMMAND_MODULES", "LazyCommands", "app", "load_commands"]

if __name__ == "__main__":
    app()
