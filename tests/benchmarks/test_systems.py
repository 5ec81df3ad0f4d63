"""The rdflib system's adapter is a whole read-only KnowledgeStore the project's code can run on."""

from __future__ import annotations

import pytest
import rdflib

from benchmarks.systems import RdflibStore


def test_the_rdflib_adapter_can_be_made_and_refuses_writes() -> None:
    dataset = rdflib.Dataset(default_union=True)
    graph = rdflib.URIRef("https://example.org/g")
    dataset.graph(graph).add((rdflib.URIRef("https://example.org/s"), rdflib.RDFS.label, rdflib.Literal("s")))
    store = RdflibStore(dataset)
    assert store.triple_count() == 1
    with pytest.raises(NotImplementedError):
        store.replace_graphs({graph: []})
