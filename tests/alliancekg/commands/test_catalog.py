"""The ``alliancekg`` command line: build, queries, query (with bound parameters and formats)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancekg.app import OutputFormat
from alliancekg.cli import app
from alliancekg.commands.catalog import print_result
from alliancekg.graph.store import OxigraphStore
from alliancekg.queries.catalog import CatalogQuery, load_catalog
from alliancekg.queries.run import sort_lists

runner = CliRunner()


def test_queries_lists_the_catalog() -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    assert "equity-stake" in result.output


def test_queries_as_json_for_scripts() -> None:
    result = runner.invoke(app, ["queries", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    catalog = load_catalog()
    assert [q["name"] for q in listed] == list(catalog)
    assert all(set(q) == {"name", "title", "description", "group", "parameters"} for q in listed)
    stake = next(q for q in listed if q["name"] == "equity-stake")
    assert stake["title"] == catalog["equity-stake"].title and stake["group"] == catalog["equity-stake"].group
    assert stake["parameters"] == [{"name": p.name, "type": p.kind, "default": p.default,
                                    "description": p.description, "optional": False}
                                   for p in catalog["equity-stake"].parameters]
    rights = next(q for q in listed if q["name"] == "rights-at")
    assert [p["name"] for p in rights["parameters"] if p["optional"]] == ["holder"]


def test_queries_as_csv_one_row_per_query() -> None:
    result = runner.invoke(app, ["queries", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    catalog = load_catalog()
    assert [row["name"] for row in rows] == list(catalog)
    assert list(rows[0]) == ["name", "title", "description", "group", "parameters"]
    for row in rows:
        query = catalog[row["name"]]
        assert (row["title"], row["description"], row["group"]) == (query.title, query.description, query.group)
        assert [part.split(":")[0] for part in filter(None, row["parameters"].split(", "))] == [
            p.name for p in query.parameters]
    assert next(row for row in rows if row["name"] == "equity-stake")["parameters"] == (
        "owner:iri=ent:microsoft, issuer:iri=ent:openai-group-pbc")
    assert next(row for row in rows if row["name"] == "rights-at")["parameters"].endswith(", holder:iri?")
    unknown = runner.invoke(app, ["queries", "--format", "xml"])
    assert unknown.exit_code == 2 and "xml" in unknown.output


def test_query_formats(built_store_path: Path) -> None:
    base = ["--store", str(built_store_path), "query", "equity-stake"]
    as_json = runner.invoke(app, [*base, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)[0]["percent"] == 27
    as_csv = runner.invoke(app, [*base, "--format", "csv"])
    assert next(csv.DictReader(io.StringIO(as_csv.output)))["percent"] == "27"
    as_tsv = runner.invoke(app, [*base, "--format", "tsv"])
    assert as_tsv.output.splitlines()[0].split("\t")[0] == "owner"
    as_table = runner.invoke(app, base, env={"COLUMNS": "400"})
    assert "27" in as_table.output and "ent:microsoft" in as_table.output


def test_query_with_param_and_sparql_text(built_store_path: Path) -> None:
    result = runner.invoke(app, ["--store", str(built_store_path), "query", "equity-stake", "--param",
                                 "owner=ent:openai-foundation", "-f", "json"])
    assert json.loads(result.output)[0]["percent"] == 26
    result = runner.invoke(app, ["--store", str(built_store_path), "query", "--sparql",
                                 "SELECT (COUNT(*) AS ?n) WHERE { ?s a akg:Agreement }", "-f", "csv"])
    assert result.exit_code == 0 and int(result.output.splitlines()[1]) >= 5


def test_query_from_rq_file(built_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# title: mine\n# param: who iri = ent:microsoft\nSELECT ?who ?l WHERE { ?who rdfs:label ?l }\n")
    result = runner.invoke(app, ["--store", str(built_store_path), "query", str(path), "-f", "csv"])
    assert result.exit_code == 0 and "Microsoft" in result.output


def test_bad_input_gets_clear_errors(built_store_path: Path) -> None:
    store = ["--store", str(built_store_path)]
    unknown = runner.invoke(app, [*store, "query", "no-such-query"])
    assert unknown.exit_code == 2 and "no catalog query" in unknown.output
    bad_param = runner.invoke(app, [*store, "query", "equity-stake", "--param", "owner=not an iri"])
    assert bad_param.exit_code == 2 and "owner" in bad_param.output
    bad_syntax = runner.invoke(app, [*store, "query", "--sparql", "SELEC nothing"])
    assert bad_syntax.exit_code == 2 and "query failed" in bad_syntax.output


def test_a_store_that_cannot_be_opened_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    """Regression: a missing store directory, or a file given as the store, ended in a StoreError traceback."""
    not_a_directory = tmp_path / "a-file"
    not_a_directory.write_text("not a store\n", encoding="utf-8")
    for store in (tmp_path / "missing", not_a_directory):
        result = runner.invoke(app, ["--store", str(store), "query", "equity-stake", "--format", "csv"])
        assert result.exit_code == 2, result.output
        assert "error: cannot open the store at" in result.output and str(store) in result.output
    assert not (tmp_path / "missing").exists()
    assert not_a_directory.read_text(encoding="utf-8") == "not a store\n"


def test_build_then_load_reports_problems(tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = runner.invoke(app, ["--store", str(store), "build", "--no-reason"])
    assert built.exit_code == 0, built.output
    assert "all shapes conform" in built.output
    bad = tmp_path / "bad.yaml"
    bad.write_text('"@context": ../nowhere.jsonld\ngraph: []\n')
    loaded = runner.invoke(app, ["--store", str(store), "load", str(bad)])
    assert loaded.exit_code == 1 and "nothing was written" in loaded.output and "bad.yaml" in loaded.output


def test_query_sorts_the_items_of_list_columns(built_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "listed.rq"
    path.write_text('# title: listed\n# list: letters\nSELECT (GROUP_CONCAT(?x; separator=" | ") AS ?letters) '
                    'WHERE { VALUES ?x { "b" "a" "c" } }\n')
    result = runner.invoke(app, ["--store", str(built_store_path), "query", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "a | b | c" in result.output and "b | a | c" not in result.output


#: Terms of every kind, in lexical forms rdflib keeps and in forms it rewrites (``01``, ``.5``, ``1``).
ODD_TERMS_QUERY = """SELECT ?v WHERE { VALUES ?v {
  <urn:x> "plain" "chat"@fr "27"^^xsd:decimal "27.50"^^xsd:decimal ".5"^^xsd:decimal "-0"^^xsd:decimal
  "12"^^xsd:integer "01"^^xsd:integer "true"^^xsd:boolean "1"^^xsd:boolean "2025-10-28"^^xsd:date
  "2025-10-28Z"^^xsd:date "2025-02-30"^^xsd:date "1e3"^^xsd:double "2025-10-28T10:00:00"^^xsd:dateTime
  "x"^^<urn:unknown-type> } }"""


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
@pytest.mark.parametrize("name", ["equity-stake", "money-flows", "organization-stakes", ODD_TERMS_QUERY])
def test_query_prints_exactly_what_the_rdflib_answer_prints(built_store_path: Path, name: str, fmt: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    # `alliancekg query` converts the embedded store's answer without rdflib (terms.to_plain):
    # its output must be the very text that the answer in rdflib terms gives.
    sparql = name.startswith("SELECT")
    query = (CatalogQuery(name="sparql", title="ad-hoc query", description="", text=name) if sparql
             else load_catalog()[name])
    with OxigraphStore(built_store_path, read_only=True) as store:
        expected_result = sort_lists(store.query(query.text, query.bindings()), query.lists)
    capsys.readouterr()
    print_result(expected_result, OutputFormat(fmt), title=query.title if fmt == "table" else None)
    expected = capsys.readouterr().out
    args = ["--sparql", name] if sparql else [name]
    result = runner.invoke(app, ["--store", str(built_store_path), "query", *args, "-f", fmt])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected
