"""A small SPARQL tokenizer and the few structural edits the service needs.

Nothing here parses SPARQL fully (the store's parser does that); this module only splits
the text into tokens well enough to

* find keywords outside IRIs, strings and comments (``SERVICE``, ``LOAD``, ``FROM``,
  ``USING``, ``WITH``),
* find the opening brace of the outermost ``WHERE`` group, and
* insert text built from validated RDF terms there (a ``VALUES`` row that binds
  parameters) or before an update's ``WHERE`` (``USING`` clauses from the protocol).

The inserted text is always made of terms serialized by pyoxigraph in N-Triples syntax and
of variable names checked against the SPARQL grammar, never of raw user text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

#: Token kinds produced by :func:`tokenize`.
IRI, STRING, VAR, WORD, PUNCT = "iri", "string", "var", "word", "punct"

_IRIREF = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
_NUMBER = re.compile(r"[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.[0-9]*[eE][+-]?[0-9]+|[0-9]+(?:[eE][+-]?[0-9]+)?")
_BOOLEAN = re.compile(r"(?i:true|false)")
#: Whitespace in the SPARQL grammar (``WS``); other characters that Python calls space are not.
_WHITESPACE = " \t\r\n"
_VARNAME = re.compile(r"[A-Za-z0-9_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D"
                      r"\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
                      r"\U00010000-\U000EFFFF]+")
_VARIABLE_NAME = re.compile(rf"^{_VARNAME.pattern}$")
_WORD_CHAR = re.compile(r"[A-Za-z0-9_:\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D"
                        r"\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
                        r"\U00010000-\U000EFFFF]")
_TWO_CHAR_PUNCT = ("^^", "<=", ">=", "!=", "&&", "||")

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


class SparqlTextError(ValueError):
    """The text could not be tokenized, or has no place for the requested edit."""


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind, its text and where it sits in the source."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased keyword if this token is a bare word (no prefix), else ``None``."""
        if self.kind == WORD and ":" not in self.text:
            return self.text.upper()
        return None


def tokenize(text: str) -> list[Token]:
    """Split SPARQL ``text`` into tokens, skipping whitespace and ``#`` comments.

    ``<`` starts an IRI when an IRI reference follows, except inside an expression right after
    an operand, where it is the less-than operator (as in ``FILTER(?n<xsd:integer(?m)&&?n>0)``).
    A bare word ends before a ``.`` (``true.SERVICE`` is three tokens); prefixed names and
    blank node labels may hold dots.

    Examples
    --------
    >>> [t.text for t in tokenize('SELECT ?s { ?s <urn:p> "a}#" } # } comment')]
    ['SELECT', '?s', '{', '?s', '<urn:p>', '"a}#"', '}']
    >>> [t.text for t in tokenize('FILTER(?n<xsd:integer(?m))')][2:5]
    ['?n', '<', 'xsd:integer']

    Raises
    ------
    SparqlTextError
        For a string that is never closed.
    """
    tokens: list[Token] = []
    context = _Context()
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in _WHITESPACE:
            i += 1
            continue
        if char == "#":
            while i < n and text[i] not in "\r\n":
                i += 1
            continue
        token = _next_token(text, i, tokens, context)
        context.update(token, tokens)
        tokens.append(token)
        i = token.end
    return tokens


_OPENS_EXPRESSION = {"FILTER", "BIND", "HAVING", "BY", "ASC", "DESC", "IN", "SELECT", "DISTINCT", "REDUCED"}
_NOT_FUNCTIONS = {"A", "VALUES", "TRUE", "FALSE"}


class _Context:
    """What the tokenizer needs to know of the tokens so far: open groups and the current clause."""

    def __init__(self) -> None:
        # Per open "(": does it hold an expression?  Per open "{": the clause flags to restore at
        # its "}" when the group sits inside an expression (EXISTS { ... }), else None.
        self.open: list[bool | tuple[bool, bool] | None] = []
        self.projection = False  # between SELECT and its WHERE group
        self.modifiers = False  # in GROUP BY / ORDER BY / HAVING

    def in_expression(self) -> bool:
        return bool(self.open) and self.open[-1] is True

    def _opens_expression(self, tokens: list[Token]) -> bool:
        if self.in_expression() or self.projection or self.modifiers:
            return True
        if not tokens:
            return False
        previous = tokens[-1]
        if previous.keyword is not None:
            return previous.keyword in _OPENS_EXPRESSION or previous.keyword not in _NOT_FUNCTIONS | _KEYWORDS
        if previous.kind in (WORD, IRI):  # a function named by IRI, right after FILTER
            return len(tokens) > 1 and tokens[-2].keyword == "FILTER"
        return False

    def _close(self, kind: type) -> None:
        while self.open:
            top = self.open.pop()
            if kind is bool and isinstance(top, bool):
                return
            if kind is tuple and not isinstance(top, bool):
                if top is not None:
                    self.projection, self.modifiers = top
                return

    def update(self, token: Token, tokens: list[Token]) -> None:
        keyword = token.keyword
        if token.kind == PUNCT and token.text == "(":
            self.open.append(self._opens_expression(tokens))
        elif token.kind == PUNCT and token.text == ")":
            self._close(bool)
        elif token.kind == PUNCT and token.text == "{":
            self.open.append((self.projection, self.modifiers) if self.in_expression() else None)
            self.projection = self.modifiers = False
        elif token.kind == PUNCT and token.text == "}":
            self._close(tuple)
        elif keyword == "SELECT":
            self.projection = True
        elif keyword in ("WHERE", "FROM"):
            self.projection = self.modifiers = False
        elif keyword in ("GROUP", "ORDER", "HAVING"):
            self.modifiers = True
        elif keyword in ("LIMIT", "OFFSET", "VALUES"):
            self.modifiers = False


