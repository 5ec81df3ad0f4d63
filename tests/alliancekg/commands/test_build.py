"""``alliancekg build --dump``: bulk builds from RDF dumps, swapped in whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.graph.store import OxigraphStore

runner = CliRunner()
G = "<https://w3id.org/alliance-kg/graph/dump>"


def write_dump(path: Path, count: int) -> Path:
    lines = [f'<https://w3id.org/alliance-kg/id/ent/org-{i}> <http://www.w3.org/2000/01/rdf-schema#label> '
             f'"Organization {i}" {G} .' for i in range(count)]
    lines.append(f'_:c <http://www.w3.org/2000/01/rdf-schema#label> "a condition" {G} .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def quads(store_path: Path) -> int:
    with OxigraphStore(store_path, read_only=True) as store:
        return len(store.oxigraph)


def test_build_from_dumps_loads_every_quad(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first, second = write_dump(tmp_path / "a.nq", 200), write_dump(tmp_path / "b.nq", 50)
    result = runner.invoke(app, ["--store", str(store), "build", "--dump", str(first), "--dump", str(second)],
                           env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    # 200 organizations (the second file repeats 50 of them) and one blank node per file: the
    # same label in two documents is two nodes, as RDF has it.
    assert "202 quads from 2 file(s)" in result.output and "not validated" in result.output
    assert quads(store) == 202
    answer = runner.invoke(app, ["--store", str(store), "query", "--sparql",
                                 "SELECT (COUNT(*) AS ?n) { ?s rdfs:label ?l FILTER(isBlank(?s)) }",
                                 "--format", "csv"])
    assert answer.output.splitlines()[-1] == "2"


def test_a_broken_dump_names_its_line_and_leaves_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert runner.invoke(app, ["--store", str(store), "build", "--dump", str(write_dump(tmp_path / "a.nq", 10))]
                         ).exit_code == 0
    broken = write_dump(tmp_path / "broken.nq", 30)
    with broken.open("a", encoding="utf-8") as handle:
        handle.write("<urn:ex:s> <urn:ex:p> .\n")
    result = runner.invoke(app, ["--store", str(store), "build", "--dump", str(broken)], env={"COLUMNS": "400"})
    assert result.exit_code == 2
    assert "broken.nq:32" in result.output and "left as it was" in result.output
    assert quads(store) == 11


def test_dump_refusals(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["--store", str(tmp_path / "s"), "build", "--dump", str(tmp_path / "none.nq")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    odd = tmp_path / "data.xyz"
    odd.write_text("x", encoding="utf-8")
    unknown = runner.invoke(app, ["--store", str(tmp_path / "s"), "build", "--dump", str(odd)])
    assert unknown.exit_code == 2 and "format" in unknown.output
    remote = runner.invoke(app, ["--endpoint", "http://127.0.0.1:9/sparql", "build", "--dump", str(odd)])
    assert remote.exit_code == 2 and "bulk loader" in remote.output
    assert not (tmp_path / "s").exists()


# -- alliancekg load with several files: validated together, written in one transaction -------------
def small_store(tmp_path: Path) -> Path:
    """A store with the ontology and the Microsoft–OpenAI 2025 deal."""
    from alliancekg.data import DEALS_DIR
    from alliancekg.graph.build import build_store
    from alliancekg.loaders.registry import ontology_input, yamlld_input

    path = tmp_path / "store"
    build_store(path, [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml")], reason=False)
    return path


def organization_file(path: Path, local: str) -> Path:
    """A valid YAML-LD file defining one organization (with the context beside it)."""
    from alliancekg.data import CONTEXT_FILE

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'"@context": {CONTEXT_FILE}\ngraph:\n- {{id: "ent:{local}", type: Organization, '
                    f'label: "{local}"}}\n', encoding="utf-8")
    return path


def all_quads(store_path: Path) -> list[str]:
    with OxigraphStore(store_path, read_only=True) as store:
        return sorted(str(quad) for quad in store.oxigraph)


def test_load_of_files_whose_names_an_iri_cannot_hold(tmp_path: Path) -> None:
    # Regression: `load a.yaml "b c.yaml"` wrote a, then failed building the graph IRI of b c.
    store = small_store(tmp_path)
    names = ["a.yaml", "b c.yaml", "d>e.yaml"]
    files = [organization_file(tmp_path / name, f"org-{i}") for i, name in enumerate(names)]
    result = runner.invoke(app, ["--store", str(store), "load", "--no-reason", *map(str, files)],
                           env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    with OxigraphStore(store, read_only=True) as opened:
        graphs = {str(g).rsplit("/graph/", 1)[1] for g in opened.graphs()}
    assert {"user/a", "user/b%20c", "user/d%3Ee"} <= graphs


def test_load_refuses_two_files_for_the_same_graph(tmp_path: Path) -> None:
    # Regression: the second file silently replaced the first (same stem, same graph) and load exited 0.
    store = small_store(tmp_path)
    first = organization_file(tmp_path / "d1" / "same.yaml", "org-one")
    second = organization_file(tmp_path / "d2" / "same.yaml", "org-two")
    before = all_quads(store)
    result = runner.invoke(app, ["--store", str(store), "load", "--no-reason", str(first), str(second)],
                           env={"COLUMNS": "400"})
    assert result.exit_code == 1, result.output
    assert f"{second}: goes to the same graph (user/same) as {first}" in result.output
    assert all_quads(store) == before


def test_load_writes_all_files_or_none(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    good = organization_file(tmp_path / "good.yaml", "org-good")
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("label:", "lable:"), encoding="utf-8")
    before = all_quads(store)
    result = runner.invoke(app, ["--store", str(store), "load", "--no-reason", str(good), str(bad)],
                           env={"COLUMNS": "400"})
    assert result.exit_code == 1 and "bad.yaml:3: field 'lable'" in result.output
    assert all_quads(store) == before


def test_build_and_load_keep_the_rights_data_of_the_version_they_write(tmp_path: Path) -> None:
    """The next process reads the compiled rights data instead of the store (issue 13)."""
    from alliancekg.graph.rights.cache import CACHE_DIR
    from alliancekg.graph.store import store_version

    store = tmp_path / "store"
    assert runner.invoke(app, ["--store", str(store), "build", "--dump", str(write_dump(tmp_path / "a.nq", 10))]
                         ).exit_code == 0
    kept = sorted(p.name for p in (store / CACHE_DIR).iterdir())
    assert kept == [f"rights.facts-{store_version(store)}.pickle", f"rights.provisions-{store_version(store)}.pickle"]
    deal = Path(__file__).parents[3] / "data" / "deals" / "msft-openai-2025.yaml"
    result = runner.invoke(app, ["--store", str(store), "load", "--no-reason", str(deal)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (store / CACHE_DIR).iterdir()) == [
        f"rights.facts-{store_version(store)}.pickle", f"rights.provisions-{store_version(store)}.pickle"]
    assert kept[0] not in {p.name for p in (store / CACHE_DIR).iterdir()}


def kept_for_the_current_version(store: Path) -> bool:
    """Whether the rights data of the store's current version lies in its directory (and nothing older)."""
    from alliancekg.graph.rights.cache import CACHE_DIR
    from alliancekg.graph.store import store_version

    version = store_version(store)
    return sorted(p.name for p in (store / CACHE_DIR).iterdir()) == [
        f"rights.facts-{version}.pickle", f"rights.provisions-{version}.pickle"]


@pytest.mark.slow
def test_a_build_of_the_bundled_data_keeps_the_rights_data(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = runner.invoke(app, ["--store", str(store), "build", "--no-reason"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert kept_for_the_current_version(store)
