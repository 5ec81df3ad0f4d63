"""A small generic engine that turns CSV or JSON rows into triples by following a mapping file.

The mapping is data (YAML, see ``loaders/mappings/*.yaml`` and ``docs/reference/mapping-language.md``); this module
knows nothing about any particular dataset. A mapping says:

- how to read the file (``format: csv|json``, ``encoding``, ``rows`` for JSON, ``where`` to keep
  only some rows, ``key`` naming a row in messages);
- ``columns``: checks per column (``required``, ``pattern``) run before anything is mapped;
- ``provenance``: the sources of each row (a column of addresses and/or a ``dataset`` address),
  attached to every node whose spec says ``sources: true`` and to the organizations it mints;
- ``nodes``: one or more node specs per row (``id`` template, ``types``, ``when``, ``foreach``,
  ``on_existing``) with their ``properties``. A property spec reads a ``column`` (or a
  ``template``/``value``), optionally ``split``s it, ``extract``s a part with a regex and
  ``parse``s it: ``text``, ``iri``, ``date``, ``gYearMonth``, ``decimal``, ``boolean``,
  ``lookup`` (a ``map`` of values to IRIs), ``money`` and ``quantity`` (amounts with their
  qualifiers, as nodes), ``parties`` (organizations with roles), ``org`` (one organization) and
  ``mentions`` (known organizations named in a text).

Organizations are resolved by :class:`alliancekg.loaders.linking.Resolver`, so the same name
gives the same node in every dataset. A node that exists already (``existing`` graph, e.g. a
curated deal file) with ``on_existing: fill`` only gets the properties it does not have yet.

Every problem is reported with file, line, column and field; nothing is returned unless the
whole file maps cleanly.
"""

from __future__ import annotations

import bisect
import csv
import datetime as _dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import regex
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from ruamel.yaml import nodes as yaml_nodes

from alliancekg.data import CONTEXT_FILE
from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.guards import (
    MAX_VALUE_CHARS,
    LineDict,
    check_yaml,
    compose_yaml,
    plain_data,
    read_utf8,
    shown,
)
from alliancekg.loaders.linking import Match, NameIndex, Resolver, slugify
from alliancekg.loaders.yamlld import LoadedFile, expand_with_context, read_context
from alliancekg.ontology.namespaces import AKG

_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_MONEY = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s+([A-Z]{3})\b")
_ROLES = re.compile(r"[^()]*(?:\([^()]*\)[^()]*)*")  # text with parentheses at most one level deep
_PARENTHESES = re.compile(r"\([^()]*\)|（[^（）]*）")
_QUALIFIER_FLAGS = ("isUpperBound", "isLowerBound", "isApproximate", "isReported")

# The parsers below read cells of up to MAX_VALUE_CHARS characters: each is a scan or a regex that
# cannot backtrack (no repeat next to another repeat that matches the same text), so they take
# linear time on any cell.


