"""Conversions between pyoxigraph terms and rdflib terms, validating term constructors, and term display.

Every value that comes from a user (a CLI ``--param``, an HTTP form field) becomes an RDF
term through :func:`parse_term`, which validates it; queries are never built by pasting
user text into SPARQL.

rdflib is imported only by the functions that make or read rdflib terms: importing it takes
longer than a whole ``alliancekg query``, which works on pyoxigraph terms
(:func:`parse_oxigraph_term`) and answers made for display (:func:`to_plain`).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import pyoxigraph as ox

from alliancekg.ontology.namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib import Literal, URIRef
    from rdflib.term import Node

OxigraphTerm = ox.NamedNode | ox.BlankNode | ox.Literal

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
    from rdflib import BNode, Literal, URIRef

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


def to_oxigraph(term: Node | OxigraphTerm) -> OxigraphTerm:
    """Convert an rdflib term into the equivalent pyoxigraph term (validating IRIs); pyoxigraph terms pass.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> to_oxigraph(URIRef("http://example.com/a"))
    <NamedNode value=http://example.com/a>
    >>> to_oxigraph(ox.Literal("x"))
    <Literal value=x datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    if isinstance(term, OxigraphTerm):
        return term
    from rdflib import BNode, Literal, URIRef

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


def oxigraph_iri(value: str) -> ox.NamedNode:
    """Build an IRI from a full IRI or a known CURIE, rejecting anything that is not an IRI.

    Examples
    --------
    >>> oxigraph_iri("akg:Agreement")
    <NamedNode value=https://w3id.org/alliance-kg/ontology#Agreement>
    >>> oxigraph_iri("not an iri")
    Traceback (most recent call last):
    ...
    alliancekg.graph.store.terms.TermError: not an absolute IRI or known prefix: 'not an iri'
    """
    expanded = expand_curie(value.strip())
    if ":" not in expanded:
        raise TermError(f"not an absolute IRI or known prefix: {value!r}")
    try:
        return ox.NamedNode(expanded)
    except ValueError as exc:
        raise TermError(f"not an absolute IRI or known prefix: {value!r}") from exc


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
    from rdflib import URIRef

    return URIRef(oxigraph_iri(value).value)


def oxigraph_date(value: str) -> ox.Literal:
    """Build an ``xsd:date`` literal from ``YYYY-MM-DD``, rejecting impossible dates.

    Examples
    --------
    >>> oxigraph_date("2028-06-30").value
    '2028-06-30'
    >>> oxigraph_date("2028-02-30")
    Traceback (most recent call last):
    ...
    alliancekg.graph.store.terms.TermError: not a valid date (YYYY-MM-DD): '2028-02-30'
    """
    try:
        parsed = _dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise TermError(f"not a valid date (YYYY-MM-DD): {value!r}") from exc
    return ox.Literal(parsed.isoformat(), datatype=ox.NamedNode(XSD + "date"))


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
    return to_rdflib(oxigraph_date(value))  # type: ignore[return-value]


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
    from rdflib import Literal

    return Literal(number)


def oxigraph_integer(value: str) -> ox.Literal:
    """Build an ``xsd:integer`` literal.

    Examples
    --------
    >>> oxigraph_integer(" 012 ").value
    '12'
    """
    try:
        number = int(value.strip())
    except ValueError as exc:
        raise TermError(f"not an integer: {value!r}") from exc
    return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer"))


def make_integer(value: str) -> Literal:
    """Build an ``xsd:integer`` literal."""
    return to_rdflib(oxigraph_integer(value))  # type: ignore[return-value]


def make_string(value: str) -> Literal:
    """Build a plain string literal (any text is a valid string)."""
    from rdflib import Literal

    return Literal(value)


TERM_BUILDERS = {
    "iri": make_iri,
    "date": make_date,
    "decimal": make_decimal,
    "integer": make_integer,
    "string": make_string,
}


#: Builders of pyoxigraph terms, for the same kinds as :data:`TERM_BUILDERS` and giving the same terms.
OXIGRAPH_BUILDERS: dict[str, Callable[[str], OxigraphTerm]] = {
    "iri": oxigraph_iri,
    "date": oxigraph_date,
    "decimal": lambda value: to_oxigraph(make_decimal(value)),  # rdflib writes the decimal out
    "integer": oxigraph_integer,
    "string": ox.Literal,
}


def _builder(builders: dict[str, Callable[[str], object]], kind: str) -> Callable[[str], object]:
    try:
        return builders[kind]
    except KeyError as exc:
        raise TermError(f"unknown parameter type {kind!r}; valid: {', '.join(builders)}") from exc


def parse_term(value: str, kind: str) -> Node:
    """Build a term of ``kind`` (one of :data:`TERM_BUILDERS`) from user text.

    Examples
    --------
    >>> parse_term("2030-12-31", "date").toPython()
    datetime.date(2030, 12, 31)
    """
    return _builder(TERM_BUILDERS, kind)(value)  # type: ignore[return-value]


