"""Turning a view into what every file format can hold: flat, consistently typed attributes.

:func:`prepare` gives a :class:`Flat` graph: attribute values are ``str``, ``int``, ``float`` or
``bool`` (lists and sets joined with `` | ``, dicts as JSON, ``None`` and empty text dropped), one attribute has
one type across all nodes (or all edges): ints mixed with floats become floats, anything
mixed with text becomes text; edge ids are unique strings (the edge key, numbered when the
same key joins several pairs). Node ids stay whole (IRIs).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from alliancekg.graph.network.views.records import SEPARATOR

Value = str | int | float | bool


@dataclass
class Flat:
    """A graph ready for writing: nodes ``(id, attrs)`` and edges ``(id, source, target, key, attrs)``."""

    name: str
    directed: bool
    multigraph: bool
    nodes: list[tuple[str, dict[str, Value]]] = field(default_factory=list)
    edges: list[tuple[str, str, str, str | None, dict[str, Value]]] = field(default_factory=list)
    node_types: dict[str, type] = field(default_factory=dict)
    edge_types: dict[str, type] = field(default_factory=dict)


def flat_value(value: object) -> Value | None:
    """One writable value (None when there is nothing to write).

    Examples
    --------
    >>> flat_value(["https://a.example/", "https://b.example/"]), flat_value(None), flat_value(float("nan"))
    ('https://a.example/ | https://b.example/', None, None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return SEPARATOR.join(str(v) for v in items)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _flat_attrs(data: dict) -> dict[str, Value]:
    flat = {}
    for name, value in data.items():
        converted = flat_value(value)
        if converted is not None:
            flat[str(name)] = converted
    return flat


def _unify(records: list[dict[str, Value]]) -> dict[str, type]:
    """Choose one type per attribute and convert the values to it in place."""
    seen: dict[str, set[type]] = defaultdict(set)
    for attrs in records:
        for name, value in attrs.items():
            seen[name].add(type(value))
    chosen: dict[str, type] = {}
    for name, types in seen.items():
        if len(types) == 1:
            chosen[name] = next(iter(types))
        elif types <= {int, float}:
            chosen[name] = float
        else:
            chosen[name] = str
    for attrs in records:
        for name, value in attrs.items():
            wanted = chosen[name]
            if type(value) is not wanted:
                attrs[name] = float(value) if wanted is float else _as_text(value)
    return dict(sorted(chosen.items()))


def _as_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def prepare(graph: nx.Graph, name: str | None = None) -> Flat:
    """The writable form of ``graph``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("urn:a", "urn:b", key="urn:k", amount=1, sources=["s1", "s2"])
    >>> _ = g.add_edge("urn:b", "urn:c", key="urn:k", amount=2.5)
    >>> flat = prepare(g)
    >>> [(e[0], e[4]["amount"]) for e in flat.edges], flat.edge_types["amount"]
    ([('urn:k', 1.0), ('urn:k#2', 2.5)], <class 'float'>)
    """
    flat = Flat(name=name or str(graph.graph.get("name", "graph")), directed=graph.is_directed(),
                multigraph=graph.is_multigraph())
    flat.nodes = [(str(node), _flat_attrs(data)) for node, data in graph.nodes(data=True)]
    if graph.is_multigraph():
        raw = [(str(u), str(v), str(k), data) for u, v, k, data in graph.edges(keys=True, data=True)]
    else:
        raw = [(str(u), str(v), None, data) for u, v, data in graph.edges(data=True)]
    used: set[str] = set()
    for index, (u, v, key, data) in enumerate(raw):
        base = key if key is not None else f"e{index}"
        edge_id, n = base, 2
        while edge_id in used:
            edge_id, n = f"{base}#{n}", n + 1
        used.add(edge_id)
        flat.edges.append((edge_id, u, v, key, _flat_attrs(data)))
    flat.node_types = _unify([attrs for _, attrs in flat.nodes])
    flat.edge_types = _unify([attrs for *_, attrs in flat.edges])
    return flat


__all__ = ["Flat", "Value", "flat_value", "prepare"]