def split_party(text: str) -> tuple[str, str] | None:
    """``Name (role; role)`` as ``(names, roles)``, the roles being the last parenthesized group.

    Examples
    --------
    >>> split_party("Acme Corp (investor; buyer (lead)) ")
    ('Acme Corp', 'investor; buyer (lead)')
    >>> split_party("Acme (investor) and Beta") is None
    True
    """
    stripped = text.rstrip()
    if not stripped.endswith(")"):
        return None
    depth = 0
    for start in range(len(stripped) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(stripped[start], 0)
        if depth == 0:
            break
    names, roles = stripped[:start], stripped[start + 1:-1]
    if depth != 0 or "\n" in names or not _ROLES.fullmatch(roles):
        return None
    return names.rstrip(), roles


def drop_trailing_parentheses(text: str) -> str:
    """``text`` without a parenthesized ending that starts on its last line (``'Acme (investor)'`` -> ``'Acme'``).

    Examples
    --------
    >>> drop_trailing_parentheses("Acme Corp (investor; buyer) "), drop_trailing_parentheses("Acme")
    ('Acme Corp', 'Acme')
    """
    stripped = text.rstrip()
    start = stripped.find("(", stripped.rfind("\n") + 1)
    if start < 0 or not stripped.endswith(")"):
        return text
    return stripped[:start].rstrip()


def split_publisher_date(note: str) -> tuple[str, str]:
    """``'Publisher, date'`` as its two parts, split at the last comma (no comma: all publisher).

    Examples
    --------
    >>> split_publisher_date("Reuters, Inc., 2025-01-02")
    ('Reuters, Inc.', '2025-01-02')
    """
    publisher, comma, date = note.strip().rpartition(",")
    if not comma or "\n" in publisher:
        return note.strip(), ""
    return publisher, date.lstrip()


#: Longest time one mapping pattern may run on one value, in seconds: a bound on catastrophic backtracking.
PATTERN_TIMEOUT = 2.0
#: Most rows read from one table file (mapping takes about 2 ms and 60 triples a row).
MAX_ROWS = 50_000
#: Most items in one ``foreach`` list of a mapping (each item is mapped for every row).
MAX_FOREACH = 1_000
#: Mapping stops at this many problems in one file (the first ones are reported).
MAX_PROBLEMS = 50


class MappingError(ValueError):
    """The mapping file itself is malformed."""


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


class DuplicateName(ValueError):
    """A column or key named twice in one header or object: which value was meant is unknown."""

    def __init__(self, name: str, line: int, column: int | None = None) -> None:
        self.name, self.line, self.column = name, line, column
        super().__init__(f"{name!r} is given twice; rename or remove one")


# ---------------------------------------------------------------------------------------------
# Reading rows
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One input row: its values by column, the line it starts on, and the column numbers."""

    values: dict[str, str]
    line: int
    columns: dict[str, int]

    def get(self, column: str) -> str:
        """The value of ``column`` as stripped text ('' when absent)."""
        value = self.values.get(column)
        return "" if value is None else str(value).strip()


def read_csv_rows(text: str, delimiter: str = ",") -> Iterator[Row]:
    """CSV rows with the physical line each starts on (cells may hold newlines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    columns: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name in columns:
            raise DuplicateName(name, reader.line_num, number)
        columns[name] = number
    start = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            values = {name: record[i] if i < len(record) else "" for i, name in enumerate(header)}
            yield Row(values, start, columns)
        start = reader.line_num + 1


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}{key}."))
        if prefix:
            out.setdefault(prefix[:-1], "")
    elif isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            out[prefix[:-1]] = " | ".join("" if v is None else str(v) for v in value)
        else:
            for i, item in enumerate(value):
                out.update(_flatten(item, f"{prefix}{i}."))
    else:
        out[prefix[:-1]] = "" if value is None else str(value)
    return out


def read_json_rows(text: str, rows_path: str | None = None) -> Iterator[Row]:
    """Rows of a JSON document: a list of objects, one object, or a list under ``rows_path``.

    Nested fields are addressed with dotted paths (``attributes.entity.legalName.name``).
    """
    starts: dict[int, int] = {}
    document = strict_json(text, starts)
    items: Any = document
    for part in (rows_path.split(".") if rows_path else []):
        items = items.get(part) if isinstance(items, dict) else None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ValueError(f"no list of rows at {rows_path or 'the top level'}")
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    for item in items:
        if not isinstance(item, dict):
            continue
        values = _flatten(item)
        line = bisect.bisect_left(newlines, starts[id(item)]) + 1  # the line of the row's opening brace
        yield Row(values, line, {name: n for n, name in enumerate(values, start=1)})


def strict_json(text: str, starts: dict[int, int] | None = None) -> Any:
    """``text`` parsed as JSON, raising :class:`DuplicateName` for a key given twice in one object.

    ``json.loads`` keeps the last of two equal keys silently; this parser names the key and the
    line of its second occurrence instead.  ``starts``, if given, receives the offset of each
    object's opening brace, by the object's ``id``.

    Examples
    --------
    >>> strict_json('{"a": 1, "b": [2]}')
    {'a': 1, 'b': [2]}
    >>> try:
    ...     strict_json('{"a": 1,\\n "a": 2}')
    ... except DuplicateName as exc:
    ...     print(exc, "at line", exc.line)
    'a' is given twice; rename or remove one at line 2
    """
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any, object_hook: Any,
                     object_pairs_hook: Any, memo: dict | None = None) -> tuple[dict[str, Any], int]:
        pairs, end = json.decoder.JSONObject(s_and_end, strict, scan_once, None, list, memo)
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise DuplicateName(key, _second_key_line(text, key, s_and_end[1], end))
            result[key] = value
        if starts is not None:
            starts[id(result)] = s_and_end[1] - 1
        return result, end

    decoder.parse_object = parse_object  # type: ignore[assignment]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # the C scanner ignores parse_object
    return decoder.decode(text)


