"""The triple store: one interface, embedded Oxigraph, a remote SPARQL server, replacing a store whole.

The public names are re-exported here, so ``from alliancekg.graph.store import open_store`` works;
each is defined in one module of this package.
"""

from alliancekg.graph.store.embedded import OxigraphStore, result_from_oxigraph
from alliancekg.graph.store.interface import (
    STORE_ENV,
    KnowledgeStore,
    QueryError,
    StoreError,
    default_store_path,
    is_scenario_graph,
)
from alliancekg.graph.store.opening import open_store
from alliancekg.graph.store.results import QueryResult, Triple
from alliancekg.graph.store.swap import (
    fresh_directory,
    lock_directory,
    recover_interrupted_swap,
    remove_leftovers,
    swap_in,
)
from alliancekg.graph.store.version import bump_store_version, store_version

__all__ = [
    "STORE_ENV",
    "KnowledgeStore",
    "OxigraphStore",
    "QueryError",
    "QueryResult",
    "StoreError",
    "Triple",
    "bump_store_version",
    "default_store_path",
    "fresh_directory",
    "is_scenario_graph",
    "lock_directory",
    "open_store",
    "recover_interrupted_swap",
    "remove_leftovers",
    "result_from_oxigraph",
    "store_version",
    "swap_in",
]
