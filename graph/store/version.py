"""The version marker of an on-disk store: changed by every committed write, read by the server.

A read-only Oxigraph handle keeps seeing the data as it was when it was opened.  The server's
query workers keep theirs open between requests, so each write through :class:`OxigraphStore`
(``alliancekg load``, ``scenario save``…) replaces a small marker file in the store directory,
and a worker reopens its handle when the marker differs from the one it opened with.  The
marker is written to a temporary file and renamed over the old one, so a reader sees either
version whole.  This module imports only the standard library: the workers read it before
every request.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

#: Name of the marker file inside the store directory.
VERSION_FILE = "alliancekg-version"


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


__all__ = ["VERSION_FILE", "bump_store_version", "store_version"]