def parse_oxigraph_term(value: str, kind: str) -> OxigraphTerm:
    """Build the pyoxigraph term that ``to_oxigraph(parse_term(value, kind))`` gives, without rdflib.

    Only decimals still go through rdflib, which writes them out.

    Examples
    --------
    >>> parse_oxigraph_term("ent:openai", "iri")
    <NamedNode value=https://w3id.org/alliance-kg/id/ent/openai>
    >>> parse_oxigraph_term("2030-12-31", "date").value
    '2030-12-31'
    """
    return _builder(OXIGRAPH_BUILDERS, kind)(value)  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class PlainTerm:
    """A term of a query answer, ready for display, made from a pyoxigraph term without rdflib.

    ``text`` is what ``str()`` of the equivalent rdflib term gives, ``value`` what
    :func:`json_value` gives for it; ``kind`` is ``"iri"``, ``"bnode"``, ``"string"`` (a plain or
    language-tagged string) or ``"typed"`` (another literal).
    """

    text: str
    kind: str
    value: object

    def __str__(self) -> str:
        return self.text

    def with_text(self, text: str) -> PlainTerm:
        """The same kind of term with other text (for strings, whose text is their value)."""
        return replace(self, text=text, value=text if self.kind == "string" else self.value)


def _canonical_integer(lexical: str) -> object:
    return int(lexical)


def _canonical_decimal(lexical: str) -> object:
    number = Decimal(lexical)
    return int(number) if number == number.to_integral_value() else float(number)


#: For each datatype :func:`to_plain` handles itself: the lexical forms rdflib keeps as they are
#: (any other form rdflib would rewrite, so the term goes through rdflib), and the JSON value.
_CANONICAL: dict[str, tuple[re.Pattern[str], Callable[[str], object]]] = {
    XSD + "integer": (re.compile(r"0|-?[1-9][0-9]*"), _canonical_integer),
    XSD + "decimal": (re.compile(r"0|-?[1-9][0-9]*|-?(0|[1-9][0-9]*)\.[0-9]+"), _canonical_decimal),
    XSD + "boolean": (re.compile(r"true|false"), lambda lexical: lexical == "true"),
    XSD + "date": (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), str),
}


def _plain_literal(term: ox.Literal) -> PlainTerm | None:
    """``term`` as a :class:`PlainTerm`, or ``None`` when rdflib would rewrite or reject its lexical form."""
    if term.language or term.datatype.value == XSD + "string":
        return PlainTerm(term.value, "string", term.value)
    canonical = _CANONICAL.get(term.datatype.value)
    if canonical is None or not canonical[0].fullmatch(term.value):
        return None
    if term.datatype.value == XSD + "date":
        try:
            if _dt.date.fromisoformat(term.value).isoformat() != term.value:
                return None
        except ValueError:
            return None
    return PlainTerm(term.value, "typed", canonical[1](term.value))


def to_plain(term: OxigraphTerm | None) -> PlainTerm | Node | None:
    """A pyoxigraph answer term for display: a :class:`PlainTerm`, printed as the rdflib term would be.

    IRIs, blank nodes, strings and literals of the usual datatypes (integer, decimal, boolean,
    date) in the lexical forms rdflib keeps are converted without rdflib; any other literal is
    converted by :func:`to_rdflib`, so that it prints exactly as before.

    Examples
    --------
    >>> to_plain(ox.NamedNode("https://w3id.org/alliance-kg/id/ent/openai"))
    PlainTerm(text='https://w3id.org/alliance-kg/id/ent/openai', kind='iri', value='https://w3id.org/alliance-kg/id/ent/openai')
    >>> to_plain(ox.Literal("27.5", datatype=ox.NamedNode(XSD + "decimal"))).value
    27.5
    >>> to_plain(ox.Literal("027", datatype=ox.NamedNode(XSD + "integer")))
    rdflib.term.Literal('27', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if isinstance(term, ox.NamedNode):
        return PlainTerm(term.value, "iri", term.value)
    if isinstance(term, ox.BlankNode):
        return PlainTerm(term.value, "bnode", term.value)
    if isinstance(term, ox.Literal):
        plain = _plain_literal(term)
        if plain is not None:
            return plain
    return to_rdflib(term)


def _compact_iri(text: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and "/" not in text[len(namespace):]:
            return f"{prefix}:{text[len(namespace):]}"
    return text


def compact(term: Node | PlainTerm | None) -> str:
    """Shorten an IRI with the project's prefixes; literals become their lexical form.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> compact(URIRef("https://w3id.org/alliance-kg/id/ent/microsoft"))
    'ent:microsoft'
    >>> compact(to_plain(ox.NamedNode("https://w3id.org/alliance-kg/id/ent/microsoft")))
    'ent:microsoft'
    """
    if term is None:
        return ""
    if isinstance(term, PlainTerm):
        return _compact_iri(term.text) if term.kind == "iri" else term.text
    from rdflib import Literal, URIRef

    if isinstance(term, str) and not isinstance(term, Literal | URIRef) and term.startswith(("http://", "https://")):
        term = URIRef(term)
    if isinstance(term, URIRef):
        return _compact_iri(str(term))
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


def json_value(term: Node | PlainTerm | None) -> object:
    """A JSON-friendly value: numbers and booleans as such, dates and IRIs as strings."""
    if term is None:
        return None
    if isinstance(term, PlainTerm):
        return term.value
    from rdflib import Literal

    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, bool | int | float | str):
            return value
        return str(term)
    return str(term)
