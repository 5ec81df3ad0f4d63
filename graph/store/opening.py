"""Opening the store a command works on: a remote SPARQL endpoint or the embedded Oxigraph store."""

from __future__ import annotations

from pathlib import Path

from alliancekg.graph.store.embedded import OxigraphStore
from alliancekg.graph.store.interface import KnowledgeStore, default_store_path


def open_store(path: Path | str | None = None, *, endpoint: str | None = None,
               read_only: bool = False) -> KnowledgeStore:
    """Open the store a command works on: a remote ``endpoint`` if given, else the embedded one."""
    if endpoint:
        from alliancekg.graph.store.remote import RemoteStore

        return RemoteStore(endpoint)
    return OxigraphStore(path if path is not None else default_store_path(), read_only=read_only)
