"""Conversions between pyoxigraph terms and rdflib terms, validating term constructors, and term display.

Every value that comes from a user (a CLI ``--param``, an HTTP form field) becomes an RDF
term through :func:`parse_term`, which validates it; queries are never built by pasting
user text into SPARQL.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from alliancekg.ontology.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"


class TermError(ValueError):
    """A value could not be turned into a valid RDF term."""


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    """Convert a pyoxigraph term into the equivalent rdflib term.

    Examples
    --------
    >>> to_rdflib(ox.NamedNode("http://example.com/a"))
    rdflib.term.URIRef('http://example.com/a')
    >>> to_rdflib(ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))).toPython()
    1
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term into the equivalent pyoxigraph term (validating IRIs).

    Examples
    --------
    >>> to_oxigraph(URIRef("http://example.com/a"))
    <NamedNode value=http://example.com/a>
    """
    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as exc:
            raise TermError(f"invalid IRI {str(term)!r}: {exc}") from exc
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def expand_curie(value: str, prefixes: dict[str, str] | None = None) -> str:
    """Expand ``prefix:local`` with the project's prefixes; return other text unchanged.

    Examples
    --------
    >>> expand_curie("ent:microsoft")
    'https://w3id.org/alliance-kg/id/ent/microsoft'
    >>> expand_curie("https://example.com/x")
    'https://example.com/x'
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    head, sep, tail = value.partition(":")
    if sep and head in prefixes and not tail.startswith("//"):
        return prefixes[head] + tail
    return value


def make_iri(value: str) -> URIRef:
    """Build an IRI from a full IRI or a known CURIE, rejecting anything that is not an IRI.

    Examples
    --------
    >>> make_iri("akg:Agreement")
    rdflib.term.URIRef('https://w3id.org/alliance-kg/ontology#Agreement')
    >>> make_iri("not an iri")
    Traceback (most recent call last):
    ...
    alliancekg.graph.store.terms.TermError: not an absolute IRI or known prefix: 'not an iri'
    """
    expanded = expand_curie(value.strip())
    if ":" not in expanded:
        raise TermError(f"not an absolute IRI or known prefix: {value!r}")
    try:
        ox.NamedNode(expanded)
    except ValueError as exc:
        raise TermError(f"not an absolute IRI or known prefix: {value!r}") from exc
    return URIRef(expanded)


def make_date(value: str) -> Literal:
    """Build an ``xsd:date`` literal from ``YYYY-MM-DD``, rejecting impossible dates.

    Examples
    --------
    >>> make_date("2028-06-30")
    rdflib.term.Literal('2028-06-30', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    >>> make_date("2028-02-30")
    Traceback (most recent call last):
    ...
    alliancekg.graph.store.terms.TermError: not a valid date (YYYY-MM-DD): '2028-02-30'
    """
    try:
        parsed = _dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise TermError(f"not a valid date (YYYY-MM-DD): {value!r}") from exc
    return Literal(parsed.isoformat(), datatype=URIRef(XSD + "date"))


#: Most characters a decimal value may take once written out in full (``1e6`` is 7: ``1000000``).
MAX_DECIMAL_CHARS = 100


def _shown(value: str, limit: int = 40) -> str:
    """``value`` quoted for an error message, cut short when long."""
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}… ({len(value):,} characters)"


def written_length(number: Decimal) -> int:
    """Characters of ``number`` written in full without an exponent, as an ``xsd:decimal`` is (sign aside).

    Examples
    --------
    >>> written_length(Decimal("1e6")), written_length(Decimal("-0.125")), written_length(Decimal("1e99999999"))
    (7, 5, 100000000)
    """
    _, digits, exponent = number.as_tuple()
    if exponent >= 0:  # type: ignore[operator]
        return len(digits) + exponent  # type: ignore[operator]
    return len(digits) + 1 if len(digits) > -exponent else -exponent + 2  # type: ignore[operator]


def make_decimal(value: str) -> Literal:
    """Build an ``xsd:decimal`` literal, rejecting text that is not a number or too long once written out.

    An ``xsd:decimal`` has no exponent, so ``1e99999999`` would be a hundred million digits; values
    over :data:`MAX_DECIMAL_CHARS` characters written out are refused before they are expanded.

    Examples
    --------
    >>> make_decimal("2.5e3")
    rdflib.term.Literal('2500', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> try:
    ...     make_decimal("1e99999999")
    ... except TermError as exc:
    ...     print(str(exc).split(":")[0])
    decimal number too long once written out (100,000,000 characters, the limit is 100)
    """
    text = value.strip()
    if len(text) > MAX_DECIMAL_CHARS:
        raise TermError(f"not a decimal number of at most {MAX_DECIMAL_CHARS} characters: {_shown(text)}")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise TermError(f"not a decimal number: {_shown(value)}") from exc
    if not number.is_finite():
        raise TermError(f"not a finite decimal number: {_shown(value)}")
    length = written_length(number)
    if length > MAX_DECIMAL_CHARS:
        raise TermError(f"decimal number too long once written out ({length:,} characters, the limit is "
                        f"{MAX_DECIMAL_CHARS}): {_shown(text)}")
    return Literal(number)


def make_integer(value: str) -> Literal:
    """Build an ``xsd:integer`` literal."""
    try:
        return Literal(int(value.strip()))
    except ValueError as exc:
        raise TermError(f"not an integer: {value!r}") from exc


def make_string(value: str) -> Literal:
    """Build a plain string literal (any text is a valid string)."""
    return Literal(value)


TERM_BUILDERS = {
    "iri": make_iri,
    "date": make_date,
    "decimal": make_decimal,
    "integer": make_integer,
    "string": make_string,
}


def parse_term(value: str, kind: str) -> Node:
    """Build a term of ``kind`` (one of :data:`TERM_BUILDERS`) from user text.

    Examples
    --------
    >>> parse_term("2030-12-31", "date").toPython()
    datetime.date(2030, 12, 31)
    """
    try:
        builder = TERM_BUILDERS[kind]
    except KeyError as exc:
        raise TermError(f"unknown parameter type {kind!r}; valid: {', '.join(TERM_BUILDERS)}") from exc
    return builder(value)


def compact(term: Node | None) -> str:
    """Shorten an IRI with the project's prefixes; literals become their lexical form.

    Examples
    --------
    >>> compact(URIRef("https://w3id.org/alliance-kg/id/ent/microsoft"))
    'ent:microsoft'
    """
    if term is None:
        return ""
    if isinstance(term, str) and not isinstance(term, Literal | URIRef) and term.startswith(("http://", "https://")):
        term = URIRef(term)
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace) and "/" not in text[len(namespace):]:
                return f"{prefix}:{text[len(namespace):]}"
        return text
    return str(term)


#: Control characters written as escapes on output: C0 but tab and line feed, DEL, C1.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_control_characters(text: str) -> str:
    r"""``text`` with control characters (NUL, ESC, CR…) written as visible escapes such as ``\x1b``.

    Loads refuse such characters; this keeps data that got in some other way from driving a
    terminal or breaking an XML export.  Tab and line feed are kept.

    Examples
    --------
    >>> print(escape_control_characters("Evil\x1b[31m Corp\x00"))
    Evil\x1b[31m Corp\x00
    >>> escape_control_characters("two\tcolumns") == "two\tcolumns"
    True
    """
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def json_value(term: Node | None) -> object:
    """A JSON-friendly value: numbers and booleans as such, dates and IRIs as strings."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, bool | int | float | str):
            return value
        return str(term)
    return str(term)
