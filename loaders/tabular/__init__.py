"""The mapping engine: CSV or JSON rows to triples by a YAML mapping (``loaders/mappings/*.yaml``).

Every public name lives in a module of this package and is re-exported here, so callers import
``from alliancekg.loaders.tabular import map_file``.
"""

from alliancekg.loaders.tabular.engine import (
    MAPPINGS_DIR,
    MAX_FOREACH,
    MAX_PROBLEMS,
    MAX_ROWS,
    PATTERN_TIMEOUT,
    DuplicateName,
    Mapping,
    MappingError,
    MappingResult,
    Row,
    compile_pattern,
    drop_trailing_parentheses,
    load_mapping,
    map_file,
    read_csv_rows,
    read_json_rows,
    read_rows,
    split_party,
    split_publisher_date,
    strict_json,
)

__all__ = ["MAPPINGS_DIR", "MAX_FOREACH", "MAX_PROBLEMS", "MAX_ROWS", "PATTERN_TIMEOUT", "DuplicateName", "Mapping",
           "MappingError", "MappingResult", "Row", "compile_pattern", "drop_trailing_parentheses", "load_mapping",
           "map_file", "read_csv_rows", "read_json_rows", "read_rows", "split_party", "split_publisher_date",
           "strict_json"]