#: Keywords that never name a function, so a "(" after them opens no expression.
_KEYWORDS = {"WHERE", "OPTIONAL", "MINUS", "UNION", "GRAPH", "SERVICE", "SILENT", "NOT", "EXISTS", "NAMED",
             "FROM", "PREFIX", "BASE", "CONSTRUCT", "DESCRIBE", "ASK", "LIMIT", "OFFSET", "GROUP", "ORDER",
             "DELETE", "INSERT", "DATA", "USING", "WITH", "LOAD", "INTO", "CLEAR", "DROP", "CREATE", "ADD",
             "MOVE", "COPY", "TO", "DEFAULT", "ALL", "UNDEF", "AS"}


def _is_operand(token: Token) -> bool:
    return token.kind in (VAR, STRING, IRI) or (token.kind == WORD and token.keyword not in _KEYWORDS) or (
        token.kind == PUNCT and token.text == ")")


def _next_token(text: str, i: int, tokens: list[Token], context: _Context) -> Token:
    """The token starting at offset ``i`` (not whitespace nor a comment)."""
    char = text[i]
    if char == "<" and not (context.in_expression() and tokens and _is_operand(tokens[-1])) and (
            match := _IRIREF.match(text, i)):
        return Token(IRI, match.group(), i, match.end())
    if char in "\"'":
        return Token(STRING, text[i:_string_end(text, i)], i, _string_end(text, i))
    if char in "?$" and (match := _VARNAME.match(text, i + 1)):
        return Token(VAR, text[i:match.end()], i, match.end())
    if char.isdigit() and (match := _NUMBER.match(text, i)):
        return Token(WORD, match.group(), i, match.end())
    if _WORD_CHAR.match(char):
        end = _word_end(text, i)
        word = text[i:end]
        if ":" not in word and "." in word:  # keywords hold no dot: `true.SERVICE`
            end = i + word.index(".")
        if ":" not in word and (boolean := _BOOLEAN.match(word)) and boolean.end() < end - i:
            end = i + boolean.end()  # Oxigraph reads `trueSERVICE` as `true SERVICE`
        return Token(WORD, text[i:end], i, end)
    width = 2 if text.startswith(_TWO_CHAR_PUNCT, i) else 1
    return Token(PUNCT, text[i:i + width], i, i + width)


def _string_end(text: str, start: int) -> int:
    """Offset just past the string literal opening at ``start`` (short or long form).

    A long string ends at the first unescaped triple quote: its content may hold one or two
    quotes only before another character, so ``\"\"\"a\"\"\"\"b\"`` is two strings.
    """
    quote = text[start]
    long_quote = quote * 3
    is_long = text.startswith(long_quote, start)
    i = start + (3 if is_long else 1)
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if is_long:
            if text.startswith(long_quote, i):
                return i + 3
        elif char == quote:
            return i + 1
        elif char in "\r\n":
            break
        i += 1
    raise SparqlTextError(f"unterminated string starting at offset {start}")


def _word_end(text: str, start: int) -> int:
    """Offset just past a keyword, prefixed name, blank node label or number."""
    i, n = start, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n:  # PN_LOCAL_ESC such as ex:a\'b
            i += 2
        elif char == "%" and re.match(r"%[0-9A-Fa-f]{2}", text[i:i + 3]):
            i += 3
        elif _WORD_CHAR.match(char) or (char == "." and i + 1 < n and _WORD_CHAR.match(text[i + 1])):
            i += 1
        else:
            break
    return i


def keywords(tokens: Iterable[Token]) -> set[str]:
    """All bare keywords among ``tokens``, upper-cased."""
    return {t.keyword for t in tokens if t.keyword}


