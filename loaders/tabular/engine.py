"""Mapping one file: read its rows, check them, map every node spec of every row, return the triples.

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

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.linking import Match, NameIndex, Resolver
from alliancekg.loaders.tabular.columns import check_columns, check_key
from alliancekg.loaders.tabular.mapping import Mapping, load_mapping
from alliancekg.loaders.tabular.nodes import map_node, row_sources
from alliancekg.loaders.tabular.reader import Row, read_rows
from alliancekg.loaders.tabular.state import MAX_PROBLEMS, Run, Scope
from alliancekg.loaders.tabular.templates import holds
from alliancekg.loaders.yamlld import LoadedFile


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


def map_rows(run: Run, rows: Iterable[Row]) -> tuple[int, int]:
    """Map ``rows`` into ``run``: the number of rows kept and skipped (``where``); problems go to the run."""
    kept = skipped = 0
    keys: dict[str, int] = {}
    for row in rows:
        if len(run.problems) >= MAX_PROBLEMS:
            run.problems.append(Problem(str(run.path), f"stopped at line {row.line} after {MAX_PROBLEMS} "
                                                       "problems: fix these first", line=row.line))
            break
        if not holds(run, run.spec.get("where"), Scope(row)):
            skipped += 1
            continue
        kept += 1
        if not check_columns(run, row) or not check_key(run, row, keys):
            continue
        sources = row_sources(run, row)
        for node_spec in run.spec["nodes"]:
            for item in node_spec.get("foreach") or [None]:
                scope = Scope(row, item or {}, sources)
                if holds(run, node_spec.get("when"), scope):
                    map_node(run, node_spec, scope)
    return kept, skipped


def map_file(path: Path | str, mapping: Mapping | Path | str, *, resolver: Resolver | None = None,
             existing: Graph | None = None) -> MappingResult:
    """Map the rows of ``path`` to triples following ``mapping``.

    ``existing`` is the data the result joins (the curated deal files, or the store): names are
    resolved against its organizations and ``on_existing: fill`` nodes only get what they lack.
    Pass one ``resolver`` to several calls so that they share minted organizations.

    Examples
    --------
    >>> from alliancekg.data import DATA_DIR
    >>> from alliancekg.loaders.tabular.mapping import MAPPINGS_DIR
    >>> result = map_file(DATA_DIR / "alliances" / "alliances.csv", MAPPINGS_DIR / "alliances.yaml")
    >>> result.rows
    43
    """
    path = Path(path)
    mapping = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    if resolver is None:
        resolver = Resolver(NameIndex.from_graph(existing) if existing is not None else NameIndex())
    run = Run(mapping, path, resolver, existing if existing is not None else Graph())
    rows = read_rows(path, mapping)
    kept, skipped = map_rows(run, rows)
    if run.problems:
        raise LoadError(run.problems)
    graph = run.graph
    graph += resolver.take()  # organizations minted (or newly sourced) while mapping this file
    loaded = LoadedFile(path=path, graph=graph, node_lines=run.node_lines, field_names=run.field_names,
                        field_lines=run.field_lines)
    matches = [m for m in resolver.matches.values()]
    return MappingResult(loaded, rows=kept, skipped=skipped, matches=matches)
