"""The benchmark generator: deterministic, the requested size, and valid data at small sizes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from alliancekg.graph.quality.shacl import shacl_violations
from alliancekg.ontology.namespaces import SCENARIO
from benchmarks.generator import DEALS_GRAPH, ONTOLOGY_GRAPH, GeneratedGraph, generate


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> GeneratedGraph:
    path = tmp_path_factory.mktemp("bench") / "small.nq"
    info = generate(path, 12_000, seed=11, scenario=True)
    info.save(path.with_suffix(".json"))
    return info


def test_size_counts_and_determinism(small: GeneratedGraph, tmp_path: Path) -> None:
    assert 12_000 <= small.triples < 12_400
    assert len(Path(small.path).read_text(encoding="utf-8").splitlines()) == small.triples
    assert small.counts["agreements"] > 50 and small.counts["provisions"] > small.counts["agreements"]
    assert small.counts["stakes"] > 0 and small.counts["conditions"] > 0
    again = generate(tmp_path / "again.nq", 12_000, seed=11, scenario=True)
    assert Path(small.path).read_bytes() == (tmp_path / "again.nq").read_bytes()
    assert again.params == small.params
    assert GeneratedGraph.read(Path(small.path).with_suffix(".json")) == small


def test_every_quad_parses_and_graphs_are_the_project_layout(small: GeneratedGraph) -> None:
    store = ox.Store()
    store.load(path=small.path, format=ox.RdfFormat.N_QUADS)
    assert len(store) == small.triples
    graphs = {g.value for g in store.named_graphs()}
    assert {ONTOLOGY_GRAPH, DEALS_GRAPH, str(SCENARIO["bench"])} <= graphs


def test_without_scenario_by_default(tmp_path: Path) -> None:
    info = generate(tmp_path / "plain.nq", 3_000, seed=1)
    assert info.counts["events"] == 0 and "scenario/" not in (tmp_path / "plain.nq").read_text(encoding="utf-8")


def test_small_graphs_conform_to_the_shapes(small: GeneratedGraph) -> None:
    dataset = Dataset()
    dataset.parse(small.path, format="nquads")
    data = Graph()
    for s, p, o, graph in dataset.quads((None, None, None, None)):
        if graph != URIRef(ONTOLOGY_GRAPH):
            data.add((s, p, o))
    assert shacl_violations(data) == []


def test_degree_follows_a_power_law(small: GeneratedGraph) -> None:
    store = ox.Store()
    store.load(path=small.path, format=ox.RdfFormat.N_QUADS)
    rows = store.query("SELECT ?o (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a <https://w3id.org/alliance-kg/ontology#party> "
                       "?o } } GROUP BY ?o ORDER BY DESC(?n)")
    degrees = [int(row["n"].value) for row in rows]
    assert degrees[0] >= 5 * degrees[len(degrees) // 2]  # a few hubs, a long tail


def test_catalog_parameters_name_generated_nodes(small: GeneratedGraph) -> None:
    store = ox.Store()
    store.load(path=small.path, format=ox.RdfFormat.N_QUADS)
    for name in ("holder", "agreement", "owner", "issuer", "provision", "a", "b"):
        iri = ox.NamedNode(small.params[name])
        assert next(iter(store.quads_for_pattern(iri, None, None)), None) is not None, name
