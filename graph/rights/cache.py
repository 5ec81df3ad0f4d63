"""Data read from a store, kept until the store's version changes.

Every committed write through :class:`~alliancekg.graph.store.OxigraphStore` (a load, a saved
scenario…) gives the store a new version marker (:mod:`alliancekg.graph.store.version`).  What
the rights engine reads from a store (every provision with its conditions) is kept here per open
store object and per marker, so answering again for another date, scenario or holder costs only
the evaluation.  A store object sees one handle's data: a read-only handle keeps seeing the data
it was opened on, and a writable one changes only through writes that change the marker.
A store object whose ``snapshot`` attribute is true (a server reader's read-only handle, which is
reopened when the data changes) shows one version for as long as it lives: what is read from it
is kept with it.  Other in-memory and remote stores have no marker and are never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

from alliancekg.graph.store import KnowledgeStore, OxigraphStore, store_version

T = TypeVar("T")

_ABSENT = object()
#: The version of a store object that shows one version of the data for as long as it lives.
SNAPSHOT = "snapshot"
_CACHE: WeakKeyDictionary[KnowledgeStore, dict[str, tuple[str | None, object]]] = WeakKeyDictionary()


def version_key(store: KnowledgeStore) -> tuple[str | None] | None:
    """The version marker of ``store`` wrapped in a tuple, or None when its data cannot be cached.

    A snapshot (see the module's description) has one version for as long as it lives.

    Examples
    --------
    >>> version_key(OxigraphStore()) is None
    True
    """
    if isinstance(store, OxigraphStore) and store.path is not None:
        return (store_version(store.path),)
    if getattr(store, "snapshot", False):
        return (SNAPSHOT,)
    return None


def cached(store: KnowledgeStore, name: str) -> object:
    """What :func:`store_cached` keeps for ``store`` under ``name`` at its current version, else None."""
    key = version_key(store)
    entry = _CACHE.get(store, {}).get(name) if key is not None else None
    return entry[1] if entry is not None and entry[0] == key[0] else None


def store_cached(store: KnowledgeStore, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept for ``store`` under ``name`` until the store's version marker changes.

    Examples
    --------
    >>> import tempfile
    >>> from rdflib import Literal, URIRef
    >>> store = OxigraphStore(tempfile.mkdtemp())
    >>> count = lambda: len(store.query("SELECT * { ?s ?p ?o }").rows)
    >>> store_cached(store, "count", count)
    0
    >>> store_cached(store, "count", lambda: -1)  # the same version: kept
    0
    >>> store.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:b"), Literal(1))])
    >>> store_cached(store, "count", count)  # a write changed the version
    1
    """
    key = version_key(store)
    if key is None:
        return compute()
    found = cached(store, name)
    if found is not None:
        return found  # type: ignore[return-value]
    value = compute()
    _CACHE.setdefault(store, {})[name] = (key[0], value)
    return value


__all__ = ["SNAPSHOT", "cached", "store_cached", "version_key"]
