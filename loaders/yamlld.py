"""YAML-LD files (YAML written against a JSON-LD context) to RDF triples.

The project's curated data is YAML-LD: readable, diffable and editable by analysts. A file
names its context with ``"@context": ../context.jsonld`` (a path relative to the file); the
context maps every field to the ontology. Loading is strict where JSON-LD is lenient:

- a field that the context does not define (and that is not a full IRI or a CURIE) is an
  error naming the file, line and field, instead of being dropped silently;
- YAML dates and numbers are passed on as their lexical text, so ``32.5`` stays the exact
  ``xsd:decimal`` ``32.5``;
- the line of every node with an ``id`` is remembered, so later validation errors can point
  at the line that defines the offending node;
- YAML is read with YAML 1.2's core schema (``NO`` and ``yes`` stay text, see
  :mod:`alliancekg.loaders.guards`);
- what JSON-LD or rdflib would silently drop or change is an error naming the line and field: a
  ``type`` that is not a valid IRI, a nested ``graph``, a malformed language tag, a date-time or
  time zone in a date field, an agreement that supersedes or revokes itself.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from rdflib import Graph, URIRef
from ruamel.yaml import nodes as yaml_nodes

from alliancekg.data import DATA_DIR
from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.guards import (
    check_yaml,
    compose_yaml,
    context_file,
    field_name_problem,
    read_utf8,
    scalar_value,
    shown,
    valid_iri,
)

KEYWORDS = {"@context", "@id", "@type", "@graph", "@value", "@language", "@list", "@set", "@reverse"}
#: A well-formed language tag (BCP 47 as RDF writes it: ``en``, ``en-GB``, ``zh-Hant-TW``).
LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
#: A day, the only form of a source's publication date (``published``).
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A date followed by a time or a time zone, which an ``xsd:date`` literal would silently lose.
DATE_WITH_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]|Z|[+-]\d{2}:?\d{2})")
#: Properties whose value must not be the node itself.
NOT_SELF = ("https://w3id.org/alliance-kg/ontology#supersedes", "https://w3id.org/alliance-kg/ontology#revokes")


@dataclass
class LoadedFile:
    """The triples of one file, with where each identified node is written in it."""

    path: Path
    graph: Graph
    node_lines: dict[str, int] = field(default_factory=dict)
    field_names: dict[str, str] = field(default_factory=dict)
    field_lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def line_of(self, node: str, field_name: str | None = None) -> int | None:
        """Line (1-based) where ``node`` (or its ``field_name``) is written in the file, if known."""
        if field_name is not None and (str(node), field_name) in self.field_lines:
            return self.field_lines[(str(node), field_name)]
        return self.node_lines.get(str(node))


@lru_cache(maxsize=16)
def _read_context(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    context = document.get("@context", document) if isinstance(document, dict) else document
    if not isinstance(context, dict):
        kind = {"list": "an array", "str": "a string"}.get(type(context).__name__, "a single value")
        raise ValueError(f"a context file must hold one JSON object of term definitions, not {kind}")
    return context


def read_context(path: Path) -> dict[str, Any]:
    """Read a JSON-LD context file (either ``{"@context": {...}}`` or the bare mapping)."""
    return _read_context(Path(path).resolve())


def expand_with_context(value: str, context: dict[str, Any]) -> str:
    """Expand a CURIE with the context's prefixes (``ent:x`` -> full IRI)."""
    head, sep, tail = value.partition(":")
    if sep and not tail.startswith("//") and isinstance(context.get(head), str):
        return context[head] + tail
    return value


def field_names_by_term(context: dict[str, Any]) -> dict[str, str]:
    """The property IRI of each field (term) of the context.

    Examples
    --------
    >>> field_names_by_term({"ex": "https://e.org/", "p": {"@id": "ex:p"}, "@version": 1.1})
    {'ex': 'https://e.org/', 'p': 'https://e.org/p'}
    """
    terms = {}
    for term, definition in context.items():
        iri = definition.get("@id") if isinstance(definition, dict) else definition
        if not term.startswith("@") and isinstance(iri, str) and not iri.startswith("@"):
            terms[term] = expand_with_context(iri, context)
    return terms


def field_names(context: dict[str, Any]) -> dict[str, str]:
    """Map each property IRI of the context back to its field name (for error messages)."""
    names = {}
    for term, definition in context.items():
        if term.startswith("@"):
            continue
        iri = definition.get("@id") if isinstance(definition, dict) else definition
        if isinstance(iri, str) and not iri.startswith("@"):
            names.setdefault(expand_with_context(iri, context), term)
    return names


