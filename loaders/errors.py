"""Errors raised while turning source files into triples: each names the file, line and field."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

# rdflib logs a warning, with a traceback, for each literal it cannot convert and each IRI it finds
# odd; the loaders report those same problems with file, line and field.  A handler of its own keeps
# the warnings off stderr unless the application configures logging (they still propagate to it).
logging.getLogger("rdflib").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    node: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.node:
            parts.append(self.node)
        if self.field:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts) + f": {self.message}"


class LoadError(ValueError):
    """A file could not be loaded; nothing from it was written to the store."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(cls, file: Path | str, message: str, **where: object) -> LoadError:
        """An error with one problem."""
        return cls([Problem(str(file), message, **where)])  # type: ignore[arg-type]
