"""The parsers of a property value (``parse:`` in a mapping), registered by name.

A parser turns one raw value into RDF values: ``parser(raw, spec, cell) -> list``, ``spec``
being the property's mapping entry and ``cell`` the :class:`~alliancekg.loaders.tabular.state.Cell`
it is read in. The built-in ones live one module per kind and are imported when first asked for;
:func:`register` adds another, as rdflib's plugins do.

Examples
--------
>>> get("text").__name__, "money" in names()
('parse_text', True)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from alliancekg.loaders.tabular.state import Cell

Parser = Callable[[str, dict[str, Any], Cell], list[Any]]

#: Built-in parsers: name -> (module of this package, function).
BUILTIN: dict[str, tuple[str, str]] = {
    "text": ("literals", "parse_text"),
    "decimal": ("literals", "parse_decimal"),
    "boolean": ("literals", "parse_boolean"),
    "gYearMonth": ("literals", "parse_gyearmonth"),
    "date": ("dates", "parse_date"),
    "iri": ("iris", "parse_iri_value"),
    "curie": ("iris", "parse_curie"),
    "lookup": ("lookup", "parse_lookup"),
    "money": ("amounts", "parse_money"),
    "quantity": ("amounts", "parse_quantity"),
    "org": ("organizations", "parse_org"),
    "mentions": ("organizations", "parse_mentions"),
    "parties": ("organizations", "parse_parties"),
}

_REGISTERED: dict[str, Parser] = {}


def register(name: str, parser: Parser) -> None:
    """Make ``parser`` the one used for ``parse: NAME`` (replacing a built-in of that name)."""
    _REGISTERED[name] = parser


def get(name: str) -> Parser | None:
    """The parser registered as ``name`` (None if there is none)."""
    if name not in _REGISTERED and name in BUILTIN:
        module, function = BUILTIN[name]
        _REGISTERED[name] = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return _REGISTERED.get(name)


def names() -> list[str]:
    """The names a mapping may give to ``parse``."""
    return sorted(set(BUILTIN) | set(_REGISTERED))


def invalid(spec: dict[str, Any], cell: Cell, message: str) -> list[Any]:
    """No value: report ``message`` at the cell, unless the spec says ``on_invalid: skip``."""
    if spec.get("on_invalid") != "skip":
        cell.run.problem(cell.row, message, cell.column)
    return []
