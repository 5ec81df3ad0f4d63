"""A mapping file read and checked: its spec, the project's prefixes, the bundled mappings' folder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import URIRef

from alliancekg.data import CONTEXT_FILE
from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.guards import LineDict, check_yaml, compose_yaml, plain_data, read_utf8
from alliancekg.loaders.tabular.patterns import bad_patterns
from alliancekg.loaders.yamlld import expand_with_context, read_context

#: Most items in one ``foreach`` list of a mapping (each item is mapped for every row).
MAX_FOREACH = 1_000


class MappingError(ValueError):
    """The mapping file itself is malformed."""


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


#: The bundled mappings (``loaders/mappings/*.yaml``).
MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"
