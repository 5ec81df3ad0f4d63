"""Parsers of amounts as nodes of their own: ``money`` (``5000 USD``) and ``quantity`` (``2 GW``), with qualifiers."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from alliancekg.loaders.tabular.mapping import MappingError
from alliancekg.loaders.tabular.state import Cell
from alliancekg.loaders.tabular.text import decimal_text
from alliancekg.ontology.namespaces import AKG

MONEY = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s+([A-Z]{3})\b")
QUALIFIER_FLAGS = ("isUpperBound", "isLowerBound", "isApproximate", "isReported")


def qualifiers(prefix: str, component: str, spec: dict[str, Any]) -> dict[str, bool]:
    """The qualifier flags whose words occur before the amount (``isReported``: anywhere in the value).

    Examples
    --------
    >>> qualifiers("up to ", "up to 5 GW", {"qualifiers": {"isUpperBound": ["up to"], "isReported": ["report"]}})
    {'isUpperBound': True}
    """
    flags = {}
    for flag, words in (spec.get("qualifiers") or {}).items():
        scope = component if flag == "isReported" else prefix
        if any(re.search(r"(?<![A-Za-z])" + re.escape(w), scope, flags=re.IGNORECASE) for w in words):
            flags[flag] = True
    return flags


def amount_node(spec: dict[str, Any], cell: Cell, kind: str, number: str, flags: dict[str, bool],
                label: str) -> URIRef:
    """A new amount or quantity node of the current node, numbered within the row."""
    run = cell.run
    n = cell.scope.next(kind)
    template = spec.get("id") or ("amt:{local}-{n}" if kind == "money" else "qty:{local}-{n}")
    node = run.mapping.iri(template.replace("{local}", cell.node.local).replace("{n}", str(n)))
    run.graph.add((node, RDF.type, AKG.MonetaryAmount if kind == "money" else AKG.Quantity))
    run.graph.add((node, AKG.amount, Literal(decimal_text(Decimal(number)), datatype=XSD.decimal)))
    for flag in QUALIFIER_FLAGS:
        if flags.get(flag):
            run.graph.add((node, AKG[flag], Literal(True)))
    run.graph.add((node, RDFS.label, Literal(" ".join(label.split())[:200])))
    run.node_lines.setdefault(str(node), cell.row.line)
    return node


def parse_money(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """A monetary amount node for each ``NUMBER CUR`` of the value (only ``currencies``, if given)."""
    nodes, last = [], 0
    currencies = spec.get("currencies")
    for match in MONEY.finditer(raw):
        if currencies and match.group(2) not in currencies:
            continue
        flags = qualifiers(raw[last:match.start()], raw, spec)
        last = match.end()
        node = amount_node(spec, cell, "money", match.group(1), flags, raw)
        cell.run.graph.add((node, AKG.currency, Literal(match.group(2))))
        nodes.append(node)
    return nodes


def parse_quantity(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """A quantity node for each ``NUMBER UNIT`` of the value, units from the spec's ``units``."""
    units: dict[str, str] = spec.get("units") or {}
    if not units:
        raise MappingError(f"{cell.run.mapping.path}: parse quantity needs 'units'")
    pattern = re.compile(r"(?<![\w.])(?<!\d,)(\d[\d,]*(?:\.\d+)?)\s+(" + "|".join(re.escape(u) for u in units)
                         + r")\b")  # never starts inside a number: linear on '1,1,1,…'

    nodes, last = [], 0
    for match in pattern.finditer(raw):
        flags = qualifiers(raw[last:match.start()], raw, spec)
        last = match.end()
        node = amount_node(spec, cell, "quantity", match.group(1).replace(",", ""), flags, raw)
        cell.run.graph.add((node, AKG.unit, Literal(units[match.group(2)])))
        nodes.append(node)
    return nodes
