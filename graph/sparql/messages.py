"""Readable SPARQL syntax errors: where the text went wrong and what could have come there.

The parser's own message (``error at 1:25: expected one of "$", …, ['A' ..= 'Z' | …]``) lists
every token it could have read, character classes as Unicode code-point ranges.  An analyst needs
the line and column, the text there, and a short list of what was expected.
"""

from __future__ import annotations

import re

_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
#: Character classes of the parser, named by what they start.
_CLASSES = (
    (re.compile(r"'0'\s*\.\.=\s*'9'"), "a number"),
    (re.compile(r"'A'\s*\.\.=\s*'Z'"), "a name"),
)
#: Tokens that start a kind of term, named by that kind.
_STARTS = {
    "?": "a variable", "$": "a variable", "<": "an IRI", ":": "a prefixed name", "'": "a string",
    '"': "a string", "'''": "a string", '"""': "a string", "_:": "a blank node", "[": "a blank node",
    "<<": "a quoted triple", "<<(": "a quoted triple", "+": "a number", "-": "a number",
    "true": "a boolean", "false": "a boolean",
}
MAX_EXPECTED = 8


def _alternatives(expected: str) -> list[str]:
    """Split the parser's ``expected`` list at its top-level commas (not inside quotes or brackets)."""
    items, depth, quote, current = [], 0, "", ""
    for char in expected:
        if quote:
            current += char
            if char == quote and not current.endswith("\\" + quote):
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += char
    if current.strip():
        items.append(current.strip())
    return items


def _describe(alternative: str) -> str | None:
    """How to show one expected alternative (``None``: leave it out)."""
    if alternative.startswith("["):
        for pattern, name in _CLASSES:
            if pattern.search(alternative):
                return name
        return None  # "[_]" (any character) and other classes say nothing useful
    if alternative.startswith('"') and alternative.endswith('"') and len(alternative) > 1:
        token = alternative[1:-1].replace('\\"', '"')
        return _STARTS.get(token, token if token.isalnum() else f"'{token}'")
    return alternative


def expected_summary(expected: str) -> str:
    """A short, readable form of the parser's list of expected tokens.

    Examples
    --------
    >>> expected_summary('one of ",", ".", "}", [_]')
    "',', '.' or '}'"
    >>> expected_summary("one of FILTER, ['A' ..= 'Z' | 'a' ..= 'z'], [_]")
    'a name or FILTER'
    >>> expected_summary("CONSTRUCT")
    'CONSTRUCT'
    """
    text = expected.strip()
    text = text[len("one of "):] if text.startswith("one of ") else text
    shown: list[str] = []
    for alternative in _alternatives(text):
        described = _describe(alternative)
        if described and described not in shown:
            shown.append(described)
    kinds = [s for s in shown if s.startswith(("a ", "an "))]
    tokens = [s for s in shown if s not in kinds]
    listed = [*kinds, *tokens]
    if not listed:
        return "something else"
    if len(tokens) > MAX_EXPECTED:
        return ", ".join([*kinds, *tokens[:MAX_EXPECTED]]) + ", …"
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " or " + listed[-1]


def readable_syntax_error(message: str, text: str) -> str:
    """The parser's ``message`` about ``text`` as ``line L, column C (near "…"): expected …``.

    Messages that do not give a position are returned unchanged.

    Examples
    --------
    >>> readable_syntax_error('error at 1:24: expected one of ".", "FILTER", [_]', "SELECT * WHERE { ?s ?p }")
    'line 1, column 24 (at "}"): expected \\'.\\' or FILTER'
    >>> readable_syntax_error("something else", "ASK {}")
    'something else'
    """
    found = _POSITION.match(message.strip())
    if not found:
        return message
    line, column, rest = int(found.group(1)), int(found.group(2)), found.group(3)
    lines = text.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    near = source[max(column - 1, 0):][:20].strip()
    where = f'line {line}, column {column}' + (f' (at "{near}")' if near else " (at the end)")
    if rest.startswith("expected") and not rest.endswith("failed"):
        return f"{where}: expected {expected_summary(rest[len('expected'):])}"
    detail = rest.removeprefix("expected ").splitlines()[0] if rest else "syntax error"
    return f"{where}: {detail}"


__all__ = ["expected_summary", "readable_syntax_error"]
