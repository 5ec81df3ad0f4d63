"""The operations' error, and the server modules importing each other one way only."""

from __future__ import annotations

import networkx as nx
import pytest

from alliancekg.devtools import layout
from alliancekg.server.errors import OperationError

#: Pairs still importing each other (one of them inside a function), each a known debt.
KNOWN_MUTUAL = {frozenset({"alliancekg.server.operations", "alliancekg.server.write_checks"})}


def test_an_operation_error_carries_its_status_and_message() -> None:
    with pytest.raises(OperationError) as raised:
        raise OperationError(422, "too many")
    assert (raised.value.status, raised.value.message, str(raised.value)) == (422, "too many", "too many")


def test_server_modules_import_each_other_one_way() -> None:
    """Lazy imports count: the application and the Graph Store router, the SPARQL operations and the operations
    they load by name (analyst views, explorer pages) no longer import each other."""
    modules = layout.read_modules(layout.module_files(layout.package_folders()))
    graph = nx.DiGraph()
    for module in modules.values():
        if module.name.startswith("alliancekg.server."):
            graph.add_edges_from((module.name, target) for target in module.imports | module.lazy_imports
                                 if target.startswith("alliancekg.server."))
    mutual = {frozenset(group) for group in nx.simple_cycles(graph)} - KNOWN_MUTUAL
    assert mutual == set()
    by_name = {"alliancekg.server.insight_operations", "alliancekg.server.page_data"}
    assert all("alliancekg.server.operations" not in modules[name].imports | modules[name].lazy_imports
               for name in by_name)
