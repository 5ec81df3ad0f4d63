"""Views of the bundled data, built once for the analysis tests."""

from __future__ import annotations

import networkx as nx
import pytest

from alliancekg.graph.network.views import VIEWS, build_view
from alliancekg.graph.store import OxigraphStore


@pytest.fixture(scope="session")
def bundled_views(store: OxigraphStore) -> dict[str, nx.MultiGraph]:
    """Every view of the bundled data."""
    return {name: build_view(store, name) for name in VIEWS}
