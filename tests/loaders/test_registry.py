"""What a build loads by default: the ontology first, then each deal, then the registered datasets."""

from __future__ import annotations

from pathlib import Path

from alliancekg.data import DEALS_DIR
from alliancekg.loaders.registry import bundled_inputs, ontology_input, yamlld_input
from alliancekg.ontology.namespaces import GRAPH


def test_the_ontology_comes_first_then_every_deal_file() -> None:
    inputs = bundled_inputs()
    assert inputs[0].name == "ontology" and inputs[0].graph == GRAPH["ontology"]
    deal_names = [i.name for i in inputs if i.name.startswith("deals/")]
    assert deal_names == [f"deals/{p.stem}" for p in sorted(DEALS_DIR.glob("*.yaml"))]
    assert len({i.graph for i in inputs}) == len(inputs)


def test_a_yamlld_input_goes_to_its_named_graph_and_reads_lazily(tmp_path: Path) -> None:
    missing = tmp_path / "later.yaml"
    given = yamlld_input(missing, name="user/mine")
    assert given.graph == GRAPH["user/mine"]
    assert yamlld_input(missing).name == "deals/later"


def test_the_ontology_input_reads_the_ontology_and_its_alignments() -> None:
    loaded = ontology_input().read()
    assert len(loaded.graph) > 100