class _Builder:
    """Turns a composed YAML node tree into JSON-ready data, checking fields against the context."""

    def __init__(self, path: Path, context: dict[str, Any]) -> None:
        self.path = path
        self.context = context
        self.problems: list[Problem] = []
        self.node_lines: dict[str, int] = {}
        self.field_lines: dict[tuple[str, str], int] = {}
        self.known = {k for k in context if not k.startswith("@")} | KEYWORDS | {"id", "type", "graph"}
        self.iri_fields = {"id", "@id", "type", "@type"} | {
            k for k, d in context.items() if isinstance(d, dict) and d.get("@type") == "@id"}
        self.date_fields = {k for k, d in context.items() if isinstance(d, dict) and d.get("@type") == "xsd:date"}
        self.not_self = {k for k, iri in field_names_by_term(context).items() if iri in NOT_SELF}
        self.fields: list[str] = []  # the fields enclosing the value being built

    def build(self, node: yaml_nodes.Node) -> Any:
        if isinstance(node, yaml_nodes.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml_nodes.SequenceNode):
            return [self.build(item) for item in node.value]
        return scalar_value(node)

    def _mapping(self, node: yaml_nodes.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml_nodes.ScalarNode):
                kind = "list" if isinstance(key_node, yaml_nodes.SequenceNode) else "mapping"
                self.problems.append(Problem(str(self.path), f"a field name must be plain text, not a {kind}",
                                             line=line, column=key_node.start_mark.column + 1))
                continue
            key = key_node.value
            too_long = field_name_problem(str(key), self.path, line)
            if too_long is not None:
                self.problems.append(too_long)
                continue
            key_lines[key] = line
            if key in result:
                self.problems.append(Problem(str(self.path), "field given twice", line=line, field=key))
                continue
            if key not in self.known and ":" not in key:
                close = difflib.get_close_matches(key, sorted(self.known - KEYWORDS), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.problems.append(
                    Problem(str(self.path), f"unknown field (not in the JSON-LD context){hint}", line=line, field=key)
                )
                continue
            if ":" in key and key not in self.known and not valid_iri(expand_with_context(key, self.context)):
                self.problems.append(Problem(str(self.path), "a field name with a colon must be a CURIE or an IRI; "
                                             "this one is not a valid IRI", line=line, field=key))
                continue
            if key == "@context":
                continue
            self.fields.append(key)
            result[key] = self.build(value_node)
            self.fields.pop()
            self._check_value(key, result[key], line)
            if key in ("id", "@id") and isinstance(result[key], str):
                iri = expand_with_context(result[key], self.context)
                if iri in self.node_lines:
                    self.problems.append(Problem(
                        str(self.path), f"duplicate id (first defined at line {self.node_lines[iri]})",
                        line=line, field=key, node=result[key],
                    ))
                else:
                    self.node_lines[iri] = node.start_mark.line + 1
        node_id = result.get("id", result.get("@id"))
        if isinstance(node_id, str):
            iri = expand_with_context(node_id, self.context)
            for key, line in key_lines.items():
                self.field_lines[(iri, key)] = line
            self._check_not_self(iri, result, key_lines)
        return result

    def _check_value(self, key: str, value: Any, line: int) -> None:
        """Report what JSON-LD and rdflib would drop or change silently in the value of ``key``."""
        self._check_iris(key, value, line)
        enclosing = next((f for f in reversed(self.fields) if not f.startswith("@")), key)
        if key in ("graph", "@graph") and self.fields:
            self._report("a nested graph is not supported (its nodes would be dropped): "
                         "list them in the top-level graph", line, key)
        elif key == "@language" and not (isinstance(value, str) and LANGUAGE_TAG.fullmatch(value)):
            self._report(f"{shown(str(value))} is not a language tag (such as en or en-GB); the value would be dropped",
                         line, enclosing)
        elif key == "publisher":
            self._check_publisher(value, line)
        elif key == "published" and any(isinstance(v, str) and not DAY.fullmatch(v)
                                        for v in (value if isinstance(value, list) else [value])):
            self._report(f"{shown(str(value))} is not a publication date: write published: YYYY-MM-DD (for a month "
                         "or a year, its first day and datePrecision: month or year), how it was read in dateBasis, "
                         "and undated: true instead of 'n.d.'", line, key)
        elif key in self.date_fields:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and DATE_WITH_TIME.match(item):
                    self._report(f"{shown(item)} has a time or a time zone, which a date cannot hold: write YYYY-MM-DD",
                                 line, key)

    def _check_not_self(self, iri: str, result: dict[str, Any], key_lines: dict[str, int]) -> None:
        """An agreement, provision or stake cannot supersede or revoke itself."""
        for key in self.not_self & result.keys():
            values = result[key] if isinstance(result[key], list) else [result[key]]
            if any(isinstance(v, str) and expand_with_context(v, self.context) == iri for v in values):
                self._report(f"a node cannot {key.rstrip('s')} itself", key_lines[key], key)

    def _report(self, message: str, line: int, field_name: str) -> None:
        self.problems.append(Problem(str(self.path), message, line=line, field=field_name))

    def _check_publisher(self, value: Any, line: int) -> None:
        """A source's publisher is a node (``pub:DOMAIN``), not the text the sources used to hold."""
        for item in value if isinstance(value, list) else [value]:
            iri = expand_with_context(item, self.context) if isinstance(item, str) else ""
            if isinstance(item, str) and not (":" in iri and valid_iri(iri)):  # an absolute IRI, not a name
                self._report(f"publisher {shown(item)} is text: name a publisher node, pub:DOMAIN (e.g. pub:fool.com), "
                             "described once as {id: pub:DOMAIN, type: Publisher, label: NAME, webDomain: DOMAIN}; "
                             "what the source is (a wire story, an SEC exhibit) goes in its comment", line, "publisher")

    def _check_iris(self, key: str, value: Any, line: int) -> None:
        """An identifier that is not a valid IRI would be dropped silently by JSON-LD: report it."""
        if key not in self.iri_fields or key == "publisher":
            return
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not valid_iri(expand_with_context(item, self.context)):
                self.problems.append(Problem(str(self.path), f"not a valid IRI: {item!r}", line=line, field=key))


def load_yamlld(path: Path | str) -> LoadedFile:
    """Parse a YAML-LD file into triples, or raise :class:`LoadError` naming file, line and field.

    Examples
    --------
    >>> from alliancekg.data import DEALS_DIR
    >>> loaded = load_yamlld(DEALS_DIR / "msft-openai-2025.yaml")
    >>> len(loaded.graph) > 300
    True
    """
    path = Path(path)
    text = read_utf8(path)
    unsafe = check_yaml(text, path)  # aliases, nesting and value size, before anything is built
    if unsafe:
        raise LoadError(unsafe)
    root = compose_yaml(text, path)  # YAML 1.2: 'NO' and 'yes' stay text
    if not isinstance(root, yaml_nodes.MappingNode):
        raise LoadError.single(path, "a YAML-LD file must be a mapping with '@context' and 'graph'", line=1)
    context_node = next(
        (v for k, v in root.value if isinstance(k, yaml_nodes.ScalarNode) and k.value == "@context"), None)
    if context_node is None:
        raise LoadError.single(path, "missing '@context: <path to context.jsonld>'", line=1, field="@context")
    if not isinstance(context_node, yaml_nodes.ScalarNode):
        kind = "list" if isinstance(context_node, yaml_nodes.SequenceNode) else "mapping"
        raise LoadError.single(path, f"'@context' must be the path of one context file (e.g. ../context.jsonld), "
                                     f"not a {kind}", line=context_node.start_mark.line + 1, field="@context")
    context_ref = context_node.value
    try:
        context = read_context(context_file(context_ref, path, DATA_DIR))
    except (OSError, ValueError, KeyError) as exc:
        raise LoadError.single(path, f"cannot read context {context_ref!r}: {exc}", field="@context",
                               line=context_node.start_mark.line + 1) from exc

    builder = _Builder(path, context)
    document = builder.build(root)
    if builder.problems:
        raise LoadError(builder.problems)
    document["@context"] = context
    graph = Graph()
    try:
        graph.parse(data=json.dumps(document), format="json-ld", base=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types for bad JSON-LD
        raise LoadError.single(path, f"invalid JSON-LD: {exc}") from exc
    base = path.resolve().as_uri()
    lines = {urljoin(base, node): line for node, line in builder.node_lines.items()}
    relative = sorted({str(term) for triple in graph for term in triple
                       if isinstance(term, URIRef) and str(term).startswith("file:")})
    problems = [Problem(str(path), f"relative or invalid IRI {term!r}; use a CURIE with a known prefix or a full IRI",
                        line=lines.get(term)) for term in relative]
    if problems:
        raise LoadError(problems[:20])
    return LoadedFile(path=path, graph=graph, node_lines=builder.node_lines, field_names=field_names(context),
                      field_lines=builder.field_lines)
