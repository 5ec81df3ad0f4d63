"""Reading a table file into rows: CSV or JSON, each row with its line, names given twice refused."""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.guards import MAX_VALUE_CHARS, read_utf8
from alliancekg.loaders.tabular.mapping import Mapping

#: Most rows read from one table file (mapping takes about 2 ms and 60 triples a row).
MAX_ROWS = 50_000


class DuplicateName(ValueError):
    """A column or key named twice in one header or object: which value was meant is unknown."""

    def __init__(self, name: str, line: int, column: int | None = None) -> None:
        self.name, self.line, self.column = name, line, column
        super().__init__(f"{name!r} is given twice; rename or remove one")


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
