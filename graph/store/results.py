"""Query results as plain Python data, the same whichever store answered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias
from typing import Literal as KindLiteral

if TYPE_CHECKING:
    from rdflib.term import Node

Row: TypeAlias = "dict[str, Node]"
Triple: TypeAlias = "tuple[Node, Node, Node]"


@dataclass(frozen=True)
class QueryResult:
    """The answer to one SPARQL query.

    ``kind`` is ``"select"`` (``variables`` and ``rows``), ``"ask"`` (``boolean``) or
    ``"graph"`` for CONSTRUCT and DESCRIBE (``triples``).  Unbound variables are absent
    from a row's mapping.
    """

    kind: KindLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)

    def values(self, variable: str) -> list[Node | None]:
        """Return the column of ``variable`` (``None`` where unbound)."""
        return [row.get(variable) for row in self.rows]

    def python_rows(self) -> list[dict[str, object]]:
        """Return the rows with literals turned into Python values and IRIs into strings."""
        return [
            {name: _python_value(row.get(name)) for name in self.variables} for row in self.rows
        ]


def _python_value(term: Node | None) -> object:
    if term is None:
        return None
    to_python = getattr(term, "toPython", None)
    value = to_python() if to_python else term
    return str(value) if value is term else value
