"""Why a missed target was missed: the measured cause and what was tried, from ``benchmarks/causes.toml``.

The checklist (:func:`benchmarks.targets.issue_table`) says met or missed; this module adds, for each
missed row of a run, the cause recorded by whoever measured it.  Causes are kept by hand in
``causes.toml`` because they come from profiling, not from the timings; a missed target without a
recorded cause is shown as such, so the results file never hides one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.report import Table

CAUSES_FILE = Path(__file__).with_name("causes.toml")
MISSED = "**missed**"
NOT_RECORDED = "cause not recorded"
COLUMNS = ["target", "triples", "measured cause", "what was tried"]


@dataclass(frozen=True)
class Cause:
    """The cause of missing one target (or one catalog query's share of it).

    Parameters
    ----------
    target
        The start of the checklist's target text the cause is about (``"`ASK {}` server CPU"``).
    cause
        What the profile or measurement showed.
    tried
        What was tried, with what effect.
    queries
        For the catalog row: a cause per query named in its ``over:`` list.
    """

    target: str
    cause: str = ""
    tried: str = ""
    queries: Mapping[str, Cause] = field(default_factory=dict)


def parse_causes(text: str, *, source: str = "causes.toml") -> list[Cause]:
    """The causes written in ``text`` (TOML: ``[[target]]`` tables, ``[target.queries.NAME]`` inside).

    Raises ``ValueError`` naming ``source`` and the entry when a field is missing or unknown.

    Examples
    --------
    >>> causes = parse_causes('''
    ... [[target]]
    ... target = "`ASK {}` server CPU"
    ... cause = "Python's floor per request"
    ... tried = "a router bypass"
    ... ''')
    >>> causes[0].target, causes[0].tried
    ('`ASK {}` server CPU', 'a router bypass')
    >>> parse_causes('[[target]]\\ncause = "x"')
    Traceback (most recent call last):
    ...
    ValueError: causes.toml: target 1: 'target' is missing
    """
    data = tomllib.loads(text)
    unknown = set(data) - {"target"}
    if unknown:
        raise ValueError(f"{source}: unknown top-level key(s) {sorted(unknown)}")
    return [_cause(entry, f"{source}: target {number}") for number, entry in enumerate(data.get("target", []), 1)]


def _cause(entry: Mapping[str, object], where: str, *, name: str | None = None) -> Cause:
    allowed = {"cause", "tried"} | ({"target", "queries"} if name is None else set())
    unknown = set(entry) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
    target = name if name is not None else entry.get("target")
    if not isinstance(target, str) or not target:
        raise ValueError(f"{where}: 'target' is missing")
    for key in ("cause", "tried"):
        if not isinstance(entry.get(key, ""), str):
            raise ValueError(f"{where}: '{key}' must be text")
    queries = entry.get("queries", {})
    if not isinstance(queries, Mapping):
        raise ValueError(f"{where}: 'queries' must be a table of query names")
    return Cause(target, str(entry.get("cause", "")), str(entry.get("tried", "")),
                 {query: _cause(value, f"{where}: query {query}", name=query) for query, value in queries.items()})


def read_causes(path: Path = CAUSES_FILE) -> list[Cause]:
    """The causes kept in ``path`` (none when the file does not exist)."""
    return parse_causes(path.read_text(encoding="utf-8"), source=path.name) if path.exists() else []


def over_list(measured: str) -> list[str]:
    """The names in a checklist cell's ``(over: a, b (status 504))`` part, without their notes.

    Examples
    --------
    >>> over_list("17 of 26 (over: freedoms, rights-at (one holder), slow (status 504)); floor 1.0 ms")
    ['freedoms', 'rights-at (one holder)', 'slow']
    >>> over_list("26 of 26")
    []
    """
    found = re.search(r"\(over: (.*)\)", measured)
    if not found:
        return []
    names = [name.strip() for name in re.split(r",\s*(?![^()]*\))", found.group(1))]
    return [re.sub(r" \(status \d+\)$", "", name) for name in names]


def missed_table(rows: Sequence[Sequence[str]], causes: Sequence[Cause]) -> Table:
    """A row per missed checklist row (a row per query for the catalog row) with its recorded cause.

    Examples
    --------
    >>> rows = [["`ASK {}` server CPU per request ≤ 2× oxigraph serve", "1,000", "0.9 ms", "0.1 ms", "9×",
    ...          "**missed**"],
    ...         ["catalog query p50 ≤ 50 ms", "1,000", "1 of 3 (over: a, b)", "–", "–", "**missed**"],
    ...         ["GraphML export ≤ 2× the view", "1,000", "1 s", "1 s", "1×", "met"]]
    >>> causes = [Cause("`ASK {}`", "the floor", "a bypass"),
    ...           Cause("catalog query p50", queries={"a": Cause("a", "a scan", "a rewrite")})]
    >>> for row in missed_table(rows, causes).rows:
    ...     print(row)
    ['`ASK {}` server CPU per request ≤ 2× oxigraph serve', '1,000', 'the floor', 'a bypass']
    ['catalog query p50 ≤ 50 ms: a', '1,000', 'a scan', 'a rewrite']
    ['catalog query p50 ≤ 50 ms: b', '1,000', 'cause not recorded', '–']
    """
    table = Table("Missed targets: measured cause and what was tried", COLUMNS)
    for row in rows:
        if row[-1] != MISSED:
            continue
        target, size, measured = row[0], row[1], row[2]
        found = next((cause for cause in causes if target.startswith(cause.target)), None)
        names = over_list(measured)
        if found is not None and found.queries and names:
            for name in names:
                query = found.queries.get(name)
                table.rows.append([f"{target}: {name}", size, query.cause if query else NOT_RECORDED,
                                   (query.tried or "–") if query else "–"])
        elif found is not None:
            table.rows.append([target, size, found.cause or NOT_RECORDED, found.tried or "–"])
        else:
            table.rows.append([target, size, NOT_RECORDED, "–"])
    table.notes.append("Causes are kept in `benchmarks/causes.toml` from profiles and measurements; the figures "
                       "behind them are in docs/performance/index.md.")
    return table


__all__ = ["CAUSES_FILE", "Cause", "missed_table", "over_list", "parse_causes", "read_causes"]
