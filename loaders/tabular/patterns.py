"""The regular expressions of a mapping: compiled once, checked when the mapping is read, run bounded in time."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
from ruamel.yaml import nodes as yaml_nodes

from alliancekg.loaders.errors import LoadError, Problem

#: Longest time one mapping pattern may run on one value, in seconds: a bound on catastrophic backtracking.
PATTERN_TIMEOUT = 2.0


@lru_cache(maxsize=512)
def compile_pattern(pattern: str, ignore_case: bool = False) -> regex.Pattern[str]:
    """A mapping's regular expression, compiled once (``regex.error`` if it is not one).

    Patterns come from mapping files, so they run through the ``regex`` package, whose matching
    takes a ``timeout``: see :data:`PATTERN_TIMEOUT`.

    Examples
    --------
    >>> compile_pattern("high|low").fullmatch("low") is not None
    True
    """
    return regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)




#: Keys of a mapping whose values are regular expressions (``map`` keys too, under ``match: regex``).
PATTERN_KEYS = {"pattern", "regex", "when_matches", "extract", "matches"}


def bad_patterns(node: yaml_nodes.Node | None, path: Path | str) -> list[Problem]:
    """The regular expressions of a composed mapping file that do not compile, each with its line and key.

    Examples
    --------
    >>> from alliancekg.loaders.guards import compose_yaml
    >>> root = compose_yaml("columns:\\n  deal_id: {pattern: '[a-z'}\\n", "m.yaml")
    >>> print(bad_patterns(root, "m.yaml")[0])
    m.yaml:2: field 'pattern': not a valid regular expression: unterminated character set at position 4
    """
    problems: list[Problem] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml_nodes.SequenceNode):
            stack.extend(current.value)
        if not isinstance(current, yaml_nodes.MappingNode):
            continue
        regex_map = any(k.value == "match" and getattr(v, "value", None) == "regex" for k, v in current.value)
        for key, value in current.value:
            name = key.value if isinstance(key, yaml_nodes.ScalarNode) else None
            if name in PATTERN_KEYS and not isinstance(value, yaml_nodes.MappingNode):
                scalars = value.value if isinstance(value, yaml_nodes.SequenceNode) else [value]
                problems += _compile_errors(scalars, name, path)
            elif name == "map" and regex_map and isinstance(value, yaml_nodes.MappingNode):
                problems += _compile_errors([k for k, _ in value.value], "map", path)
            stack.append(value)
    return sorted(problems, key=lambda p: p.line or 0)


def _compile_errors(nodes: list[yaml_nodes.Node], field_name: str, path: Path | str) -> list[Problem]:
    problems = []
    for item in nodes:
        if not isinstance(item, yaml_nodes.ScalarNode):
            continue
        try:
            compile_pattern(item.value)
        except regex.error as exc:
            problems.append(Problem(str(path), f"not a valid regular expression: {exc}",
                                    line=item.start_mark.line + 1, field=field_name))
    return problems


def run_pattern(how: str, pattern: str, value: str, where: tuple[Any, Any], *, path: Path | str,
                mapping_path: Path | str, line: int, column: int | None = None, field: str | None = None,
                ignore_case: bool = False) -> Any:
    """Run a mapping ``pattern`` on ``value`` (``how``: search, fullmatch or split), bounded in time.

    ``where`` is the mapping entry holding the pattern (the mapping or list, and its key), so that
    a pattern that is invalid or runs past :data:`PATTERN_TIMEOUT` is reported at its own line in
    the mapping file (``mapping_path``), with the place in the data file (``path``, ``line``,
    ``column``, ``field``) it was running on.

    Examples
    --------
    >>> run_pattern("fullmatch", "[0-9]+", "2025", ({}, "pattern"), path="d.csv", mapping_path="m.yaml",
    ...             line=2) is not None
    True
    """
    container, key = where
    try:
        return getattr(compile_pattern(pattern, ignore_case), how)(value, timeout=PATTERN_TIMEOUT)
    except (regex.error, TimeoutError) as exc:
        if isinstance(exc, regex.error):
            found, cause = f"pattern {pattern!r} of the mapping is not a regular expression", str(exc)
        else:
            found = (f"pattern {pattern!r} of the mapping ran longer than {PATTERN_TIMEOUT:g} s on this value "
                     f"of {len(value):,} characters")
            cause = ("the pattern backtracks catastrophically: rewrite it without a repeat inside or beside "
                     "another repeat that can match the same text, such as (a|aa)+ or \\s*(;|\\s)")
        mapping_line = container.line_of(key) if hasattr(container, "line_of") else None
        raise LoadError([Problem(str(path), found, line=line, column=column, field=field),
                         Problem(str(mapping_path), cause, line=mapping_line, field=str(key))]) from exc
