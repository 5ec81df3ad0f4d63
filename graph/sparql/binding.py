"""Binding query parameters by writing their validated terms into the query's patterns.

Oxigraph plans a query before it sees ``substitutions``: a pattern such as
``?stake akg:owner ?owner`` is planned as if ``?owner`` were free, so a query bound to one
organization may first read every stake of every owner.  A ``VALUES`` row at the start of
the ``WHERE`` group is planned better, but turns some ``OPTIONAL`` groups into hash joins that
read their whole right side.  Written as a constant in the pattern, the value is what the
planner optimizes for.  :func:`inline_bindings` does that:

* every occurrence of a bound variable inside the outermost ``WHERE`` group becomes the term,
  except inside a subquery that does not project it, where the name is another, local variable
  (as in SPARQL's variable scoping),
  serialized by pyoxigraph in N-Triples syntax (IRIs are validated and literals escaped by the
  serializer, so no text from a user reaches the query unescaped);
* a subquery's projection drops the variable and its ``GROUP BY`` / ``ORDER BY`` use the
  term in brackets;
* ``BIND(term AS ?var)`` closes the outermost group, so the variable keeps its value in the
  answer, as with SEP-0007 substitutions.

When the text uses a bound variable where a term cannot go (``AS ?var``, ``VALUES ?var``, a
subquery projecting only it), :func:`inline_bindings` returns ``None`` and the caller falls back
to substitutions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from alliancekg.graph.sparql.lexer import (
    PUNCT,
    VAR,
    SparqlTextError,
    Token,
    matching_brace,
    tokenize,
    where_group_index,
)

Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class _Template:
    """Where each variable occurs in a query text and how it is written there."""

    occurrences: tuple[tuple[int, int, str, str], ...]  # (start, end, name, how)
    group_end: int  # offset of the closing brace of the outermost WHERE group
    conflicts: frozenset[str]  # variables that cannot be written as terms
    projections: tuple[frozenset[str], ...]  # plain variables of subquery projections without expressions


def _in_values(tokens: list[Token], index: int) -> bool:
    """True if the variable at ``index`` is in the variable list of a ``VALUES`` clause."""
    cursor = index - 1
    while cursor >= 0 and (tokens[cursor].kind == VAR or tokens[cursor].text == "("):
        cursor -= 1
    return cursor >= 0 and tokens[cursor].keyword == "VALUES"


def _in_bound(tokens: list[Token], index: int) -> bool:
    """True if the variable at ``index`` is the argument of ``BOUND(...)``."""
    return index >= 2 and tokens[index - 1].text == "(" and tokens[index - 2].keyword == "BOUND"


def _minus_variables(tokens: list[Token]) -> set[str]:
    """Variables that occur inside a ``MINUS`` group."""
    names: set[str] = set()
    for index, token in enumerate(tokens):
        if token.keyword == "MINUS" and index + 1 < len(tokens) and tokens[index + 1].text == "{":
            end = matching_brace(tokens, index + 1)
            names.update(t.text[1:] for t in tokens[index + 1:end] if t.kind == VAR)
    return names


@dataclass(frozen=True)
class _Subquery:
    """The token range of a subquery and the variables it shows to the group around it."""

    first: int  # index of its SELECT
    last: int  # index of the "}" that closes the group holding it
    projected: frozenset[str] | None  # projected variables (for SELECT *, those in scope); None while unknown


def _subqueries(tokens: list[Token], first: int, last: int) -> list[_Subquery]:
    """Every subquery between ``tokens[first]`` and ``tokens[last]``, with what it projects."""
    found: list[_Subquery] = []
    opened: list[int] = []
    for index in range(first, last):
        token = tokens[index]
        if token.kind == PUNCT and token.text == "{":
            opened.append(index)
        elif token.kind == PUNCT and token.text == "}" and opened:
            opened.pop()
        elif token.keyword == "SELECT" and opened and opened[-1] >= first:
            found.append(_Subquery(index, matching_brace(tokens, opened[-1]), _projection(tokens, index)))
    resolved: list[_Subquery] = []
    for sub in sorted(found, key=lambda s: -s.first):  # inner subqueries first
        if sub.projected is None:
            inner = [s for s in resolved if sub.first < s.first < sub.last]
            sub = _Subquery(sub.first, sub.last, _in_scope(tokens, sub, inner))
        resolved.append(sub)
    return sorted(resolved, key=lambda s: s.first)


def _in_scope(tokens: list[Token], sub: _Subquery, inner: list[_Subquery]) -> frozenset[str]:
    """What a ``SELECT *`` subquery projects: the variables its patterns bind.

    A variable named only in a ``FILTER`` expression, an ``EXISTS`` or ``MINUS`` group, or inside a
    subquery that does not project it, is not in scope, so ``*`` does not project it.
    """
    names: set[str] = set()
    depth = 0
    hidden: list[bool] = []
    for index in range(sub.first + 1, sub.last):
        token = tokens[index]
        if token.kind == PUNCT and token.text in "()":
            depth += 1 if token.text == "(" else -1
        elif token.kind == PUNCT and token.text == "{":
            hidden.append(bool(hidden and hidden[-1]) or depth > 0 or tokens[index - 1].keyword in ("EXISTS", "MINUS"))
        elif token.kind == PUNCT and token.text == "}":
            if hidden:
                hidden.pop()
        elif token.kind == VAR and depth == 0 and not (hidden and hidden[-1]) and _visible(
                token.text[1:], index, inner):
            names.add(token.text[1:])
    return frozenset(names)


def _projection(tokens: list[Token], select: int) -> frozenset[str] | None:
    """Plain variables projected by the ``SELECT`` at ``tokens[select]`` (``None`` for ``SELECT *``)."""
    names: set[str] = set()
    depth = 0
    for token in tokens[select + 1:]:
        if token.keyword == "WHERE" or (token.kind == PUNCT and token.text == "{"):
            break
        if token.kind == PUNCT and token.text in "()":
            depth += 1 if token.text == "(" else -1
        elif token.kind == PUNCT and token.text == "*" and depth == 0:
            return None
        elif token.kind == VAR and depth == 0:
            names.add(token.text[1:])
    return frozenset(names)


def _visible(name: str, index: int, subqueries: list[_Subquery]) -> bool:
    """True if the variable ``name`` at token ``index`` is the outer query's variable of that name.

    Inside a subquery it is only if the subquery, and every subquery around it, projects it.
    """
    return all(sub.projected is None or name in sub.projected
               for sub in subqueries if sub.first < index < sub.last)


@lru_cache(maxsize=256)
def _template(text: str) -> _Template | None:
    try:
        tokens = tokenize(text)
        first = where_group_index(tokens)
        last = matching_brace(tokens, first)
        subqueries = _subqueries(tokens, first, last)
    except SparqlTextError:
        return None
    if tokens[first + 1].keyword == "SELECT":
        return None  # `WHERE { SELECT ... }`: no BIND can stand beside the subquery
    occurrences: list[tuple[int, int, str, str]] = []
    # A variable assigned anywhere (``AS ?v`` in a projection or GROUP BY, ``BIND``, ``VALUES``) is not a
    # pattern variable: substitutions give it their own meaning, which a constant cannot carry.
    # ``BOUND(?v)`` needs a variable, and a constant on both sides of ``MINUS`` changes what it removes.
    conflicts = {t.text[1:] for i, t in enumerate(tokens) if t.kind == VAR and (
        tokens[i - 1].keyword in ("AS", "VALUES") or _in_values(tokens, i) or _in_bound(tokens, i))}
    conflicts |= _minus_variables(tokens)
    projections: list[frozenset[str]] = []
    clause = "pattern"  # "projection" of a subquery, "modifier" (GROUP BY / ORDER BY) or "pattern"
    depth = 0  # parentheses since the clause started
    plain: set[str] = set()
    expressions = False
    for index in range(first + 1, last):
        token = tokens[index]
        keyword = token.keyword
        if token.kind == PUNCT and token.text in "()":
            depth += 1 if token.text == "(" else -1
            expressions = expressions or (clause == "projection" and token.text == "(")
            continue
        if keyword == "SELECT" or keyword in ("WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET") or (
                token.kind == PUNCT and token.text in "{}"):
            if clause == "projection":
                projections.append(frozenset() if expressions else frozenset(plain))
            clause = {"SELECT": "projection", "GROUP": "modifier", "ORDER": "modifier"}.get(keyword or "", "pattern")
            depth, plain, expressions = 0, set(), False
            continue
        if token.kind != VAR:
            continue
        name = token.text[1:]
        if not _visible(name, index, subqueries):
            continue  # another variable of the same name, local to a subquery
        if tokens[index - 1].keyword in ("AS", "VALUES") or _in_values(tokens, index):
            conflicts.add(name)
        elif clause == "projection" and depth == 0:
            plain.add(name)
            occurrences.append((token.start, token.end, name, "drop"))
        elif clause == "modifier" and depth == 0:
            occurrences.append((token.start, token.end, name, "bracket"))
        else:
            occurrences.append((token.start, token.end, name, "term"))
    return _Template(tuple(occurrences), tokens[last].start, frozenset(conflicts), tuple(projections))


def inline_bindings(text: str, bindings: Mapping[str, Term]) -> str | None:
    """``text`` with ``bindings`` written into its patterns, or ``None`` if that cannot be done safely.

    Examples
    --------
    >>> q = "SELECT ?s ?o WHERE { ?s <urn:p> ?o }"
    >>> print(inline_bindings(q, {"s": ox.NamedNode("urn:a")}))
    SELECT ?s ?o WHERE { <urn:a> <urn:p> ?o
    BIND(<urn:a> AS ?s)
    }
    >>> inline_bindings('SELECT ?x { ?x <urn:p> ?n }', {"n": ox.Literal('a" } #')}).splitlines()[0]
    'SELECT ?x { ?x <urn:p> "a\\\\" } #"'
    >>> print(inline_bindings('SELECT ?x { { SELECT ?x (MIN(?v) AS ?m) { ?x <urn:p> ?v } GROUP BY ?x } }',
    ...                       {"x": ox.NamedNode("urn:a")}))
    SELECT ?x { { SELECT  (MIN(?v) AS ?m) { <urn:a> <urn:p> ?v } GROUP BY (<urn:a>) }
    BIND(<urn:a> AS ?x)
    }
    >>> inline_bindings("SELECT ?n WHERE { BIND(1 AS ?n) }", {"n": ox.Literal("2")}) is None
    True
    """
    if not bindings:
        return text
    if any(not isinstance(term, (ox.NamedNode, ox.Literal)) for term in bindings.values()):
        return None
    template = _template(text)
    if template is None or template.conflicts & set(bindings):
        return None
    if any(names and names <= set(bindings) for names in template.projections):
        return None  # a subquery would project nothing
    pieces, cursor = [], 0
    for start, end, name, how in template.occurrences:
        if name not in bindings:
            continue
        term = str(bindings[name])
        pieces.append(text[cursor:start])
        pieces.append({"term": term, "drop": "", "bracket": f"({term})"}[how])
        cursor = end
    binds = " ".join(f"BIND({bindings[name]} AS ?{name})" for name in bindings)
    pieces.append(text[cursor:template.group_end].rstrip(" \t") + f"\n{binds}\n")
    pieces.append(text[template.group_end:])
    return "".join(pieces)


__all__ = ["inline_bindings"]
