"""Limits on hostile YAML before it is turned into data: aliases, nesting depth, value size, encoding.

A YAML-LD file is small, hand-written data, so it has no use for what makes YAML dangerous:

- aliases (``*name``) can expand exponentially ("billion laughs"): a few hundred bytes that
  would take gigabytes once built, so they are refused;
- nesting deeper than :data:`MAX_DEPTH` would exhaust the parser's recursion, so it is refused
  with the line where it happens instead of a ``RecursionError``;
- a value longer than :data:`MAX_VALUE_CHARS` characters is refused, naming its field, and a
  file of more than :data:`MAX_MAPPINGS` mappings (nodes) is refused at the first one too many;
- tags other than the core schema's (``!!python/object``…) are refused: a file is data only;
- bytes that are not UTF-8 are reported with the line they are on.

:func:`check_yaml` reads the event stream (no recursion, nothing built) and returns the
problems, each with file, line, column and field.

YAML is read with the YAML 1.2 core schema (ruamel.yaml), never YAML 1.1's: ``NO``, ``yes``,
``on`` and ``off`` stay text, and :func:`scalar_value` turns only ``true``/``false`` into
booleans and ``null``/``~``/nothing into null; every other plain value (``0x10``, ``1_000``,
``2025-01-02``) is kept as the text written.  A ``@context`` is read only from a regular
``.jsonld``/``.json`` file of at most :data:`MAX_CONTEXT_BYTES` in the package's data folder or in
the folder of the file that names it (or a folder above it): :func:`context_file`.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from ruamel.yaml import YAML
from ruamel.yaml import events as yaml_events
from ruamel.yaml import nodes as yaml_nodes
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from alliancekg.loaders.errors import LoadError, Problem

#: Deepest nesting of mappings and sequences accepted.
MAX_DEPTH = 64
#: Longest scalar value accepted, in characters.
MAX_VALUE_CHARS = 100_000
#: Explicit tags accepted (YAML's core schema); any other (``!!python/...``, ``!custom``) is refused.
CORE_TAGS = tuple(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map",
                                                           "timestamp"))
#: Most mappings (nodes and nested values) in one YAML file: loading takes about 1.5 ms each.
MAX_MAPPINGS = 10_000
#: Largest JSON-LD context file read, in bytes.
MAX_CONTEXT_BYTES = 1_000_000
#: Plain values that YAML 1.2's core schema reads as booleans and as null; any other plain value is text.
YAML12_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
YAML12_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def yaml12() -> YAML:
    """A safe YAML 1.2 reader (pure Python, so ``%YAML 1.1`` directives and libyaml's 1.1 rules never apply)."""
    reader = YAML(typ="safe", pure=True)
    reader.version = (1, 2)
    return reader


def decode_utf8(data: bytes, path: Path | str) -> tuple[str | None, Problem | None]:
    """``data`` decoded as UTF-8, or a problem naming the line and column of the first bad byte.

    Examples
    --------
    >>> decode_utf8("a\\nSoci\\xe9t\\xe9".encode("latin-1"), "f.yaml")[1].line
    2
    """
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem(str(path), f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded "
                                        "(save the file as UTF-8)", line=line, column=exc.start - line_start + 1)


def read_utf8(path: Path) -> str:
    """The text of the file ``path``, or a :class:`LoadError` (unreadable, or the line of a byte that is not UTF-8)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError.single(path, f"cannot read file: {exc}") from exc
    text, problem = decode_utf8(data, path)
    if problem is not None:
        raise LoadError([problem])
    return text  # type: ignore[return-value]


def check_yaml(text: str, path: Path | str) -> list[Problem]:
    """Problems that make ``text`` unsafe to build: aliases, too deep nesting, too long values.

    Syntax errors are left to the loader (it reports them with their position).

    Examples
    --------
    >>> [p.message for p in check_yaml("a: &x [1]\\nb: *x\\n", "f.yaml")]
    ['YAML aliases (*x) are not allowed: write the value out']
    >>> check_yaml("label: " + "x" * 100001, "f.yaml")[0].field
    'label'
    """
    problems: list[Problem] = []
    # One frame per open collection: [is_mapping, expecting_key, current key].
    stack: list[list] = []
    mappings = 0
    try:
        for event in yaml12().parse(text):
            mark = event.start_mark
            where = {"line": mark.line + 1, "column": mark.column + 1} if mark else {}
            frame = stack[-1] if stack else None
            field = next((f[2] for f in reversed(stack) if f[0] and f[2] is not None), None)
            if isinstance(event, yaml_events.AliasEvent):
                message = f"YAML aliases (*{event.anchor}) are not allowed: write the value out"
                problems.append(Problem(str(path), message, field=field, **where))
                _value_done(frame)
                continue
            if getattr(event, "tag", None) and not str(event.tag).startswith(CORE_TAGS):
                problems.append(Problem(str(path), f"YAML tag {event.tag} is not allowed (plain values only)",
                                        field=field, **where))
            if isinstance(event, yaml_events.ScalarEvent):
                if frame is not None and frame[0] and frame[1]:
                    frame[2], frame[1] = event.value, False
                    continue
                if len(event.value) > MAX_VALUE_CHARS:
                    problems.append(Problem(str(path), f"value of {len(event.value):,} characters is longer than the "
                                                       f"limit of {MAX_VALUE_CHARS:,}", field=field, **where))
                _value_done(frame)
            elif isinstance(event, yaml_events.MappingStartEvent | yaml_events.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem(str(path), f"nested deeper than {MAX_DEPTH} levels", field=field, **where))
                    return problems
                mappings += isinstance(event, yaml_events.MappingStartEvent)
                if mappings > MAX_MAPPINGS:
                    problems.append(Problem(str(path), f"more than the limit of {MAX_MAPPINGS:,} mappings (nodes) in "
                                                       "one file: split the file", field=field, **where))
                    return problems
                stack.append([isinstance(event, yaml_events.MappingStartEvent), True, None])
            elif isinstance(event, yaml_events.MappingEndEvent | yaml_events.SequenceEndEvent):
                stack.pop()
                _value_done(stack[-1] if stack else None)
            if len(problems) >= 20:
                break
    except YAMLError:
        pass  # reported with its position by the loader's own parse
    return problems


def compose_yaml(text: str, path: Path | str) -> yaml_nodes.Node | None:
    """The node tree of ``text`` read as YAML 1.2, or a :class:`LoadError` naming the line of a syntax error.

    Examples
    --------
    >>> compose_yaml("jurisdiction: NO\\n", "f.yaml").value[0][1].value
    'NO'
    """
    try:
        return yaml12().compose(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) if isinstance(exc, MarkedYAMLError) else None
        raise LoadError.single(
            path, f"malformed YAML: {getattr(exc, 'problem', None) or exc}",
            line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
        ) from exc


def scalar_value(node: yaml_nodes.ScalarNode) -> str | bool | None:
    """A scalar by YAML 1.2's core schema: ``true``/``false``, null, or else the text as written.

    Quoted values are always text; numbers and dates keep their exact lexical form.

    Examples
    --------
    >>> [scalar_value(n) for n in compose_yaml("[yes, NO, 0x10, true, ~, '~']", "f").value]
    ['yes', 'NO', '0x10', True, None, '~']
    """
    if node.style is not None or str(node.tag).endswith(":str"):  # quoted, block or ``!!str``: text
        return node.value
    if node.value in YAML12_BOOLEANS:
        return YAML12_BOOLEANS[node.value]
    return None if node.value in YAML12_NULLS else node.value


class LineDict(dict):
    """A mapping read from YAML that remembers the line (1-based) of each key."""

    lines: dict[Any, int]

    def line_of(self, key: Any) -> int | None:
        """Line of ``key`` in its file, if known."""
        return self.lines.get(key)


def plain_data(node: yaml_nodes.Node | None) -> Any:
    """Python data of a YAML 1.2 node tree: :class:`LineDict`, lists, and :func:`scalar_value` scalars.

    Examples
    --------
    >>> data = plain_data(compose_yaml("a: 1\\nmap: {NO: x, 0x10: y}\\n", "f"))
    >>> data["map"], data.line_of("map")
    ({'NO': 'x', '0x10': 'y'}, 2)
    """
    if isinstance(node, yaml_nodes.MappingNode):
        result = LineDict()
        result.lines = {}
        for key_node, value_node in node.value:
            key = plain_data(key_node)
            result[key] = plain_data(value_node)
            result.lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml_nodes.SequenceNode):
        return [plain_data(item) for item in node.value]
    return None if node is None else scalar_value(node)


def context_file(reference: str, data_file: Path, package_dir: Path) -> Path:
    """The context file that ``reference`` names, or ``ValueError`` saying why it may not be read.

    ``reference`` is a path relative to ``data_file``.  It must be a regular ``.jsonld`` or ``.json``
    file (never a FIFO or a device, which would hang or never end) of at most :data:`MAX_CONTEXT_BYTES`,
    in ``package_dir`` or in the folder of ``data_file`` or a folder above it.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "context.jsonld").write_text("{}")
    >>> context_file("../context.jsonld", folder / "deals" / "x.yaml", folder).name
    'context.jsonld'
    >>> context_file("/dev/zero", folder / "x.yaml", folder)
    Traceback (most recent call last):
    ...
    ValueError: a context must be a .jsonld or .json file
    """
    target = (data_file.parent / reference).resolve()
    if target.suffix.lower() not in (".jsonld", ".json"):
        raise ValueError("a context must be a .jsonld or .json file")
    folders = {package_dir.resolve(), *data_file.resolve().parents}
    if target.parent not in folders and not target.is_relative_to(package_dir.resolve()):
        raise ValueError("a context must be in the data's folder, a folder above it, or the package's data")
    try:
        info = target.stat()  # stat, not open: opening a FIFO would wait for a writer
    except OSError as exc:
        raise ValueError(f"no such file ({exc.strerror})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("a context must be a regular file")
    if info.st_size > MAX_CONTEXT_BYTES:
        raise ValueError(f"context of {info.st_size:,} bytes is larger than the limit of {MAX_CONTEXT_BYTES:,}")
    return target


def shown(value: str, limit: int = 80) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters with its length when longer.

    Examples
    --------
    >>> shown("Acme"), shown("x" * 1000, 5)
    ("'Acme'", "'xxxxx…' (1,000 characters)")
    """
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}"[:-1] + f"…' ({len(value):,} characters)"


