"""Data read from a store, kept until the store's version changes: in memory and on disk.

Every committed write through :class:`~alliancekg.graph.store.OxigraphStore` (a load, a saved
scenario…) gives the store a new version marker (:mod:`alliancekg.graph.store.version`).  What
the rights engine reads from a store (every provision with its conditions) is kept per store
version in two places:

- in memory, per open store object, so answering again for another date, scenario or holder
  costs only the evaluation;
- on disk, in the store directory (``alliancekg-cache/<name>-<version>.pickle``), so that a new
  process (each command run, each server worker after a write) reads the compiled data instead
  of querying the store again.  A process that opened the store for writing writes the file
  after its first computation, and the ``build`` and ``load`` commands write it once their
  write is committed (:func:`alliancekg.graph.rights.evaluation.warm_store`), so a served store is
  warm.  Every process, read-only ones too, reads the file whose version is the store's current
  marker.  A file is written to a temporary file and renamed, so a reader sees it whole; files
  of older versions are removed when a new one is written.

The files are pickles: the store directory is the user's own data, as trusted as the store
itself (anyone who can write there can change the data the answers come from).  A file that
cannot be read, was written for another version or by another revision of this format
(:data:`FORMAT`) or for other classes (the ``revision`` its writer gives, such as the fields of
the classes it keeps) is ignored and the data read from the store again.  A store object sees one
handle's data: a read-only handle keeps seeing the data it was opened on, and a writable one
changes only through writes that change the marker.  In-memory and remote stores, and stores
never written through alliance-kg (no marker), are kept only in memory or not at all.
A store object whose ``snapshot`` attribute is true (a server reader's read-only handle, which is
reopened when the data changes) shows one version for as long as it lives: what is read from it
is kept with it, in memory.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from weakref import WeakKeyDictionary

from alliancekg.graph.store import KnowledgeStore, OxigraphStore, store_version

T = TypeVar("T")

#: The version of a store object that shows one version of the data for as long as it lives.
SNAPSHOT = "snapshot"
#: Folder of the kept files inside the store directory.
CACHE_DIR = "alliancekg-cache"
#: Revision of what the files hold; files of another revision are ignored.  Raise it whenever
#: what is kept changes shape (the fields of a provision or condition, the way it is read…).
FORMAT = 1
#: What every file starts with, to tell it from anything else that might lie there.
MAGIC = "alliancekg-rights-cache"
_SUFFIX = ".pickle"

_CACHE: WeakKeyDictionary[KnowledgeStore, dict[str, tuple[str | None, object]]] = WeakKeyDictionary()
log = logging.getLogger(__name__)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a block that makes many objects and no cycles.

    Reading the kept provisions makes hundreds of thousands of objects, and each collection
    the allocations trigger walks all of them again; pausing it makes the reading (and an
    evaluation over them) about twice as fast.  Objects without cycles are freed as usual.

    Examples
    --------
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def cache_file(directory: Path | str, name: str, version: str) -> Path:
    """Where the data kept under ``name`` for ``version`` of the store in ``directory`` lies.

    Examples
    --------
    >>> cache_file("store", "rights.provisions", "v1").as_posix()
    'store/alliancekg-cache/rights.provisions-v1.pickle'
    """
    return Path(directory) / CACHE_DIR / f"{name}-{version}{_SUFFIX}"


def read_kept(directory: Path | str, name: str, version: str, revision: object = None) -> object | None:
    """What :func:`write_kept` wrote for ``name`` and ``version``; None when absent, unreadable or foreign.

    Examples
    --------
    >>> import tempfile
    >>> store = tempfile.mkdtemp()
    >>> read_kept(store, "n", "v1") is None
    True
    >>> write_kept(store, "n", "v1", [1, 2])
    >>> read_kept(store, "n", "v1")
    [1, 2]
    """
    try:
        with cache_file(directory, name, version).open("rb") as file, gc_paused():
            kept = pickle.load(file)  # the store directory is trusted (module docstring)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged file (any unpickling error) is only a miss
        log.info("ignoring the unreadable cache file for %s of version %s: %s", name, version, exc)
        return None
    if not (isinstance(kept, tuple) and len(kept) == 5 and kept[:4] == (MAGIC, (FORMAT, revision), name, version)):
        log.info("ignoring a cache file for %s of version %s written for something else", name, version)
        return None
    return kept[4]


def write_kept(directory: Path | str, name: str, version: str, value: object, revision: object = None) -> None:
    """Keep ``value`` on disk under ``name`` for ``version``, atomically; older versions' files are removed.

    One process at a time writes to a store (it holds the store's lock), so the temporary
    files found beside the new one were left by killed writers.
    """
    target = cache_file(directory, name, version)
    target.parent.mkdir(exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump((MAGIC, (FORMAT, revision), name, version, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # Older versions' files, and temporary files of writers killed before their rename.
    for old in (*target.parent.glob(f"{name}-*{_SUFFIX}"), *target.parent.glob(f".{name}-*.tmp")):
        if old != target:
            old.unlink(missing_ok=True)


def _kept_on_disk(store: KnowledgeStore, name: str, version: str | None, revision: object) -> object | None:
    if version is None or not isinstance(store, OxigraphStore) or store.path is None:
        return None
    return read_kept(store.path, name, version, revision)


def cached(store: KnowledgeStore, name: str, *, disk: bool = True, revision: object = None) -> object:
    """What :func:`store_cached` keeps for ``store`` under ``name`` at its current version, else None.

    Looked up in memory, then (with ``disk``) on disk, and then kept in memory.
    """
    key = version_key(store)
    if key is None:
        return None
    entry = _CACHE.get(store, {}).get(name)
    if entry is not None and entry[0] == key[0]:
        return entry[1]
    found = _kept_on_disk(store, name, key[0], revision) if disk else None
    if found is not None:
        _CACHE.setdefault(store, {})[name] = (key[0], found)
    return found


def store_cached(store: KnowledgeStore, name: str, compute: Callable[[], T], *, revision: object = None) -> T:
    """``compute()``, kept for ``store`` under ``name`` until the store's version marker changes.

    Kept in memory, and on disk when ``store`` is open for writing and has a version marker.
    A file on disk is read only if it was written with the same ``revision`` (any value that
    pickles, compared with ``==``): give one that changes whenever the shape of what
    ``compute`` returns does.

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
    >>> read_kept(store.path, "count", version_key(store)[0])  # and what was computed is on disk
    1
    """
    key = version_key(store)
    if key is None:
        return compute()
    found = cached(store, name, revision=revision)
    if found is not None:
        return found  # type: ignore[return-value]
    value = compute()
    _CACHE.setdefault(store, {})[name] = (key[0], value)
    if key[0] is not None and isinstance(store, OxigraphStore) and store.path is not None and not store.read_only:
        try:
            write_kept(store.path, name, key[0], value, revision)
        except OSError as exc:  # a full disk or a read-only folder: answers are still right, only slower
            log.warning("cannot keep %s in %s: %s", name, store.path / CACHE_DIR, exc)
    return value


__all__ = ["CACHE_DIR", "FORMAT", "MAGIC", "SNAPSHOT", "cache_file", "cached", "gc_paused", "read_kept",
           "store_cached", "version_key", "write_kept"]
