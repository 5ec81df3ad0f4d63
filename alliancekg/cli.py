"""Entry point of the ``alliancekg`` command: imports every command module onto one app."""

from __future__ import annotations

from alliancekg.app import app
from alliancekg.commands import analyze, build, catalog, datasets, export, rights, serve  # noqa: F401  (registers commands)

__all__ = ["app"]

if __name__ == "__main__":
    app()
