"""Replacing a store directory whole: fresh directories, locked renames, recovery and leftovers.

A build writes a new store beside the old one and swaps it in by renames, so a crash at any
point leaves one whole store; what killed builds leave behind is recognised and removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from alliancekg.graph.store.interface import StoreError

#: Suffixes (before a random part) of the directories a build makes beside the store it replaces.
FRESH, OLD = ".new-", ".old-"


def lock_directory(path: Path, *, wait: bool) -> int | None:
    """An open descriptor of the directory ``path`` holding an exclusive ``flock`` on it.

    ``None`` if ``path`` is gone (or was replaced while waiting), or, without ``wait``, if another
    process holds the lock.  The kernel drops the lock when its holder dies, even by SIGKILL, so
    a locked ``.new-*`` or ``.old-*`` directory belongs to a build in progress.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> held = lock_directory(folder, wait=False)
    >>> held is not None, lock_directory(folder, wait=False)
    (True, None)
    >>> os.close(held)
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        if os.path.samestat(os.fstat(descriptor), os.stat(path)):
            return descriptor
    except OSError:  # held by another process, or removed or renamed meanwhile
        pass
    os.close(descriptor)
    return None


@contextmanager
def fresh_directory(target: Path | str) -> Iterator[Path]:
    """A new directory beside ``target`` to write a store in, locked until the block ends.

    Leftovers of killed builds are removed first (:func:`remove_leftovers`).  The directory is
    removed if the block raises; the block swaps it in with :func:`swap_in` when complete.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> with fresh_directory(target) as fresh:
    ...     fresh.name.startswith("store.new-"), remove_leftovers(target)
    (True, [])
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    while True:  # another process's cleanup may remove it before it is locked: make another
        fresh = Path(tempfile.mkdtemp(prefix=target.name + FRESH, dir=target.parent))
        descriptor = lock_directory(fresh, wait=True)
        if descriptor is not None:
            break
    try:
        yield fresh
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        os.close(descriptor)


def remove_leftovers(target: Path | str) -> list[Path]:
    """Remove the directories killed builds left beside ``target``; the ones removed.

    Those are ``<target>.new-*`` (a store being written) and, once ``target`` exists,
    ``<target>.old-*`` (a replaced store being deleted).  A directory still locked by a running
    build (:func:`lock_directory`) is kept.
    """
    target = Path(target)
    with suppress(OSError):
        siblings = sorted(target.parent.iterdir())
        removed = []
        for path in siblings:
            stale = path.name.startswith(target.name + FRESH) or (
                path.name.startswith(target.name + OLD) and target.exists())
            if not stale or path.is_symlink():
                continue
            descriptor = lock_directory(path, wait=False)
            if descriptor is None:
                continue
            try:
                shutil.rmtree(path, ignore_errors=True)
            finally:
                os.close(descriptor)
            removed.append(path)
        return removed
    return []


def swap_in(fresh: Path, target: Path) -> None:
    """Replace the store directory ``target`` by ``fresh`` with renames, so a crash leaves one whole store.

    The replaced store is locked while moved aside as ``<target>.old-*``, so no other process
    takes it for a leftover (or puts it back) before this one has finished.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    old = held = None
    for _attempt in range(100):  # a lock on a store that another swap replaced meanwhile: again
        if not target.exists():
            break
        held = lock_directory(target, wait=True)
        if held is not None:
            break
    else:
        raise StoreError(f"cannot lock the store at {target} to replace it")
    try:
        if held is not None:
            old = Path(tempfile.mkdtemp(prefix=target.name + OLD, dir=target.parent))
            old.rmdir()
            target.rename(old)
        Path(fresh).rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if held is not None:
            os.close(held)


def recover_interrupted_swap(target: Path | str) -> bool:
    """Put back the previous store if a :func:`swap_in` was interrupted between its two renames.

    A crash there leaves no ``target`` but a complete ``<target>.old-*`` sibling (the store as it
    was before): rename the newest such sibling back, unless a running swap still holds it.
    Returns whether a store was recovered.
    """
    target = Path(target)
    if target.exists() or not target.parent.is_dir():
        return False
    prefix = target.name + OLD
    olds = [p for p in target.parent.iterdir() if p.name.startswith(prefix) and p.is_dir()]
    if not olds:
        return False
    newest = max(olds, key=lambda p: p.stat().st_mtime)
    held = lock_directory(newest, wait=False)
    if held is None:  # a running swap is between its renames (or another process recovered it)
        return False
    try:
        newest.rename(target)
    except OSError:  # another process swapped a store in meanwhile
        return False
    finally:
        os.close(held)
    return True
