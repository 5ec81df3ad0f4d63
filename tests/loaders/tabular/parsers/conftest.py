"""A cell to parse values in: a real run with the project's prefixes and an empty name index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import URIRef

from alliancekg.data import CONTEXT_FILE
from alliancekg.loaders.linking import NameIndex, Resolver
from alliancekg.loaders.tabular.mapping import Mapping
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Cell, Node, Run, Scope
from alliancekg.loaders.yamlld import read_context
from alliancekg.ontology.namespaces import AGR


@pytest.fixture
def make_cell() -> Callable[..., Cell]:
    """``make_cell(values, column=..., skip=...)``: a cell of a row of ``values`` on the node ``agr:deal``."""
    context = read_context(CONTEXT_FILE)

    def make(values: dict[str, str] | None = None, column: str | None = "value",
             skip: Callable[[URIRef], bool] = lambda prop: False) -> Cell:
        values = values or {}
        run = Run(Mapping(Path("m.yaml"), {"nodes": []}, context), Path("d.csv"), Resolver(NameIndex()))
        row = Row(values, 2, {name: n for n, name in enumerate(values, start=1)})
        return Cell(run, Scope(row), Node(AGR["deal"], "deal", skip), column)

    return make
