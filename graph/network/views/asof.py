"""A view as it stood on a date: only agreements in effect by then, supersessions that had happened.

An edge of the ``money`` view carries ``date`` (when its agreement takes effect: the effective
date, else the announced date, the start rights evaluation gives its provisions) and, when
something replaces or revokes it, ``superseded_on`` (the earliest date one of those takes effect).
On a date D an edge is kept when its ``date`` is on or before D (a month ``2024-11`` counts from
its first day); it is ``superseded`` on D only when ``superseded_on`` is on or before D. Edges
with no date are left out: nothing says they were in effect. ``alliancekg analyze --as-of`` and
the money web of the server (``/money``) both call :func:`as_of`.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx


def _day(text: str) -> str:
    """An ISO date, or the first day of an ISO month ('2024-11' → '2024-11-01')."""
    return f"{text}-01" if len(text) == 7 else text


def in_effect(data: dict[str, object], on: dt.date) -> bool:
    """True when the edge ``data`` stands for an agreement in effect by ``on`` (pure).

    Examples
    --------
    >>> in_effect({"date": "2025-10-28"}, dt.date(2025, 6, 1)), in_effect({"date": "2024-11"}, dt.date(2024, 11, 1))
    (False, True)
    >>> in_effect({}, dt.date(2030, 1, 1))
    False
    """
    date = data.get("date")
    return isinstance(date, str) and _day(date) <= on.isoformat()


def as_of(graph: nx.MultiGraph, on: dt.date) -> nx.MultiGraph:
    """A copy of ``graph`` as it stood on ``on`` (pure).

    Edges of agreements taking effect later are dropped; ``superseded`` is true only for edges
    replaced or revoked by then.  Nodes left without edges are dropped too.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("msft", "openai", key="2023", date="2023-01-23", superseded=True, superseded_on="2025-10-28")
    >>> _ = g.add_edge("openai", "msft", key="azure", date="2025-10-28", superseded=False)
    >>> then = as_of(g, dt.date(2025, 6, 1))
    >>> [(k, d["superseded"]) for _, _, k, d in then.edges(keys=True, data=True)]
    [('2023', False)]
    >>> [(k, d["superseded"]) for _, _, k, d in as_of(g, dt.date(2026, 1, 1)).edges(keys=True, data=True)]
    [('2023', True), ('azure', False)]
    """
    kept = graph.__class__()
    kept.graph.update(graph.graph, as_of=on.isoformat())
    for u, v, key, data in graph.edges(keys=True, data=True):
        if not in_effect(data, on):
            continue
        replaced_on = data.get("superseded_on")
        superseded = isinstance(replaced_on, str) and _day(replaced_on) <= on.isoformat()
        for node in (u, v):
            if node not in kept:
                kept.add_node(node, **graph.nodes[node])
        kept.add_edge(u, v, key=key, **{**data, "superseded": superseded})
    return kept


__all__ = ["as_of", "in_effect"]
