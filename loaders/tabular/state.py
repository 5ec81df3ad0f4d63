"""The state of one mapping run, passed explicitly: the file's run, one row's scope, the node being mapped.

:class:`Run` holds what grows while a file is mapped (the triples, where each node and field came
from, the problems); :class:`Scope` what one row (and ``foreach`` item) gives; :class:`Node` the
subject a node spec produced; :class:`Cell` all three with the column a parser reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from alliancekg.loaders.errors import Problem
from alliancekg.loaders.linking import Resolver
from alliancekg.loaders.tabular.mapping import Mapping
from alliancekg.loaders.tabular.patterns import run_pattern
from alliancekg.loaders.tabular.reader import Row

#: Mapping stops at this many problems in one file (the first ones are reported).
MAX_PROBLEMS = 50


@dataclass
class Run:
    """One file being mapped: its mapping, the resolver, what exists already, and what was produced.

    Examples
    --------
    >>> from alliancekg.loaders.tabular.mapping import MAPPINGS_DIR, load_mapping
    >>> from alliancekg.loaders.linking import Resolver
    >>> run = Run(load_mapping(MAPPINGS_DIR / "alliances.yaml"), Path("a.csv"), Resolver())
    >>> run.problem(Row({"deal_id": "x"}, 3, {"deal_id": 1}), "a value is required", "deal_id")
    >>> print(run.problems[0])
    a.csv:3:1: x: field 'deal_id': a value is required
    """

    mapping: Mapping
    path: Path
    resolver: Resolver
    existing: Graph = field(default_factory=Graph)
    graph: Graph = field(default_factory=Graph)
    problems: list[Problem] = field(default_factory=list)
    reported: set[Problem] = field(default_factory=set)
    node_lines: dict[str, int] = field(default_factory=dict)
    field_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    field_names: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> dict[str, Any]:
        """The mapping's spec."""
        return self.mapping.spec

    def problem(self, row: Row, message: str, column: str | None = None) -> None:
        """Report a problem of ``row`` (once, and at most :data:`MAX_PROBLEMS` in all)."""
        key_column = self.spec.get("key")
        node = row.get(key_column) if key_column else None
        problem = Problem(str(self.path), message, line=row.line,
                          column=row.columns.get(column) if column else None, field=column, node=node or None)
        if problem not in self.reported and len(self.problems) < MAX_PROBLEMS:
            self.reported.add(problem)
            self.problems.append(problem)

    def pattern(self, how: str, pattern: str, value: str, where: tuple[Any, Any], row: Row,
                column: str | None = None, ignore_case: bool = False) -> Any:
        """:func:`~alliancekg.loaders.tabular.patterns.run_pattern` on a value of ``row`` of this file."""
        return run_pattern(how, pattern, value, where, path=self.path, mapping_path=self.mapping.path, line=row.line,
                           column=row.columns.get(column) if column else None, field=column, ignore_case=ignore_case)

    def add(self, subject: URIRef, prop: URIRef, value: Any, line: int, column: str | None) -> None:
        """Add a triple read from ``column`` of the row at ``line``, remembering where the field came from."""
        self.graph.add((subject, prop, value))
        if column:
            self.field_names.setdefault(str(prop), column)
            self.field_lines.setdefault((str(subject), column), line)


@dataclass
class Scope:
    """What one row (and one ``foreach`` item) gives to templates and parsers.

    Examples
    --------
    >>> scope = Scope(Row({"name": " Acme "}, 7, {"name": 1}), {"kind": "lead"})
    >>> scope.value("name"), scope.value("item.kind"), scope.value("row.line"), scope.next("money")
    ('Acme', 'lead', '7', 1)
    """

    row: Row
    item: dict[str, Any] = field(default_factory=dict)
    sources: list[URIRef] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    #: describe_source's splits of this row, by the describe spec's id
    described: dict[int, tuple[dict[str, int], list[str]]] = field(default_factory=dict)

    def value(self, name: str) -> str:
        """A column of the row, ``item.KEY`` of the item, or ``row.line``."""
        if name.startswith("item."):
            return str(self.item.get(name[5:], ""))
        if name.startswith("row."):
            return str(self.row.line) if name == "row.line" else ""
        return self.row.get(name)

    def next(self, key: str) -> int:
        """The next number of the ``key`` counter of this scope (1, 2, ...)."""
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


@dataclass(frozen=True)
class Node:
    """The subject a node spec produced, its local name, and which properties it must not get."""

    subject: URIRef
    local: str
    skip: Callable[[URIRef], bool]


@dataclass(frozen=True)
class Cell:
    """Everything a parser reads: the run, the row's scope, the node, and the column of the value."""

    run: Run
    scope: Scope
    node: Node
    column: str | None

    @property
    def row(self) -> Row:
        """The row being mapped."""
        return self.scope.row
