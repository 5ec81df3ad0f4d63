"""``alliancekg build --dump``: bulk builds from RDF dumps, swapped in whole or not at all."""

from __future__ import annotations

from pathlib import Path

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
