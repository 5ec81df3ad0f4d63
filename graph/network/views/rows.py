"""Running the views' SPARQL files on any store and turning the answers into plain Python rows.

Views read the store only through :meth:`KnowledgeStore.query` with the fixed ``.rq`` files of
this folder (no text is ever spliced into them), so they work the same on the embedded store
and on a remote endpoint.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from alliancekg.graph.store import KnowledgeStore, OxigraphStore
from alliancekg.ontology.namespaces import PREFIXES

QUERY_DIR = Path(__file__).resolve().parent

_FLOATS = {XSD.decimal, XSD.double, XSD.float}
_BOOLEAN_IRI = str(XSD.boolean)
_INTEGERS = {
    XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger,
    XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort,
    XSD.unsignedByte,
}

_FLOAT_IRIS = frozenset(str(d) for d in _FLOATS)
_INTEGER_IRIS = frozenset(str(d) for d in _INTEGERS)

Row = dict[str, object]


@cache
def query_text(name: str) -> str:
    """The text of the view query ``name`` (a ``.rq`` file beside this module).

    Examples
    --------
    >>> "prov:wasDerivedFrom" in query_text("sources")
    True
    """
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def python_value(term: Node | None) -> object:
    """A plain value for a term: IRIs as strings, blank nodes as ``_:id``, numbers as int or float,
    booleans as bool, and every other literal (dates included) as its lexical form.

    Examples
    --------
    >>> python_value(Literal("250000000000", datatype=XSD.decimal))
    250000000000.0
    >>> python_value(Literal("2025-10-28", datatype=XSD.date))
    '2025-10-28'
    >>> python_value(URIRef("https://w3id.org/alliance-kg/id/ent/microsoft"))
    'https://w3id.org/alliance-kg/id/ent/microsoft'
    """
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        datatype = term.datatype
        text = str(term)
        try:
            if datatype in _FLOATS:
                return float(text)
            if datatype in _INTEGERS:
                return int(text)
        except ValueError:
            return text
        if datatype == XSD.boolean:
            return text.strip() in ("true", "1")
        return text
    return str(term)


def oxigraph_value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> object:
    """:func:`python_value` for a pyoxigraph term, without building an rdflib term first.

    Examples
    --------
    >>> oxigraph_value(ox.Literal("32.5", datatype=ox.NamedNode(str(XSD.decimal))))
    32.5
    """
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    text, datatype = term.value, term.datatype.value
    try:
        if datatype in _FLOAT_IRIS:
            return float(text)
        if datatype in _INTEGER_IRIS:
            return int(text)
    except ValueError:
        return text
    if datatype == _BOOLEAN_IRI:
        return text.strip() in ("true", "1")
    return text


def select(store: KnowledgeStore, name: str) -> list[Row]:
    """Run the view query ``name`` and return its rows as dicts of plain values (unbound: absent).

    On the embedded store the answer is read straight from pyoxigraph (the same query over the
    same default graph), which is several times faster than going through rdflib terms.
    """
    text = query_text(name)
    if isinstance(store, OxigraphStore):
        solutions = store.oxigraph.query(text, prefixes=PREFIXES, **store.dataset_options())
        names = [v.value for v in solutions.variables]
        return [{name: oxigraph_value(value) for name, value in zip(names, solution, strict=True)
                 if value is not None} for solution in solutions]
    result = store.query(text)
    return [{key: python_value(value) for key, value in row.items()} for row in result.rows]


__all__ = ["QUERY_DIR", "Row", "python_value", "query_text", "select"]
