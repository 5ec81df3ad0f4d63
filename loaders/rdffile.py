"""RDF files (Turtle, N-Triples, RDF/XML) as inputs of ``load_into``, with errors naming file and line.

Parsing is strict: pyoxigraph validates every IRI, no base IRI is assumed (a relative IRI is an
error, not a path on the loading machine), the file must be UTF-8, and quads in named graphs are
refused (each input goes to its own graph).  A date whose text rdflib would silently change (a
time or a time zone in an ``xsd:date``) is refused with its line.  The triples then go through the
same SHACL and OWL validation as every other input.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from alliancekg.graph.store.terms import to_rdflib
from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.guards import MAX_VALUE_CHARS, read_utf8
from alliancekg.loaders.registry import Input
from alliancekg.loaders.yamlld import LoadedFile
from alliancekg.ontology.namespaces import GRAPH

#: Triple formats accepted, by file extension.
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML,
           ".owl": ox.RdfFormat.RDF_XML}


def load_rdf(path: Path | str) -> LoadedFile:
    """Parse an RDF file into triples, or raise :class:`LoadError` naming file, line and column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.ttl"
    >>> _ = bad.write_text('<https://e.org/a> <https://e.org/p> "open .\\n', encoding="utf-8")
    >>> try:
    ...     load_rdf(bad)
    ... except LoadError as exc:
    ...     print(exc.problems[0].line, "Unexpected end of file" in exc.problems[0].message)
    1 True
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError.single(path, f"unknown RDF file extension {path.suffix!r}; valid: {', '.join(FORMATS)}")
    text = read_utf8(path)
    try:
        triples = list(ox.parse(text.encode("utf-8"), format=fmt, without_named_graphs=True))
    except SyntaxError as exc:
        raise LoadError.single(path, f"malformed {fmt.name}: {exc.msg}", line=exc.lineno, column=exc.offset) from exc
    graph = Graph()
    problems = []
    lines = subject_lines(text, {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)})
    for triple in triples:
        subject, predicate, obj = to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)
        if isinstance(obj, Literal) and len(obj) > MAX_VALUE_CHARS:
            problems.append(Problem(str(path), f"value of {len(obj):,} characters is longer than the limit of "
                                               f"{MAX_VALUE_CHARS:,}", line=lines.get(str(subject)), node=str(subject),
                                    field=str(predicate)))
        elif isinstance(obj, Literal) and (message := changed_date(triple.object, obj)):
            problems.append(Problem(str(path), message, line=lines.get(str(subject)), node=str(subject),
                                    field=str(predicate)))
        graph.add((subject, predicate, obj))
    if problems:
        raise LoadError(problems[:20])
    return LoadedFile(path=path, graph=graph, node_lines=lines)


#: Datatypes whose literals rdflib rewrites to a canonical form, dropping a time or time zone it cannot keep.
DATE_TYPES = frozenset({XSD.date, XSD.gYearMonth, XSD.gYear})


def changed_date(source: ox.Literal, converted: Literal) -> str | None:
    """A message when ``converted`` no longer says what the date ``source`` says, else None.

    Examples
    --------
    >>> date = ox.Literal("2025-01-02T10:00:00+05:00", datatype=ox.NamedNode(str(XSD.date)))
    >>> changed_date(date, Literal(date.value, datatype=XSD.date))[:40]
    "'2025-01-02T10:00:00+05:00' would be sto"
    """
    if converted.datatype not in DATE_TYPES or str(converted) == source.value or converted.ill_typed:
        return None
    return (f"{source.value!r} would be stored as {str(converted)!r}: a date cannot hold a time or a time zone "
            "(write YYYY-MM-DD)")


_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.MULTILINE)


def subject_lines(text: str, subjects: set[str]) -> dict[str, int]:
    """The line where each subject IRI starts a statement (as ``<iri>`` or a prefixed name), if found.

    Examples
    --------
    >>> subject_lines("@prefix ex: <https://e.org/> .\\n\\nex:a ex:p 1 .\\n", {"https://e.org/a"})
    {'https://e.org/a': 3}
    """
    prefixes = {prefix or "": namespace for prefix, namespace in _PREFIX.findall(text)}
    names: dict[str, str] = {}
    for subject in subjects:
        names[f"<{subject}>"] = subject
        for prefix, namespace in prefixes.items():
            if subject.startswith(namespace):
                names[f"{prefix}:{subject[len(namespace):]}"] = subject
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        first = line.split(None, 1)[0] if line.strip() else ""
        if first in names and names[first] not in lines:
            lines[names[first]] = number
    return lines


def rdf_input(path: Path | str, name: str | None = None) -> Input:
    """An RDF file in graph ``.../graph/<name>`` (default: ``user/<file stem>``)."""
    path = Path(path)
    name = name or f"user/{path.stem}"
    return Input(name, GRAPH[name], lambda: load_rdf(path))


__all__ = ["DATE_TYPES", "FORMATS", "changed_date", "load_rdf", "rdf_input", "subject_lines"]