def _second_key_line(text: str, key: str, start: int, end: int) -> int:
    """Line of the second ``"key":`` between ``start`` and ``end`` (the object's own line if not found)."""
    found = [m.start() for m in re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", text[start:end])]
    position = start + found[1] if len(found) > 1 else start
    return text.count("\n", 0, position) + 1


# ---------------------------------------------------------------------------------------------
# The mapping
# ---------------------------------------------------------------------------------------------
@dataclass
class Mapping:
    """A parsed mapping file."""

    path: Path
    spec: dict[str, Any]
    context: dict[str, Any]

    @property
    def name(self) -> str:
        """The mapping's name (default: the file stem)."""
        return str(self.spec.get("mapping") or self.path.stem)

    def iri(self, curie: str) -> URIRef:
        """Expand a CURIE with the project's context prefixes."""
        expanded = expand_with_context(curie.strip(), self.context)
        if not re.match(r"^[a-z][a-z0-9+.-]*:", expanded) or (expanded == curie and "://" not in expanded):
            raise MappingError(f"{self.path}: cannot expand {curie!r} (unknown prefix)")
        return URIRef(expanded)


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file.

    Examples
    --------
    >>> from alliancekg.loaders.tabular import MAPPINGS_DIR
    >>> load_mapping(MAPPINGS_DIR / "alliances.yaml").name
    'alliances'
    """
    path = Path(path)
    try:
        text = read_utf8(path)
        unsafe = check_yaml(text, path)  # aliases, depth, sizes and number of mappings, before anything is built
        if unsafe:
            raise LoadError(unsafe)
        root = compose_yaml(text, path)
        spec = plain_data(root)  # YAML 1.2: a key NO or yes stays text
    except LoadError as exc:
        raise MappingError(f"cannot read mapping: {exc}") from exc
    bad = bad_patterns(root, path)
    if bad:
        raise MappingError("\n".join(str(problem) for problem in bad))
    if not isinstance(spec, dict) or not isinstance(spec.get("nodes"), list):
        raise MappingError(f"{path}: a mapping needs a list of 'nodes'")
    if spec.get("format", "csv") not in ("csv", "json"):
        raise MappingError(f"{path}: format must be csv or json")
    for node in spec["nodes"]:
        if isinstance(node, dict) and len(node.get("foreach") or []) > MAX_FOREACH:
            line = node.line_of("foreach") if isinstance(node, LineDict) else None
            raise MappingError(f"{path}:{line}: field 'foreach': {len(node['foreach']):,} items is more than the "
                               f"limit of {MAX_FOREACH:,}")
    return Mapping(path, spec, read_context(CONTEXT_FILE))


MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"

#: Keys of a mapping whose values are regular expressions (``map`` keys too, under ``match: regex``).
PATTERN_KEYS = {"pattern", "regex", "when_matches", "extract", "matches"}


def bad_patterns(node: yaml_nodes.Node | None, path: Path | str) -> list[Problem]:
    """The regular expressions of a composed mapping file that do not compile, each with its line and key.

    Examples
    --------
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


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
@dataclass
class MappingResult:
    """The triples of one mapped file, where each node came from, and how names resolved."""

    loaded: LoadedFile
    rows: int = 0
    skipped: int = 0
    matches: list[Match] = field(default_factory=list)

    @property
    def graph(self) -> Graph:
        """The triples."""
        return self.loaded.graph


class _Context:
    """State while one row is mapped."""

    def __init__(self, engine: _Engine, row: Row, item: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self.row = row
        self.item = item or {}
        self.counters: dict[str, int] = {}
        self.described: dict[int, tuple[dict[str, int], list[str]]] = {}  # describe_source's splits of this row

    def value(self, name: str) -> str:
        if name.startswith("item."):
            return str(self.item.get(name[5:], ""))
        if name.startswith("row."):
            return str(self.row.line) if name == "row.line" else ""
        return self.row.get(name)

    def next(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


_FILTERS = {
    "slug": lambda v, arg: slugify(v, int(arg) if arg else 80),
    "lower": lambda v, arg: v.lower(),
    "upper": lambda v, arg: v.upper(),
    "title": lambda v, arg: v.title(),
    "stem": lambda v, arg: re.sub(r"\.[A-Za-z0-9]{2,4}\s*$", "", v),
    "first": lambda v, arg: v.split(arg or " | ")[0].strip(),
    "strip_parentheses": lambda v, arg: " ".join(_PARENTHESES.sub(" ", v).split()),
    "party_names": lambda v, arg: "–".join(
        drop_trailing_parentheses(part).strip() for part in v.split(arg or " | ") if part.strip()),
    "words": lambda v, arg: ", ".join(part.strip().replace("_", " ") for part in v.split(arg or " | ") if part.strip()),
}


class _Engine:
    def __init__(self, mapping: Mapping, path: Path, resolver: Resolver, existing: Graph | None) -> None:
        self.mapping = mapping
        self.spec = mapping.spec
        self.path = path
        self.resolver = resolver
        self.existing = existing if existing is not None else Graph()
        self.graph = Graph()
        self.problems: list[Problem] = []
        self._reported: set[Problem] = set()
        self.node_lines: dict[str, int] = {}
        self.field_lines: dict[tuple[str, str], int] = {}
        self.field_names: dict[str, str] = {}
        self._keys: dict[str, int] = {}

    # -- problems ------------------------------------------------------------------------
    def problem(self, row: Row, message: str, column: str | None = None) -> None:
        key_column = self.spec.get("key")
        node = row.get(key_column) if key_column else None
        problem = Problem(str(self.path), message, line=row.line,
                          column=row.columns.get(column) if column else None, field=column, node=node or None)
        if problem not in self._reported and len(self.problems) < MAX_PROBLEMS:
            self._reported.add(problem)
            self.problems.append(problem)

    # -- patterns ------------------------------------------------------------------------
    def pattern(self, how: str, pattern: str, value: str, where: tuple[Any, Any], row: Row,
                column: str | None = None, ignore_case: bool = False) -> Any:
        """Run a mapping ``pattern`` on ``value`` (``how``: search, fullmatch or split), bounded in time.

        ``where`` is the mapping entry holding the pattern (the mapping or list, and its key),
        so that a pattern that is invalid or runs past :data:`PATTERN_TIMEOUT` is reported at its
        own line in the mapping file, with the row it was running on.
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
            line = container.line_of(key) if hasattr(container, "line_of") else None
            raise LoadError([Problem(str(self.path), found, line=row.line,
                                     column=row.columns.get(column) if column else None, field=column),
                             Problem(str(self.mapping.path), cause, line=line, field=str(key))]) from exc

    # -- templates -----------------------------------------------------------------------
    def render(self, template: str, ctx: _Context) -> str:
        def substitute(match: re.Match[str]) -> str:
            name, *filters = match.group(1).split("|")
            value = ctx.value(name.strip())
            for spec in filters:
                fname, _, arg = spec.strip().partition(":")
                if fname not in _FILTERS:
                    raise MappingError(f"{self.mapping.path}: unknown template filter {fname!r}")
                value = _FILTERS[fname](value, arg)
            return value

        return _TEMPLATE.sub(substitute, template)

    def term(self, template: str, ctx: _Context) -> URIRef:
        return self.mapping.iri(self.render(template, ctx))

    # -- conditions ----------------------------------------------------------------------
    def holds(self, condition: dict[str, Any] | list[Any] | None, ctx: _Context) -> bool:
        if not condition:
            return True
        if isinstance(condition, list):
            return all(self.holds(c, ctx) for c in condition)
        value = ctx.value(self.render(condition["column"], ctx)) if "column" in condition else ""
        if "equals" in condition:
            return value == self.render(str(condition["equals"]), ctx)
        if "matches" in condition:
            return self.pattern("search", condition["matches"], value, (condition, "matches"), ctx.row) is not None
        if "present" in condition:
            return bool(value) == bool(condition["present"])
        raise MappingError(f"{self.mapping.path}: a condition needs equals, matches or present")

    # -- the run ---------------------------------------------------------------------------
    def run(self, rows: Iterable[Row]) -> tuple[int, int]:
        kept = skipped = 0
        for row in rows:
            if len(self.problems) >= MAX_PROBLEMS:
                self.problems.append(Problem(str(self.path), f"stopped at line {row.line} after {MAX_PROBLEMS} "
                                                             "problems: fix these first", line=row.line))
                break
            if not self.holds(self.spec.get("where"), _Context(self, row)):
                skipped += 1
                continue
            kept += 1
            if not self.check_columns(row):
                continue
            key_column = self.spec.get("key")
            if key_column:
                key = row.get(key_column)
                if key in self._keys:
                    self.problem(row, f"duplicate {key_column} (first at line {self._keys[key]})", key_column)
                    continue
                self._keys[key] = row.line
            sources = self.row_sources(row)
            for node_spec in self.spec["nodes"]:
                for item in node_spec.get("foreach") or [None]:
                    ctx = _Context(self, row, item)
                    ctx.sources = sources  # type: ignore[attr-defined]
                    if self.holds(node_spec.get("when"), ctx):
                        self.map_node(node_spec, ctx)
        return kept, skipped

    def check_columns(self, row: Row) -> bool:
        ok = True
        for column, rules in (self.spec.get("columns") or {}).items():
            value = row.get(column)
            if column not in row.values and rules.get("required"):
                self.problem(row, f"missing column {column!r}", column)
                ok = False
            elif not value and rules.get("required"):
                self.problem(row, "a value is required", column)
                ok = False
            elif value and rules.get("pattern") and not self.pattern("fullmatch", rules["pattern"], value,
                                                                     (rules, "pattern"), row, column):
                self.problem(row, f"{shown(value)} does not match {rules.get('expect') or rules['pattern']}", column)
                ok = False
        return ok

    def row_sources(self, row: Row) -> list[URIRef]:
        spec = self.spec.get("provenance") or {}
        sources: dict[URIRef, None] = {}  # ordered and without repeats, in linear time
        columns = ([spec["column"]] if spec.get("column") else []) + list(spec.get("columns") or [])
        for column in columns:
            for value in self.split(row.get(column), spec.get("split", True), row, column):
                iri = self.parse_iri(value.strip(), row, column)
                if iri is not None:
                    sources[iri] = None
        for template in spec.get("templates") or []:
            iri = self.parse_iri(self.render(template, _Context(self, row)), row, None)
            if iri is not None:
                sources[iri] = None
        ordered = list(sources)
        ordered += [URIRef(dataset) for dataset in spec.get("dataset") or []]
        return ordered

    def split(self, value: str, how: Any, row: Row | None = None, column: str | None = None) -> list[str]:
        if not value:
            return []
        if how is True:
            how = self.spec.get("separator", " | ")
        if not how:
            return [value]
        if isinstance(how, dict):
            parts = self.pattern("split", how["regex"], value, (how, "regex"), row or Row({}, 0, {}), column)
            return [v for v in parts if v and v.strip()]
        return [v for v in value.split(how) if v.strip()]

    # -- nodes -----------------------------------------------------------------------------
    def map_node(self, spec: dict[str, Any], ctx: _Context) -> None:
        subject = self.subject(spec, ctx)
        if subject is None:
            return
        ctx.subject = subject  # type: ignore[attr-defined]
        ctx.local = str(subject).rstrip("/").rsplit("/", 1)[-1]  # type: ignore[attr-defined]
        self.node_lines.setdefault(str(subject), ctx.row.line)
        fill = spec.get("on_existing") == "fill"
        exists = (subject, None, None) in self.existing

        def skip(prop: URIRef) -> bool:
            return fill and exists and (subject, prop, None) in self.existing

        ctx.skip = skip  # type: ignore[attr-defined]

        if not skip(RDF.type):
            for type_template in spec.get("types") or []:
                self.graph.add((subject, RDF.type, self.term(type_template, ctx)))
        if spec.get("sources") and not skip(PROV.wasDerivedFrom):
            for source in ctx.sources:  # type: ignore[attr-defined]
                self.graph.add((subject, PROV.wasDerivedFrom, source))
        for prop_curie, prop_spec in (spec.get("properties") or {}).items():
            prop = self.term(prop_curie, ctx)
            if skip(prop):
                continue
            alternatives = prop_spec.get("first_of") if isinstance(prop_spec, dict) else None
            for candidate in alternatives or [prop_spec]:
                if self.map_property(subject, prop, candidate, ctx):
                    break

    def subject(self, spec: dict[str, Any], ctx: _Context) -> URIRef | None:
        ident = spec.get("id")
        if isinstance(ident, str):
            return self.term(ident, ctx)
        if isinstance(ident, dict) and "org" in ident:
            name = self.render(ident["org"], ctx)
            lei = self.render(ident["lei"], ctx) if ident.get("lei") else None
            if not name and not lei:
                self.problem(ctx.row, "no organization name or identifier", ident.get("column"))
                return None
            match = self.resolver.resolve(name or lei or "", lei=lei, sources=ctx.sources,  # type: ignore[attr-defined]
                                          mint=not ident.get("must_exist"))
            if match is None:
                self.problem(ctx.row, f"no known organization for {shown(name or lei or '')}", ident.get("column"))
                return None
            return match.iri
        raise MappingError(f"{self.mapping.path}: a node needs an 'id' template or an 'org' spec")

    def add(self, subject: URIRef, prop: URIRef, value: Any, ctx: _Context, column: str | None) -> None:
        self.graph.add((subject, prop, value))
        if column:
            self.field_names.setdefault(str(prop), column)
            self.field_lines.setdefault((str(subject), column), ctx.row.line)

    # -- properties -------------------------------------------------------------------------
    def map_property(self, subject: URIRef, prop: URIRef, spec: Any, ctx: _Context) -> bool:
        """Map one property; True when at least one value was produced."""
        if not isinstance(spec, dict):
            spec = {"column": spec}
        column = spec.get("column")
        if "value" in spec:
            raw_values = [self.render(str(spec["value"]), ctx)]
        elif "template" in spec:
            raw_values = [self.render(spec["template"], ctx)]
        elif column:
            raw_values = self.split(ctx.value(self.render(column, ctx)), spec.get("split"), ctx.row, column)
        else:
            raise MappingError(f"{self.mapping.path}: property {prop} needs a column, template or value")
        if spec.get("when_matches"):
            raw_values = [v for v in raw_values
                          if self.pattern("search", spec["when_matches"], v.strip(), (spec, "when_matches"), ctx.row,
                                          column)]
        produced = False
        parse = spec.get("parse", "text")
        for raw in raw_values:
            raw = raw.strip()
            if spec.get("extract"):
                raw = self.extract(raw, spec, ctx.row, column)
            if not raw or raw in (spec.get("skip") or []):
                continue
            handler = getattr(self, f"p_{parse}", None)
            if handler is None:
                raise MappingError(f"{self.mapping.path}: unknown parse {parse!r}")
            values = handler(raw, spec, ctx, column)
            for value in values:
                if value is None:
                    continue
                if spec.get("reverse"):
                    self.graph.add((value, prop, subject))
                else:
                    self.add(subject, prop, value, ctx, column)
                produced = True
        return produced

    def extract(self, raw: str, spec: dict[str, Any], row: Row, column: str | None) -> str:
        patterns = spec["extract"]
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            match = self.pattern("search", pattern, raw, (spec, "extract"), row, column)
            if match:
                return match.group(1) if match.groups() else match.group(0)
        return ""

    def invalid(self, spec: dict[str, Any], ctx: _Context, column: str | None, message: str) -> list[Any]:
        if spec.get("on_invalid") != "skip":
            self.problem(ctx.row, message, column)
        return []

    # Each parser returns the RDF values for one raw value.
    def p_text(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        return [Literal(raw)]

    def p_iri(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        iri = self.parse_iri(raw, ctx.row, column)
        if iri is None:
            return []
        describe = spec.get("describe")
        if describe:
            self.describe_source(iri, raw, describe, ctx)
        return [iri]

    def p_curie(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        return [self.mapping.iri(raw)]

    def parse_iri(self, raw: str, row: Row, column: str | None) -> URIRef | None:
        raw = raw.strip()
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", raw):
            self.problem(row, f"{shown(raw)} is not an http(s) address", column)
            return None
        return URIRef(raw)

    def describe_source(self, iri: URIRef, raw: str, describe: dict[str, Any], ctx: _Context) -> None:
        """Type a source and add its publisher and date, read from the same position of another column."""
        self.graph.add((iri, RDF.type, AKG.Source))
        if id(describe) not in ctx.described:  # split once per row, not once per address: linear in the cell
            urls = [u.strip() for u in self.split(ctx.value(describe["urls"]), True)] if describe.get("urls") else []
            positions: dict[str, int] = {}
            for number, url in enumerate(urls):
                positions.setdefault(url, number)
            ctx.described[id(describe)] = (positions, self.split(ctx.value(describe["column"]), True))
        positions, notes = ctx.described[id(describe)]
        position = positions.get(raw, -1)
        if 0 <= position < len(notes):
            publisher, date = split_publisher_date(notes[position])
            if publisher.strip():
                self.graph.add((iri, AKG.publisher, Literal(publisher.strip())))
            if date.strip():
                self.graph.add((iri, AKG.publishedOn, Literal(date.strip())))

    def p_date(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        for fmt in spec.get("formats") or ["%Y-%m-%d"]:
            try:
                day = _dt.datetime.strptime(raw, fmt).date()
            except ValueError:
                continue
            day += _dt.timedelta(days=int(spec.get("add_days", 0)))
            value = Literal(day.isoformat(), datatype=XSD.date)
            return [self.wrap(value, spec, ctx)] if spec.get("wrap") else [value]
        formats = ", ".join(spec.get("formats") or ["%Y-%m-%d"])
        return self.invalid(spec, ctx, column, f"{shown(raw)} is not a date ({formats})")

    def p_gYearMonth(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", raw):
            return [Literal(raw, datatype=XSD.gYearMonth)]
        return self.invalid(spec, ctx, column, f"{shown(raw)} is not a month YYYY-MM")

    def p_decimal(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        try:
            number = Decimal(raw.replace(",", ""))
        except InvalidOperation:
            return self.invalid(spec, ctx, column, f"{shown(raw)} is not a number")
        return [Literal(_decimal_text(number), datatype=XSD.decimal)]

    def p_boolean(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        truth = spec.get("true", ["yes", "true", "1"])
        return [Literal(raw.lower() in [str(t).lower() for t in truth])]

    def p_lookup(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        table: dict[str, Any] = spec.get("map") or {}
        if spec.get("match") == "regex":
            for pattern, target in table.items():
                if self.pattern("search", pattern, raw, (table, pattern), ctx.row, column, ignore_case=True):
                    return [self.mapping.iri(target)]
        elif raw in table:
            target = table[raw]
            return [self.mapping.iri(t) for t in ([target] if isinstance(target, str) else target)]
        if spec.get("default"):
            return [self.mapping.iri(spec["default"])]
        return self.invalid(spec, ctx, column, f"unknown value {shown(raw)}; expected one of: {', '.join(table)}")

    def wrap(self, value: Any, spec: dict[str, Any], ctx: _Context) -> URIRef:
        """Put ``value`` on a node of its own (e.g. a date condition) and return the node."""
        wrap = spec["wrap"]
        node = self.term(wrap["id"], ctx)
        for type_template in wrap.get("types") or []:
            self.graph.add((node, RDF.type, self.term(type_template, ctx)))
        if wrap.get("label"):
            self.graph.add((node, RDFS.label, Literal(self.render(wrap["label"], ctx))))
        self.graph.add((node, self.mapping.iri(wrap["property"]), value))
        self.node_lines.setdefault(str(node), ctx.row.line)
        return node

    def _qualifiers(self, prefix: str, component: str, spec: dict[str, Any]) -> dict[str, bool]:
        flags = {}
        for flag, words in (spec.get("qualifiers") or {}).items():
            scope = component if flag == "isReported" else prefix
            if any(re.search(r"(?<![A-Za-z])" + re.escape(w), scope, flags=re.IGNORECASE) for w in words):
                flags[flag] = True
        return flags

    def _amount_node(self, spec: dict[str, Any], ctx: _Context, kind: str, number: str,
                     flags: dict[str, bool], label: str) -> URIRef:
        ctx.n = ctx.next(kind)  # type: ignore[attr-defined]
        template = spec.get("id") or ("amt:{local}-{n}" if kind == "money" else "qty:{local}-{n}")
        node = self.mapping.iri(template.replace("{local}", ctx.local).replace("{n}", str(ctx.n)))  # type: ignore[attr-defined]
        self.graph.add((node, RDF.type, AKG.MonetaryAmount if kind == "money" else AKG.Quantity))
        self.graph.add((node, AKG.amount, Literal(_decimal_text(Decimal(number)), datatype=XSD.decimal)))
        for flag in _QUALIFIER_FLAGS:
            if flags.get(flag):
                self.graph.add((node, AKG[flag], Literal(True)))
        self.graph.add((node, RDFS.label, Literal(" ".join(label.split())[:200])))
        self.node_lines.setdefault(str(node), ctx.row.line)
        return node

    def p_money(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        nodes, last = [], 0
        currencies = spec.get("currencies")
        for match in _MONEY.finditer(raw):
            if currencies and match.group(2) not in currencies:
                continue
            flags = self._qualifiers(raw[last:match.start()], raw, spec)
            last = match.end()
            node = self._amount_node(spec, ctx, "money", match.group(1), flags, raw)
            self.graph.add((node, AKG.currency, Literal(match.group(2))))
            nodes.append(node)
        return nodes

    def p_quantity(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        units: dict[str, str] = spec.get("units") or {}
        if not units:
            raise MappingError(f"{self.mapping.path}: parse quantity needs 'units'")
        pattern = re.compile(r"(?<![\w.])(?<!\d,)(\d[\d,]*(?:\.\d+)?)\s+(" + "|".join(re.escape(u) for u in units)
                             + r")\b")  # never starts inside a number: linear on '1,1,1,…'

        nodes, last = [], 0
        for match in pattern.finditer(raw):
            flags = self._qualifiers(raw[last:match.start()], raw, spec)
            last = match.end()
            node = self._amount_node(spec, ctx, "quantity", match.group(1).replace(",", ""), flags, raw)
            self.graph.add((node, AKG.unit, Literal(units[match.group(2)])))
            nodes.append(node)
        return nodes

    def p_org(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        lei = raw if spec.get("by") == "lei" else None
        match = self.resolver.resolve(raw, lei=lei, sources=ctx.sources,  # type: ignore[attr-defined]
                                      mint=not spec.get("must_exist"))
        if match is None:
            return self.invalid(spec, ctx, column, f"no known organization for {shown(raw)}")
        return [match.iri]

    def p_mentions(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        exclude = []
        if spec.get("exclude"):
            match = self.resolver.resolve(ctx.value(spec["exclude"]), mint=False)
            exclude = [match.iri] if match else []
        return list(self.resolver.mentions(raw, exclude=exclude))

    def p_parties(self, raw: str, spec: dict[str, Any], ctx: _Context, column: str | None) -> list[Any]:
        """Organizations of one party entry, with their roles when written as ``Name (role; role)``."""
        names_spec = spec.get("names") or {}
        roles_spec = spec.get("roles")
        roles_text = ""
        names_text = raw
        if roles_spec:
            parts = split_party(raw)
            if parts is None:
                return self.invalid(spec, ctx, column, f"party {shown(raw)} is not written as 'Name (role; role)'")
            names_text, roles_text = parts
        for phrase in names_spec.get("cut_at") or []:
            names_text = names_text.split(phrase)[0]
        if names_spec.get("drop_parentheses"):
            names_text = " ".join(_PARENTHESES.sub(" ", names_text).split())
        if any(word.lower() in names_text.lower() for word in names_spec.get("drop_if_contains") or []):
            return []
        rewrites: dict[str, Any] = names_spec.get("rewrites") or {}
        names = rewrites.get(names_text, names_text)
        if isinstance(names, str):
            separator = names_spec.get("separator")
            names = [n for n in names.split(separator)] if separator else [names]
        orgs: list[URIRef] = []
        roles: list[URIRef] = []
        for name in names:
            name = name.strip().strip(",;").strip()
            if not name or len(name) > int(names_spec.get("max_length", 150)):
                continue
            org = self.resolver.resolve(name, sources=ctx.sources).iri  # type: ignore[attr-defined]
            orgs.append(org)
            also = spec.get("also")
            if also and not ctx.skip(self.mapping.iri(also)):  # type: ignore[attr-defined]
                self.add(ctx.subject, self.mapping.iri(also), org, ctx, column)  # type: ignore[attr-defined]
            if roles_spec:
                roles.append(self.party_role(org, roles_text, roles_spec, ctx))
        return roles if roles_spec else orgs

    def party_role(self, org: URIRef, roles_text: str, spec: dict[str, Any], ctx: _Context) -> URIRef:
        """The party-role node of ``org`` in the current agreement, typed from the role wording."""
        org_local = str(org).rsplit("/", 1)[-1]
        node = self.mapping.iri(spec.get("id", "rol:{local}-{org}").replace("{local}", ctx.local)  # type: ignore[attr-defined]
                                .replace("{org}", org_local))
        self.graph.add((node, RDF.type, AKG.PartyRole))
        self.graph.add((node, AKG.playedBy, org))
        self.graph.add((node, RDFS.label, Literal(f"{self.resolver.index.labels.get(org, org_local)} "
                                                  f"({roles_text})" if roles_text else org_local)))
        self.node_lines.setdefault(str(node), ctx.row.line)
        for item in roles_text.split(spec.get("separator", ";")):
            item = item.strip()
            if not item:
                continue
            self.graph.add((node, AKG.role, Literal(item)))
            for rule in spec.get("types") or []:
                if self.pattern("search", rule["pattern"], item, (rule, "pattern"), ctx.row, ignore_case=True):
                    self.graph.add((node, AKG.roleType, self.mapping.iri(rule["role"])))
                    if rule.get("stop"):
                        break
        return node


def _decimal_text(number: Decimal) -> str:
    """Canonical decimal lexical form without exponent ('1E+9' -> '1000000000')."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------
def read_rows(path: Path, mapping: Mapping) -> list[Row]:
    """Read the rows of ``path`` as the mapping says (raising :class:`LoadError` on bad files)."""
    spec = mapping.spec
    encoding = spec.get("encoding", "utf-8-sig")
    if encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig", "utf8"):
        text = read_utf8(path).removeprefix("\ufeff")  # names the line of a byte that is not UTF-8
    else:
        try:
            text = path.read_bytes().decode(encoding)
        except (OSError, UnicodeDecodeError, LookupError) as exc:
            raise LoadError.single(path, f"cannot read file: {exc}") from exc
    kind = spec.get("format", "csv").upper()
    try:
        if kind == "JSON":
            rows = list(islice(read_json_rows(text, spec.get("rows")), MAX_ROWS + 1))
        else:
            rows = list(islice(read_csv_rows(text, spec.get("delimiter", ",")), MAX_ROWS + 1))
    except RecursionError as exc:
        raise LoadError.single(path, f"cannot parse {kind}: nested too deeply") from exc
    except DuplicateName as exc:
        raise LoadError.single(path, f"cannot parse {kind}: {exc}", line=exc.line, column=exc.column,
                               field=exc.name) from exc
    except (csv.Error, ValueError) as exc:
        raise LoadError.single(path, f"cannot parse {kind}: {exc}") from exc
    if len(rows) > MAX_ROWS:
        raise LoadError.single(path, f"more than the limit of {MAX_ROWS:,} rows per file: split the "
                                     "file", line=rows[MAX_ROWS].line)
    oversized = [Problem(str(path), f"value of {len(value):,} characters is longer than the limit of "
                                    f"{MAX_VALUE_CHARS:,}", line=row.line, field=name)
                 for row in rows for name, value in row.values.items() if len(value) > MAX_VALUE_CHARS]
    if oversized:
        raise LoadError(oversized[:20])
    return rows


def map_file(path: Path | str, mapping: Mapping | Path | str, *, resolver: Resolver | None = None,
             existing: Graph | None = None) -> MappingResult:
    """Map the rows of ``path`` to triples following ``mapping``.

    ``existing`` is the data the result joins (the curated deal files, or the store): names are
    resolved against its organizations and ``on_existing: fill`` nodes only get what they lack.
    Pass one ``resolver`` to several calls so that they share minted organizations.

    Examples
    --------
    >>> from alliancekg.data import DATA_DIR
    >>> result = map_file(DATA_DIR / "alliances" / "alliances.csv", MAPPINGS_DIR / "alliances.yaml")
    >>> result.rows
    43
    """
    path = Path(path)
    mapping = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    if resolver is None:
        resolver = Resolver(NameIndex.from_graph(existing) if existing is not None else NameIndex())
    engine = _Engine(mapping, path, resolver, existing)
    rows = read_rows(path, mapping)
    kept, skipped = engine.run(rows)
    if engine.problems:
        raise LoadError(engine.problems)
    graph = engine.graph
    graph += resolver.take()  # organizations minted (or newly sourced) while mapping this file
    loaded = LoadedFile(path=path, graph=graph, node_lines=engine.node_lines, field_names=engine.field_names,
                        field_lines=engine.field_lines)
    matches = [m for m in resolver.matches.values()]
    return MappingResult(loaded, rows=kept, skipped=skipped, matches=matches)


__all__ = ["MAPPINGS_DIR", "MAX_FOREACH", "MAX_PROBLEMS", "MAX_ROWS", "PATTERN_TIMEOUT", "DuplicateName", "Mapping",
           "MappingError", "MappingResult", "Row", "compile_pattern", "drop_trailing_parentheses", "load_mapping",
           "map_file", "read_csv_rows", "read_json_rows", "read_rows", "split_party", "split_publisher_date",
           "strict_json"]
