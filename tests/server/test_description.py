"""The SPARQL service description: endpoint, dataset, named graphs, features as configured."""

from __future__ import annotations

import pyoxigraph as ox

from alliancekg.server.description import SD, serialize_description, service_description


def objects(triples: list[ox.Triple], local: str) -> set[str]:
    return {t.object.value for t in triples if t.predicate.value == SD + local}


def test_the_description_names_endpoint_graphs_and_only_the_features_enabled() -> None:
    plain = service_description("http://127.0.0.1:8080/sparql", ["urn:g1", "urn:g2"])
    assert objects(plain, "endpoint") == {"http://127.0.0.1:8080/sparql"}
    assert objects(plain, "name") == {"urn:g1", "urn:g2"}
    assert objects(plain, "supportedLanguage") == {SD + "SPARQL11Query"}
    assert objects(plain, "feature") == {SD + "UnionDefaultGraph"}
    full = service_description("http://h/sparql", [], updates=True, federation=True)
    assert SD + "SPARQL11Update" in objects(full, "supportedLanguage")
    assert objects(full, "feature") == {SD + "UnionDefaultGraph", SD + "BasicFederatedQuery"}


def test_the_description_serializes_to_parseable_turtle() -> None:
    triples = service_description("http://h/sparql", ["urn:g"])
    data = serialize_description(triples, "text/turtle")
    parsed = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(triples)