def has_keyword(text: str, keyword: str) -> bool:
    """True if ``keyword`` occurs as a keyword (not inside an IRI, string, comment or name).

    Examples
    --------
    >>> has_keyword('SELECT * { SERVICE <http://x/> { ?s ?p ?o } }', 'service')
    True
    >>> has_keyword('SELECT * { ?s <http://x/SERVICE> "SERVICE" } # SERVICE', 'SERVICE')
    False
    """
    return keyword.upper() in keywords(tokenize(text))


def query_form(tokens: list[Token]) -> str | None:
    """The query form (``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK``) or ``None``."""
    for token in tokens:
        if token.keyword in QUERY_FORMS:
            return token.keyword
    return None


def _depth_zero(tokens: list[Token]) -> list[tuple[int, Token]]:
    """Tokens outside any brace or parenthesis, with their index."""
    found, braces, parens = [], 0, 0
    for index, token in enumerate(tokens):
        if token.kind == PUNCT and token.text in "{}()":
            if token.text == "{":
                if braces == 0 and parens == 0:
                    found.append((index, token))
                braces += 1
            elif token.text == "}":
                braces -= 1
            elif token.text == "(":
                parens += 1
            else:
                parens -= 1
            continue
        if braces == 0 and parens == 0:
            found.append((index, token))
    return found


def has_dataset_clause(text: str) -> bool:
    """True if the query names its own dataset with ``FROM`` / ``FROM NAMED``."""
    return any(token.keyword == "FROM" for _, token in _depth_zero(tokenize(text)))


def matching_brace(tokens: list[Token], first: int) -> int:
    """Index of the ``}`` that closes the ``{`` at ``tokens[first]``.

    Examples
    --------
    >>> tokens = tokenize('{ ?s ?p "}" { } } .')
    >>> tokens[matching_brace(tokens, 0)].start
    16
    """
    depth = 0
    for index in range(first, len(tokens)):
        token = tokens[index]
        if token.kind == PUNCT and token.text == "{":
            depth += 1
        elif token.kind == PUNCT and token.text == "}":
            depth -= 1
            if depth == 0:
                return index
    raise SparqlTextError("a group is never closed")


def where_group_index(tokens: list[Token]) -> int:
    """Index of the ``{`` token that opens the outermost ``WHERE`` group of a tokenized query.

    Raises
    ------
    SparqlTextError
        As :func:`where_group_offset`.
    """
    form_index = next((i for i, t in enumerate(tokens) if t.keyword in QUERY_FORMS), None)
    if form_index is None:
        raise SparqlTextError("not a SPARQL query (no SELECT, CONSTRUCT, DESCRIBE or ASK)")
    rest = form_index + 1
    if tokens[form_index].keyword == "CONSTRUCT":
        if rest < len(tokens) and tokens[rest].keyword == "WHERE":
            raise SparqlTextError("cannot bind values in the short form CONSTRUCT WHERE { ... }; write the template")
        if rest >= len(tokens) or tokens[rest].text != "{":
            raise SparqlTextError("CONSTRUCT without a template")
        try:
            rest = matching_brace(tokens, rest) + 1
        except SparqlTextError:
            raise SparqlTextError("CONSTRUCT template is never closed") from None
    for index, token in _depth_zero(tokens[rest:]):
        if token.kind == PUNCT and token.text == "{":
            return rest + index
    raise SparqlTextError("the query has no WHERE group to bind values in")


def where_group_offset(text: str) -> int:
    """Offset just after the ``{`` that opens the outermost ``WHERE`` group of a query.

    Examples
    --------
    >>> q = 'CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }'
    >>> q[:where_group_offset(q)]
    'CONSTRUCT { ?s ?p "{" } WHERE {'

    Raises
    ------
    SparqlTextError
        If the text is not a query with a ``WHERE`` group (for example ``DESCRIBE <x>``
        or the short form ``CONSTRUCT WHERE { ... }``, whose group is also the template).
    """
    tokens = tokenize(text)
    return tokens[where_group_index(tokens)].end


def check_variable_name(name: str) -> str:
    """Return ``name`` if it is a valid SPARQL variable name (without ``?``), else raise."""
    if not _VARIABLE_NAME.match(name):
        raise SparqlTextError(f"not a valid SPARQL variable name: {name!r}")
    return name


