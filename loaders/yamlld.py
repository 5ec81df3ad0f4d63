"""YAML-LD files (YAML written against a JSON-LD context) to RDF triples.

The project's curated data is YAML-LD: readable, diffable and editable by analysts. A file
names its context with ``"@context": ../context.jsonld`` (a path relative to the file); the
context maps every field to the ontology. Loading is strict where JSON-LD is lenient:

- a field that the context does not define (and that is not a full IRI or a CURIE) is an
  error naming the file, line and field, instead of being dropped silently;
- YAML dates and numbers are passed on as their lexical text, so ``32.5`` stays the exact
  ``xsd:decimal`` ``32.5``;
- the line of every node with an ``id`` is remembered, so later validation errors can point
  at the line that defines the offending node.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from rdflib import Graph, URIRef

from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.guards import check_yaml, field_name_problem, read_utf8, valid_iri

KEYWORDS = {"@context", "@id", "@type", "@graph", "@value", "@language", "@list", "@set", "@reverse"}


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

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
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
            result[key] = self.build(value_node)
            self._check_iris(key, result[key], line)
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
        return result

    def _check_iris(self, key: str, value: Any, line: int) -> None:
        """An identifier that is not a valid IRI would be dropped silently by JSON-LD: report it."""
        if key not in self.iri_fields:
            return
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not valid_iri(expand_with_context(item, self.context)):
                self.problems.append(Problem(str(self.path), f"not a valid IRI: {item!r}", line=line, field=key))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else node.value
        except (ValueError, yaml.YAMLError):
            return node.value  # e.g. 2025-13-45: kept as written, so SHACL names its field and line
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, _dt.datetime | _dt.date):
            return value.isoformat()
        if isinstance(value, int | float):
            return node.value  # keep the exact lexical form for xsd:decimal and friends
        return value


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
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LoadError.single(
            path, f"malformed YAML: {getattr(exc, 'problem', exc)}",
            line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
        ) from exc
    if not isinstance(root, yaml.MappingNode):
        raise LoadError.single(path, "a YAML-LD file must be a mapping with '@context' and 'graph'", line=1)
    context_node = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "@context"), None)
    if context_node is None:
        raise LoadError.single(path, "missing '@context: <path to context.jsonld>'", line=1, field="@context")
    if not isinstance(context_node, yaml.ScalarNode):
        kind = "list" if isinstance(context_node, yaml.SequenceNode) else "mapping"
        raise LoadError.single(path, f"'@context' must be the path of one context file (e.g. ../context.jsonld), "
                                     f"not a {kind}", line=context_node.start_mark.line + 1, field="@context")
    context_ref = context_node.value
    context_path = (path.parent / context_ref).resolve()
    try:
        context = read_context(context_path)
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