def valid_iri(value: str) -> bool:
    """False for text with a scheme that is still not a valid absolute IRI (spaces, ``<``, ``>``…).

    Text without a colon is left to JSON-LD (a term or a relative reference, reported elsewhere).

    Examples
    --------
    >>> valid_iri("https://w3id.org/alliance-kg/id/ent/x"), valid_iri("https://e.org/x> <urn:p"), valid_iri("x")
    (True, False, True)
    """
    if ":" not in value:
        return True
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


#: Longest field name accepted (a full IRI used as a field included), in characters.
MAX_FIELD_CHARS = 2_000


def field_name_problem(key: str, path: Path | str, line: int) -> Problem | None:
    """A problem when the field name ``key`` is longer than :data:`MAX_FIELD_CHARS` (shown cut short).

    Examples
    --------
    >>> field_name_problem("https://e.org/" + "x" * 3000, "f.yaml", 4).message
    'field name of 3,014 characters is longer than the limit of 2,000'
    >>> field_name_problem("label", "f.yaml", 4) is None
    True
    """
    if len(key) <= MAX_FIELD_CHARS:
        return None
    return Problem(str(path), f"field name of {len(key):,} characters is longer than the limit of {MAX_FIELD_CHARS:,}",
                   line=line, field=key[:40] + "…")


def _value_done(frame: list | None) -> None:
    """After a value in a mapping, the next scalar is a key again."""
    if frame is not None and frame[0]:
        frame[1] = True


__all__ = ["CORE_TAGS", "MAX_CONTEXT_BYTES", "MAX_DEPTH", "MAX_FIELD_CHARS", "MAX_MAPPINGS", "MAX_VALUE_CHARS",
           "LineDict", "check_yaml", "compose_yaml", "context_file", "decode_utf8", "field_name_problem", "plain_data",
           "read_utf8", "scalar_value", "shown", "valid_iri", "yaml12"]
