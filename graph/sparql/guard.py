"""Which operations of a SPARQL text would make the store fetch data from another host.

Oxigraph runs ``SERVICE`` (queries) and ``LOAD`` (updates) by sending HTTP requests, and offers
no switch to turn that off.  A server that must not reach other hosts therefore has to refuse
such texts before they reach the store, and that decision is taken here, never by the hand
tokenizer of :mod:`alliancekg.graph.sparql.lexer` alone:

1. A text in which the letters ``service`` / ``load`` do not occur at all, in any case, cannot
   hold either keyword: Oxigraph reads keywords as ASCII, case-insensitively, and expands
   ``\\u`` escapes only inside strings and IRIs.  Such texts are answered without parsing.
2. Otherwise the text is parsed by rdflib's SPARQL parser (an independent implementation of the
   grammar) and the parse tree is searched for ``ServiceGraphPattern`` and ``Load`` nodes.  Two
   lexical habits of rdflib that Oxigraph does not share are neutralized first, without
   changing where Oxigraph's strings, IRIs and comments begin and end: rdflib expands every
   ``\\uXXXX`` escape before parsing (Oxigraph only inside strings and IRIs, so each escape is
   replaced by letters), and its comments run to ``\\n`` only (Oxigraph's also end at ``\\r``).
3. The tokenizer is asked too; an operation either of them finds is reported.

If rdflib cannot parse the text, or the text is longer than :data:`MAX_CHECKED_CHARS`,
:class:`UncheckedText` is raised and the caller refuses the text (fail closed).  rdflib takes
about 0.1 s for a catalog query, so results are cached per text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from alliancekg.graph.sparql import lexer as sparql_text

Kind = Literal["query", "update"]

#: The outbound operations and the rdflib parse-tree node each becomes.
OUTBOUND = {"SERVICE": "ServiceGraphPattern", "LOAD": "Load"}

#: rdflib expands these everywhere in the text before parsing (see ``expandUnicodeEscapes``).
_RDFLIB_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)
#: Longest text parsed by rdflib for the check (about a second of parsing); a longer one is refused.
MAX_CHECKED_CHARS = 256 * 1024


class UncheckedText(ValueError):
    """The independent parser could not read the text, so its operations are unknown."""


def for_rdflib(text: str) -> str:
    """``text`` rewritten so that rdflib's lexer splits it where Oxigraph's does.

    Examples
    --------
    >>> for_rdflib('SELECT * { BIND(<urn:x\\\\u0041#> AS ?z) } # c\\rSERVICE')
    'SELECT * { BIND(<urn:xxxxxxx#> AS ?z) } # c\\nSERVICE'
    """
    return _RDFLIB_ESCAPE.sub(lambda match: "x" * len(match.group()), text).replace("\r", "\n")


def _nodes(tree: object) -> Iterator[CompValue]:
    """Every rdflib parse-tree node (``CompValue``) in ``tree``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)


def parsed_outbound(text: str, kind: Kind) -> frozenset[str]:
    """Outbound operations (``SERVICE``, ``LOAD``) in rdflib's parse of ``text``.

    Examples
    --------
    >>> sorted(parsed_outbound('SELECT * { SERVICE <http://x/> { ?s ?p ?o } }', 'query'))
    ['SERVICE']
    >>> sorted(parsed_outbound('SELECT * { ?s ?p "SERVICE <http://x/> {}" }', 'query'))
    []

    Raises
    ------
    UncheckedText
        If rdflib cannot parse the text.
    """
    names = {node.name for node in _nodes(_parse_tree(text, kind))}
    return frozenset(keyword for keyword, node in OUTBOUND.items() if node in names)


def _tokenized_outbound(text: str) -> frozenset[str]:
    try:
        found = sparql_text.keywords(sparql_text.tokenize(text))
    except sparql_text.SparqlTextError:
        return frozenset(OUTBOUND)  # unreadable: assume the worst
    return frozenset(OUTBOUND) & found


@lru_cache(maxsize=512)
def _checked(text: str, kind: Kind) -> frozenset[str]:
    return parsed_outbound(text, kind) | _tokenized_outbound(text)


def can_hold_outbound(text: str) -> bool:
    """False if ``text`` cannot hold ``SERVICE`` or ``LOAD``: the letters of neither occur in it, in any case.

    Oxigraph reads keywords as ASCII letters, case-insensitively, and expands ``\\u`` escapes only
    inside strings and IRIs, so no other spelling of a keyword exists.  Only a text for which this
    is true needs the parse of :func:`outbound_operations`.

    Examples
    --------
    >>> can_hold_outbound('SELECT * { ?s ?p ?o }'), can_hold_outbound('SELECT * { sErViCe <http://x/> {} }')
    (False, True)
    """
    lowered = text.lower()
    return any(keyword.lower() in lowered for keyword in OUTBOUND)


def outbound_operations(text: str, kind: Kind) -> frozenset[str]:
    """The operations of ``text`` that would send a request to another host (``SERVICE``, ``LOAD``).

    Examples
    --------
    >>> outbound_operations('SELECT * { ?s ?p ?o }', 'query')
    frozenset()
    >>> sorted(outbound_operations('SELECT * { ?s ?p true.SERVICE <http://x/> { ?a ?b ?c } }', 'query'))
    ['SERVICE']
    >>> sorted(outbound_operations('LOAD <http://x/data.ttl>', 'update'))
    ['LOAD']

    Raises
    ------
    UncheckedText
        If the text might hold one of them and the independent parser cannot read it.
    """
    if not can_hold_outbound(text):
        return frozenset()
    if len(text) > MAX_CHECKED_CHARS:
        raise UncheckedText(f"the {kind} has {len(text)} characters and the letters of SERVICE or LOAD; "
                            f"texts over {MAX_CHECKED_CHARS} characters are not parsed to check them")
    return _checked(text, kind)


def _parse_tree(text: str, kind: Kind) -> object:
    parse = parseQuery if kind == "query" else parseUpdate
    try:
        return parse(for_rdflib(text))
    except Exception as exc:  # rdflib raises parse, type and value errors alike: all mean "unchecked"
        raise UncheckedText(f"the {kind} could not be checked: {exc}") from None


def update_names_dataset(text: str) -> bool:
    """True if an update names its own dataset with ``USING`` or ``WITH``, by rdflib's parse or the tokenizer.

    Examples
    --------
    >>> update_names_dataset('WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }')
    True
    >>> update_names_dataset('INSERT { ?s ?p "USING" } WHERE { ?s ?p ?o }')
    False

    Raises
    ------
    UncheckedText
        If rdflib cannot parse the update.
    """
    found = any(node.name == "Modify" and {"using", "withClause"} & node.keys()
                for node in _nodes(_parse_tree(text, "update")))
    try:
        return found or sparql_text.update_names_dataset(text)
    except sparql_text.SparqlTextError:
        return True


__all__ = ["MAX_CHECKED_CHARS", "OUTBOUND", "UncheckedText", "can_hold_outbound", "for_rdflib", "outbound_operations",
           "parsed_outbound", "update_names_dataset"]
