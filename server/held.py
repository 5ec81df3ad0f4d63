"""The handle a query worker holds still, and what is worked out once on it.

A query worker opens the store read-only: the handle sees the data as it was when opened, so what is
worked out from it (the default dataset of SPARQL operations, the view the analyst operations and
pages read through) can be kept for as long as the worker holds that handle.  Both
:mod:`alliancekg.server.operations` and :mod:`alliancekg.server.insight_operations` keep their
parts here, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox

T = TypeVar("T")


@dataclass
class _StillStore:
    """The read-only handle of this process (a query worker's) and what was worked out on it."""

    store: ox.Store | None = None
    kept: dict[object, object] = field(default_factory=dict)


_still = _StillStore()


def hold_still(store: ox.Store) -> ox.Store:
    """Declare ``store`` a read-only handle, which sees the data as it was when opened; return it.

    What is worked out on it through :func:`kept_while_still` (its default dataset, the view the
    analyst operations read through) is then worked out once rather than for every job.  A query
    worker declares each handle it opens (the last one declared replaces the one before, and what
    was kept for it).

    Examples
    --------
    >>> store = hold_still(ox.Store())
    >>> is_held_still(store)
    True
    """
    _still.store = store
    _still.kept = {}
    return store


def is_held_still(store: ox.Store) -> bool:
    """Whether ``store`` is the handle this process holds still (see :func:`hold_still`).

    Examples
    --------
    >>> held = hold_still(ox.Store())
    >>> is_held_still(held), is_held_still(ox.Store())
    (True, False)
    """
    return store is _still.store


def kept_while_still(store: ox.Store, key: object, make: Callable[[], T]) -> T:
    """``make()``, kept under ``key`` while ``store`` is the handle held still; made afresh on any other.

    Examples
    --------
    >>> held, other = hold_still(ox.Store()), ox.Store()
    >>> kept_while_still(held, "k", list) is kept_while_still(held, "k", list)
    True
    >>> kept_while_still(other, "k", list) is kept_while_still(other, "k", list)
    False
    """
    if not is_held_still(store):
        return make()
    if key not in _still.kept:
        _still.kept[key] = make()
    return _still.kept[key]  # type: ignore[return-value]


__all__ = ["hold_still", "is_held_still", "kept_while_still"]
