"""The mapping engine: CSV or JSON rows to triples by a YAML mapping (``loaders/mappings/*.yaml``).

One module per job: :mod:`.reader` (rows of a CSV/JSON file), :mod:`.mapping` (the mapping file),
:mod:`.patterns` (its regular expressions), :mod:`.state` (what one run holds, passed explicitly),
:mod:`.templates` (templates, conditions, splitting), :mod:`.columns` (column checks),
:mod:`.nodes` and :mod:`.properties` (node and property mapping), :mod:`.parsers` (one module per
kind of ``parse``, registered by name), :mod:`.text` (cell text helpers) and :mod:`.engine`
(:func:`map_file`). The public names are re-exported here.
"""

from alliancekg.loaders.tabular.engine import MappingResult, map_file
from alliancekg.loaders.tabular.mapping import MAPPINGS_DIR, MAX_FOREACH, Mapping, MappingError, load_mapping
from alliancekg.loaders.tabular.patterns import PATTERN_TIMEOUT, compile_pattern
from alliancekg.loaders.tabular.reader import (
    MAX_ROWS,
    DuplicateName,
    Row,
    read_csv_rows,
    read_json_rows,
    read_rows,
    strict_json,
)
from alliancekg.loaders.tabular.state import MAX_PROBLEMS
from alliancekg.loaders.tabular.text import drop_trailing_parentheses, parse_source_note, split_party

__all__ = ["MAPPINGS_DIR", "MAX_FOREACH", "MAX_PROBLEMS", "MAX_ROWS", "PATTERN_TIMEOUT", "DuplicateName", "Mapping",
           "MappingError", "MappingResult", "Row", "compile_pattern", "drop_trailing_parentheses", "load_mapping",
           "map_file", "parse_source_note", "read_csv_rows", "read_json_rows", "read_rows", "split_party",
           "strict_json"]
