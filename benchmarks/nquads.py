"""Writing N-Quads by hand, fast and with bounded memory: term syntax and a counting line writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

XSD = "http://www.w3.org/2001/XMLSchema#"

_ESCAPES = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI term; ``value`` must already be a valid absolute IRI (the generator builds its own).

    Examples
    --------
    >>> iri("https://example.org/a")
    '<https://example.org/a>'
    """
    return f"<{value}>"


def literal(text: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal term with N-Quads escapes.

    Examples
    --------
    >>> literal('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    >>> literal("2030-01-01", XSD + "date")
    '"2030-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> literal("Zürich", language="de")
    '"Zürich"@de'
    """
    body = f'"{text.translate(_ESCAPES)}"'
    if language:
        return f"{body}@{language}"
    if datatype and datatype != XSD + "string":
        return f"{body}^^<{datatype}>"
    return body


def date(value: str) -> str:
    """An ``xsd:date`` literal from ``YYYY-MM-DD``."""
    return f'"{value}"^^<{XSD}date>'


def decimal(value: str) -> str:
    """An ``xsd:decimal`` literal from its lexical form."""
    return f'"{value}"^^<{XSD}decimal>'


def boolean(value: bool) -> str:
    """An ``xsd:boolean`` literal."""
    return f'"{"true" if value else "false"}"^^<{XSD}boolean>'


class QuadWriter:
    """Writes ``s p o g .`` lines to a file and counts them; ``progress`` hears every 10,000 lines.

    The graph term is set with :meth:`use_graph`; lines are buffered by the file object only,
    so memory stays bounded whatever the size of the output.
    """

    def __init__(self, path: Path, progress: Callable[[int], None] | None = None) -> None:
        self.path = Path(path)
        self.count = 0
        self._graph = ""
        self._progress = progress
        self._reported = 0
        self._file: TextIO = self.path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)

    def use_graph(self, graph_iri: str) -> None:
        """Write the next quads into the named graph ``graph_iri``."""
        self._graph = iri(graph_iri)

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """Write one quad of already formatted terms into the current graph."""
        self._file.write(f"{subject} {predicate} {obj} {self._graph} .\n")
        self.count += 1
        if self._progress is not None and self.count - self._reported >= 10_000:
            self._progress(self.count - self._reported)
            self._reported = self.count

    def write_raw(self, text: str, lines: int) -> None:
        """Write ready N-Quads ``text`` of ``lines`` quads (used for the ontology)."""
        self._file.write(text)
        self.count += lines

    def close(self) -> None:
        """Flush and close the file (reporting the last progress step)."""
        if self._progress is not None and self.count > self._reported:
            self._progress(self.count - self._reported)
            self._reported = self.count
        self._file.close()

    def __enter__(self) -> QuadWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
