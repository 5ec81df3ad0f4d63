"""The version marker of an on-disk store: changed by every committed write, read by the server.

A read-only Oxigraph handle keeps seeing the data as it was when it was opened.  The server's
query workers keep theirs open between requests, so each write through :class:`OxigraphStore`
(``alliancekg load``, ``scenario save``…) replaces a small marker file in the store directory,
and a worker reopens its handle when the marker differs from the one it opened with.  The
marker is written to a temporary file and renamed over the old one, so a reader sees either
version whole.  This module imports only the standard library: the workers read it before
every request.

Builds, loads and bulk builds end by calling :func:`after_write` with the store they wrote:
every function registered in the ``alliancekg.after_write`` entry-point group is called with
it (the rights engine keeps what it compiles from the new version on disk there, so the first
answer of a new process needs no reading of the store).  The store layer thereby calls later
layers without importing them.
"""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from importlib.metadata import entry_points
from pathlib import Path

#: Name of the marker file inside the store directory.
VERSION_FILE = "alliancekg-version"
#: Entry-point group of the functions :func:`after_write` calls.
AFTER_WRITE_GROUP = "alliancekg.after_write"

log = logging.getLogger(__name__)


def store_version(path: Path | str) -> str | None:
    """The current version marker of the store at ``path`` (``None``: never written through alliance-kg).

    Examples
    --------
    >>> import tempfile
    >>> store = tempfile.mkdtemp()
    >>> store_version(store) is None
    True
    >>> bump_store_version(store) == store_version(store)
    True
    """
    try:
        return (Path(path) / VERSION_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def bump_store_version(path: Path | str) -> str:
    """Give the store at ``path`` a new version marker (atomically) and return it."""
    directory = Path(path)
    version = uuid.uuid4().hex
    handle, temporary = tempfile.mkstemp(prefix=f".{VERSION_FILE}-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="ascii") as marker:
            marker.write(version + "\n")
        os.replace(temporary, directory / VERSION_FILE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return version


def after_write(store: object) -> list[str]:
    """Call every ``alliancekg.after_write`` entry point with ``store`` (just written); the names called.

    A failing function is logged and skipped: the write itself is committed and stays.

    Examples
    --------
    >>> "rights" in after_write(None)  # the rights engine's (it ignores what is not an on-disk store)
    True
    """
    called = []
    for entry in sorted(entry_points(group=AFTER_WRITE_GROUP), key=lambda e: e.name):
        try:
            entry.load()(store)
        except Exception as exc:  # a step's failure must not undo a committed write
            log.warning("after-write step %s failed: %s", entry.name, exc)
            continue
        called.append(entry.name)
    return called


__all__ = ["AFTER_WRITE_GROUP", "VERSION_FILE", "after_write", "bump_store_version", "store_version"]
