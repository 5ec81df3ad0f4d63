"""Limits on hostile YAML before it is turned into data: aliases, nesting depth, value size, encoding.

A YAML-LD file is small, hand-written data, so it has no use for what makes YAML dangerous:

- aliases (``*name``) can expand exponentially ("billion laughs"): a few hundred bytes that
  would take gigabytes once built, so they are refused;
- nesting deeper than :data:`MAX_DEPTH` would exhaust the parser's recursion, so it is refused
  with the line where it happens instead of a ``RecursionError``;
- a value longer than :data:`MAX_VALUE_CHARS` characters is refused, naming its field;
- tags other than the core schema's (``!!python/object``…) are refused: a file is data only;
- bytes that are not UTF-8 are reported with the line they are on.

:func:`check_yaml` reads the event stream (no recursion, nothing built) and returns the
problems, each with file, line, column and field.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import yaml

from alliancekg.loaders.errors import LoadError, Problem

#: Deepest nesting of mappings and sequences accepted.
MAX_DEPTH = 64
#: Longest scalar value accepted, in characters.
MAX_VALUE_CHARS = 100_000
#: Explicit tags accepted (YAML's core schema); any other (``!!python/...``, ``!custom``) is refused.
CORE_TAGS = tuple(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map",
                                                           "timestamp"))


def decode_utf8(data: bytes, path: Path | str) -> tuple[str | None, Problem | None]:
    """``data`` decoded as UTF-8, or a problem naming the line and column of the first bad byte.

    Examples
    --------
    >>> decode_utf8("a\\nSoci\\xe9t\\xe9".encode("latin-1"), "f.yaml")[1].line
    2
    """
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem(str(path), f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded "
                                        "(save the file as UTF-8)", line=line, column=exc.start - line_start + 1)


def read_utf8(path: Path) -> str:
    """The text of the file ``path``, or a :class:`LoadError` (unreadable, or the line of a byte that is not UTF-8)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError.single(path, f"cannot read file: {exc}") from exc
    text, problem = decode_utf8(data, path)
    if problem is not None:
        raise LoadError([problem])
    return text  # type: ignore[return-value]


def check_yaml(text: str, path: Path | str) -> list[Problem]:
    """Problems that make ``text`` unsafe to build: aliases, too deep nesting, too long values.

    Syntax errors are left to the loader (it reports them with their position).

    Examples
    --------
    >>> [p.message for p in check_yaml("a: &x [1]\\nb: *x\\n", "f.yaml")]
    ['YAML aliases (*x) are not allowed: write the value out']
    >>> check_yaml("label: " + "x" * 100001, "f.yaml")[0].field
    'label'
    """
    problems: list[Problem] = []
    # One frame per open collection: [is_mapping, expecting_key, current key].
    stack: list[list] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            mark = event.start_mark
            where = {"line": mark.line + 1, "column": mark.column + 1} if mark else {}
            frame = stack[-1] if stack else None
            field = next((f[2] for f in reversed(stack) if f[0] and f[2] is not None), None)
            if isinstance(event, yaml.AliasEvent):
                message = f"YAML aliases (*{event.anchor}) are not allowed: write the value out"
                problems.append(Problem(str(path), message, field=field, **where))
                _value_done(frame)
                continue
            if getattr(event, "tag", None) and not str(event.tag).startswith(CORE_TAGS):
                problems.append(Problem(str(path), f"YAML tag {event.tag} is not allowed (plain values only)",
                                        field=field, **where))
            if isinstance(event, yaml.ScalarEvent):
                if frame is not None and frame[0] and frame[1]:
                    frame[2], frame[1] = event.value, False
                    continue
                if len(event.value) > MAX_VALUE_CHARS:
                    problems.append(Problem(str(path), f"value of {len(event.value):,} characters is longer than the "
                                                       f"limit of {MAX_VALUE_CHARS:,}", field=field, **where))
                _value_done(frame)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem(str(path), f"nested deeper than {MAX_DEPTH} levels", field=field, **where))
                    return problems
                stack.append([isinstance(event, yaml.MappingStartEvent), True, None])
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
                _value_done(stack[-1] if stack else None)
            if len(problems) >= 20:
                break
    except yaml.YAMLError:
        pass  # reported with its position by the loader's own parse
    return problems


def valid_iri(value: str) -> bool:
    """False for text with a scheme that is still not a valid absolute IRI (spaces, ``<``, ``>``…).

    Text without a colon is left to JSON-LD (a term or a relative reference, reported elsewhere).

    Examples
    --------
    >>> valid_iri("https://w3id.org/alliance-kg/id/ent/x"), valid_iri("https://e.org/x> <urn:p"), valid_iri("x")
    (True, False, True)
    """
    if ":" not in value:
        return True
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


#: Longest field name accepted (a full IRI used as a field included), in characters.
MAX_FIELD_CHARS = 2_000


def field_name_problem(key: str, path: Path | str, line: int) -> Problem | None:
    """A problem when the field name ``key`` is longer than :data:`MAX_FIELD_CHARS` (shown cut short).

    Examples
    --------
    >>> field_name_problem("https://e.org/" + "x" * 3000, "f.yaml", 4).message
    'field name of 3,014 characters is longer than the limit of 2,000'
    >>> field_name_problem("label", "f.yaml", 4) is None
    True
    """
    if len(key) <= MAX_FIELD_CHARS:
        return None
    return Problem(str(path), f"field name of {len(key):,} characters is longer than the limit of {MAX_FIELD_CHARS:,}",
                   line=line, field=key[:40] + "…")


def _value_done(frame: list | None) -> None:
    """After a value in a mapping, the next scalar is a key again."""
    if frame is not None and frame[0]:
        frame[1] = True


__all__ = ["CORE_TAGS", "MAX_DEPTH", "MAX_FIELD_CHARS", "MAX_VALUE_CHARS", "check_yaml", "decode_utf8",
           "field_name_problem", "read_utf8", "valid_iri"]