def values_clause(bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """A one-row ``VALUES`` clause binding each variable to its term.

    Terms are written by pyoxigraph in N-Triples syntax, so any quote, brace or newline in
    a literal is escaped by the serializer, not by this module.

    Examples
    --------
    >>> values_clause({"who": ox.NamedNode("urn:x"), "note": ox.Literal('a "} b')})
    'VALUES (?who ?note) { (<urn:x> "a \\\\"} b") }'
    """
    names, terms = [], []
    for name, term in bindings.items():
        names.append("?" + check_variable_name(name))
        if isinstance(term, ox.BlankNode) or not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise SparqlTextError(f"variable {name!r}: only IRIs and literals can be bound, not {term!r}")
        terms.append(str(term))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def bind_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind variables of query ``text`` with a ``VALUES`` row as the first element of its WHERE group.

    Examples
    --------
    >>> bind_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": ox.NamedNode("urn:a")})
    'SELECT ?o WHERE { VALUES (?s) { (<urn:a>) }\\n ?s ?p ?o }'
    >>> bind_values("SELECT ?o WHERE { SELECT ?o { ?s ?p ?o } }", {"o": ox.Literal("1")})
    'SELECT ?o WHERE { VALUES (?o) { ("1") } {\\n SELECT ?o { ?s ?p ?o } }\\n}'
    """
    if not bindings:
        return text
    tokens = tokenize(text)
    first = where_group_index(tokens)
    offset, clause = tokens[first].end, values_clause(bindings)
    if first + 1 < len(tokens) and tokens[first + 1].keyword == "SELECT":
        # The group is a subquery (`WHERE { SELECT ... }`): nothing may stand beside it, so wrap it.
        close = tokens[matching_brace(tokens, first)].start
        return f"{text[:offset]} {clause} {{\n{text[offset:close]}}}\n{text[close:]}"
    return f"{text[:offset]} {clause}\n{text[offset:]}"


def complete_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """Declare, at the top of ``text``, the ``prefixes`` it uses without declaring them.

    The embedded store knows the project's prefixes; another SPARQL server does not, so
    queries sent elsewhere get explicit ``PREFIX`` lines.  Declared or unknown prefixes
    are left alone.

    Examples
    --------
    >>> complete_prefixes("SELECT * { ?s a ex:C ; rdfs:label ?l }", {"ex": "urn:ex:", "owl": "urn:owl:"})
    'PREFIX ex: <urn:ex:>\\nSELECT * { ?s a ex:C ; rdfs:label ?l }'
    """
    tokens = tokenize(text)
    declared, used = set(), []
    for index, token in enumerate(tokens):
        if token.kind != WORD or ":" not in token.text or token.text.startswith("_:"):
            continue
        prefix = token.text.split(":", 1)[0]
        if index > 0 and tokens[index - 1].keyword == "PREFIX":
            declared.add(prefix)
        elif prefix not in used:
            used.append(prefix)
    missing = [p for p in used if p not in declared and p in prefixes]
    lines = "".join(f"PREFIX {p}: {ox.NamedNode(prefixes[p])}\n" for p in missing)
    # After the leading comment block (a catalog query's header), before the first token's line.
    at = text.rfind("\n", 0, tokens[0].start) + 1 if tokens and lines else 0
    return text[:at] + lines + text[at:]


def update_names_dataset(text: str) -> bool:
    """True if an update names its own dataset with ``USING`` or ``WITH``."""
    return bool({"USING", "WITH"} & keywords(tokenize(text)))


def add_using(text: str, using: Iterable[ox.NamedNode], using_named: Iterable[ox.NamedNode]) -> str:
    """Give every ``DELETE/INSERT ... WHERE`` operation of an update the protocol's dataset.

    The protocol parameters ``using-graph-uri`` and ``using-named-graph-uri`` act as
    ``USING`` and ``USING NAMED`` clauses, inserted before each operation's ``WHERE``
    (``DELETE WHERE`` takes no ``USING`` and is left alone).

    Examples
    --------
    >>> add_using("INSERT { ?s a ?t } WHERE { ?s a ?t }", [ox.NamedNode("urn:g")], [])
    'INSERT { ?s a ?t } USING <urn:g> WHERE { ?s a ?t }'
    """
    clause = " ".join([f"USING {g}" for g in using] + [f"USING NAMED {g}" for g in using_named])
    if not clause:
        return text
    tokens = tokenize(text)
    offsets = []
    previous: Token | None = None
    for _, token in _depth_zero(tokens):
        if token.keyword == "WHERE" and not (previous is not None and previous.keyword == "DELETE"):
            offsets.append(token.start)
        previous = token
    for offset in reversed(offsets):
        text = f"{text[:offset]}{clause} {text[offset:]}"
    return text


__all__ = [
    "IRI", "PUNCT", "QUERY_FORMS", "STRING", "VAR", "WORD", "SparqlTextError", "Token", "add_using",
    "bind_values", "check_variable_name", "complete_prefixes", "has_dataset_clause", "has_keyword", "keywords",
    "matching_brace", "query_form", "tokenize", "update_names_dataset", "values_clause", "where_group_index",
    "where_group_offset",
]
