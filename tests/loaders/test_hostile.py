"""The hostile-input corpus (``tests/data/hostile/``): every bad file is refused with an error naming its
file, line and field, and leaves the store's quads exactly as they were; hostile-but-valid text is
stored verbatim as one literal and nothing else.  Hostile query parameters are rejected or bound."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.data import DEALS_DIR
from alliancekg.graph.build import build_store, existing_data, load_into, user_graph_name
from alliancekg.graph.quality.reasoning import java_available
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.bulk import bulk_build
from alliancekg.loaders.datasets import mapped_input
from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.rdffile import rdf_input
from alliancekg.loaders.registry import Input, ontology_input, yamlld_input
from alliancekg.loaders.tabular import MAPPINGS_DIR, MappingError, load_mapping
from alliancekg.ontology.namespaces import GRAPH

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"

#: file -> (a fragment of the first problem's message, its line, its field); None: not checked.
REJECTED: dict[str, tuple[str, int | None, str | None]] = {
    "yaml-malformed.yaml": ("malformed YAML", 6, None),
    "yaml-unknown-field.yaml": ("did you mean 'label'", 5, "lable"),
    "yaml-wrong-type-date.yaml": ("effective must be one date", 10, "effective"),
    "yaml-wrong-type-percent.yaml": ("percent must be a number", 7, "percent"),
    "yaml-percent-out-of-range.yaml": ("percent must be a number from 0 to 100", 7, "percent"),
    "yaml-dangling-reference.yaml": ("a stake needs one issuer organization", 6, "issuer"),
    "yaml-flow-valuation.yaml": ("a valuation or a price per unit is never the amount of a flow", 7, "amountKind"),
    "yaml-flow-unbound.yaml": ("a flow needs one bindingStatus", 3, "binding"),
    "yaml-start-condition-too-deep.yaml": ("a start condition combines dates, events and thresholds one level deep",
                                           3, "operands"),
    "yaml-observation-without-source.yaml": ("an observed fact needs the page it was taken from", 4, "sources"),
    "yaml-threshold-without-measure.yaml": ("a threshold condition needs one measure", 5, "measure"),
    "yaml-threshold-ends-provision.yaml": ("a threshold condition starts or vests a provision", 6, None),
    "yaml-flow-no-amount.yaml": ("a flow states exactly one of", 3, None),
    "yaml-duplicate-id.yaml": ("duplicate id (first defined at line 3)", 6, "id"),
    "yaml-duplicate-field.yaml": ("field given twice", 6, "label"),
    "yaml-relative-iri.yaml": ("relative or invalid IRI", 3, None),
    "yaml-iri-injection.yaml": ("not a valid IRI", 3, "id"),
    "yaml-not-a-mapping.yaml": ("must be a mapping", 1, None),
    "yaml-missing-context.yaml": ("missing '@context", 1, "@context"),
    "yaml-context-elsewhere.yaml": ("cannot read context", None, "@context"),
    "yaml-context-device.yaml": ("a context must be a .jsonld or .json file", None, "@context"),
    "yaml-type-not-an-iri.yaml": ("not a valid IRI: 'https://example.org/a b'", 4, "type"),
    "yaml-nested-graph.yaml": ("a nested graph is not supported", 6, "@graph"),
    "yaml-datetime-in-date.yaml": ("has a time or a time zone", 10, "effective"),
    "yaml-bad-language-tag.yaml": ("'not a tag!' is not a language tag", 5, "label"),
    "yaml-self-superseding.yaml": ("a node cannot supersede itself", 10, "supersedes"),
    "yaml-self-revoking.yaml": ("a node cannot revoke itself", 10, "revokes"),
    "yaml-hex-percent.yaml": ("percent must be a number", 7, "percent"),
    "yaml-too-many-nodes.yaml": ("more than the limit of 10,000 mappings", 10003, "graph"),
    "yaml-alias-bomb.yaml": ("aliases (*a) are not allowed", 3, "b"),
    "yaml-python-tag.yaml": ("python/object/apply:os.system is not allowed", 5, "label"),
    "yaml-deep-nesting.yaml": ("nested deeper than 64 levels", 5, "label"),
    "yaml-huge-literal.yaml": ("longer than the limit of 100,000", 5, "label"),
    "yaml-wrong-encoding.yaml": ("not UTF-8: byte 0xe9", 5, None),
    "yaml-utf16.yaml": ("not UTF-8", 1, None),
    "yaml-key-list.yaml": ("a field name must be plain text, not a list", 5, None),
    "yaml-key-mapping.yaml": ("a field name must be plain text, not a mapping", 5, None),
    "yaml-context-list.yaml": ("'@context' must be the path of one context file", 1, "@context"),
    "yaml-context-array-file.yaml": ("must hold one JSON object of term definitions, not an array", 1, "@context"),
    "yaml-context-string-file.yaml": ("must hold one JSON object of term definitions, not a string", 1, "@context"),
    "yaml-id-space.yaml": ("not a valid IRI: 'http://e.org/a b'", 3, "id"),
    "yaml-id-angle.yaml": ("not a valid IRI: 'urn:a> <urn:b'", 3, "id"),
    "yaml-type-space.yaml": ("not a valid IRI: 'http://e.org/a b'", 4, "type"),
    "yaml-field-space.yaml": ("this one is not a valid IRI", 6, "http://e.org/a b"),
    "yaml-field-angle.yaml": ("this one is not a valid IRI", 6, "urn:a> <urn:b"),
    "yaml-amount-exponent.yaml": ("a number of 401 digits is more than the limit of 30", 5, "amount"),
    "yaml-amount-digits.yaml": ("a number of 5,000 digits is more than the limit of 30", 5, "amount"),
    "yaml-amount-nan.yaml": ("'NaN' is not an xsd:decimal", 5, "amount"),
    "yaml-source-publisher-text.yaml": ("publisher 'example.org (Reuters)' is text: name a publisher node", 4,
                                        "publisher"),
    "yaml-source-published-nd.yaml": ("'n.d.' is not a publication date", 5, "published"),
    "yaml-source-dated-and-undated.yaml": ("either a publication date (published) or undated: true", 5, None),
    "csv-source-unreadable-date.csv": ("not a date the table uses", 2, "source_publisher_date"),
    "turtle-malformed.ttl": ("malformed Turtle", 6, None),
    "turtle-undeclared-prefix.ttl": ("prefix ent: has not been declared", 3, None),
    "turtle-relative-iri.ttl": ("No scheme found in an absolute IRI", 3, None),
    "turtle-bad-iri.ttl": ("Invalid IRI code point", 1, None),
    "turtle-named-graph.ttl": ("malformed Turtle", 1, None),
    "turtle-wrong-encoding.ttl": ("not UTF-8: byte 0xe9", 1, None),
    "turtle-huge-literal.ttl": ("longer than the limit of 100,000", 1, "http://www.w3.org/2000/01/rdf-schema#label"),
    "turtle-dangling-reference.ttl": ("a stake needs one issuer organization", 6, "akg:issuer"),
    "turtle-wrong-type.ttl": ("percent must be a number", 6, "akg:percent"),
    "turtle-self-superseding.ttl": ("a node cannot supersede itself", 8, "akg:supersedes"),
    "turtle-datetime-in-date.ttl": ("a date cannot hold a time or a time zone", 8,
                                    "https://w3id.org/alliance-kg/ontology#effectiveDate"),
    "csv-malformed.csv": ("a value is required", 2, "sources"),
    "csv-wrong-type.csv": ("'yesterday' does not match a date", 2, "date_announced"),
    "csv-bad-confidence.csv": ("'sky-high' does not match high, medium or low", 2, "confidence"),
    "csv-missing-column.csv": ("missing column 'status'", 2, "status"),
    "csv-wrong-encoding.csv": ("not UTF-8: byte 0xe9", 2, None),
    "csv-huge-cell.csv": ("field larger than field limit", None, None),
    "csv-duplicate-header.csv": ("'status' is given twice", 1, "status"),
    "csv-too-many-rows.csv": ("more than the limit of 50,000 rows per file", 50002, None),
    "csv-catastrophic-pattern.csv": ("ran longer than 2 s on this value of 65 characters", 2, "code"),
    "csv-backtracking-cells.csv": ("is not written as 'Name (role; role)'", 2, "parties_roles"),
    "json-duplicate-key.json": ("'jurisdiction' is given twice", 11, "jurisdiction"),
    "json-malformed.json": ("cannot parse JSON", None, None),
    "json-wrong-type.json": ("does not match a 20-character LEI", 3, "attributes.lei"),
    "json-deep-nesting.json": ("nested too deeply", None, None),
    "json-huge-value.json": ("longer than the limit of 100,000", 1, "attributes.entity.legalName.name"),
    "json-not-rows.json": ("no list of rows", None, None),
}

#: Hostile text in otherwise valid files: stored verbatim, one literal, nothing injected.
ACCEPTED: dict[str, str] = {
    "yaml-injection-label.yaml": 'Lab" } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
    "yaml-yaml11-norway.yaml": "NO",  # YAML 1.1 would read a false
    "yaml-yaml11-yes.yaml": "yes",  # YAML 1.1 would read a true
    "turtle-injection-literal.ttl": 'Lab" } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } # ',
    "csv-formula-injection.csv": '=HYPERLINK("http://127.0.0.1/x","click")',
    "yaml-file name.yaml": 'Lab" } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
    "yaml-file>name.yaml": 'Lab" } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
}

OTHER_FILES = {"README.md", "parameters.txt", "nquads-malformed.nq", "mapping-bad-regex.yaml",
               "context-array.jsonld", "context-string.jsonld",
               "csv-catastrophic-pattern.mapping.yaml"}
#: SPARQL queries for the server's limits, exercised by tests/server/test_limits.py.
SERVER_LIMIT_QUERIES = {"query-string-doubling.rq", "query-cross-product.rq", "query-nested-parentheses.rq",
                        "query-huge-value.rq"}
#: Writes through the service, exercised by tests/server/test_write_checks.py.
OTHER_FILES |= {"update-percent-out-of-range.rq", "update-organization-as-agreement.rq",
                "gsp-percent-out-of-range.ttl", "gsp-organization-as-asset.ttl"}
#: Hostile text on its way out (formulas, control characters), exercised by tests/alliancekg/test_output.py.
OTHER_FILES |= {"yaml-formula-labels.yaml", "yaml-control-characters.yaml", "csv-control-characters.csv",
                "nquads-control-characters.nq"}
#: Size limits (field names, decimal parameters), exercised by tests/loaders/test_limits.py.
OTHER_FILES |= {"yaml-huge-field-name.yaml", "parameters-decimal.txt"}
#: URLs carrying credentials, exercised by tests/server/test_url_tokens.py.
OTHER_FILES |= {"urls-with-credentials.txt"}
#: Scenario observations, exercised by tests/queries/test_vesting.py.
OTHER_FILES |= {"observations.tsv"}
#: SERVICE, LOAD and USING hidden from a tokenizer, exercised by tests/graph/sparql/test_guard.py.
OTHER_FILES |= {p.name for p in CORPUS.glob("sparql-*")}
#: A malformed query (tests/graph/sparql/test_messages.py, tests/server/test_app.py and test_web.py), values
#: that look like result rows (tests/server/test_operations.py), page names (tests/server/test_pages.py) and
#: holder values crafted against the rights queries (tests/graph/rights/test_fetching.py).
OTHER_FILES |= {"query-malformed-term.rq", "results-values-like-rows.nt", "page-names.txt",
                "rights-scope-holders.txt"}
#: Damaged and foreign files where the rights engine keeps its data (tests/graph/rights/test_cache.py).
OTHER_FILES |= {p.name for p in CORPUS.glob("rights-cache-*")}
#: Organization names crafted against the bound name lookups (tests/graph/rights/test_evaluation.py).
OTHER_FILES |= {"rights-holder-names.txt"}
#: Markup and control characters in a view's values (tests/graph/network/exports/test_graphml.py).
OTHER_FILES |= {"graphml-markup-values.json"}


def inputs_for(path: Path, store: OxigraphStore) -> list[Input]:
    """The loader of the corpus file, as ``alliancekg load`` would use it."""
    if path.suffix == ".yaml" and not path.name.endswith(".mapping.yaml"):
        return [yamlld_input(path, name=user_graph_name(path))]
    if path.suffix == ".ttl":
        return [rdf_input(path)]
    mapping = MAPPINGS_DIR / ("alliances.yaml" if path.suffix == ".csv" else "gleif-lei-records.yaml")
    if path.with_suffix(".mapping.yaml").exists():  # a file with a hostile mapping of its own
        mapping = path.with_suffix(".mapping.yaml")
    return [mapped_input(path, mapping, existing_data(store, set()))]


def quads(path: Path) -> list[str]:
    """Every quad of the store at ``path``, in N-Quads, sorted."""
    with OxigraphStore(path, read_only=True) as store:
        return sorted(str(quad) for quad in store.oxigraph)


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store (ontology and the Microsoft–OpenAI deal) that the corpus is loaded against."""
    path = tmp_path_factory.mktemp("hostile") / "store"
    build_store(path, [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml")], reason=False)
    return path


def test_every_corpus_file_has_an_expectation() -> None:
    assert {p.name for p in CORPUS.iterdir()} == set(REJECTED) | set(ACCEPTED) | OTHER_FILES | SERVER_LIMIT_QUERIES


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_bad_input_is_refused_clearly_and_changes_nothing(base_store: Path, name: str) -> None:
    fragment, line, field = REJECTED[name]
    before = quads(base_store)
    with OxigraphStore(base_store) as store, pytest.raises(LoadError) as caught:
        load_into(store, inputs_for(CORPUS / name, store), reason=False)
    problem = caught.value.problems[0]
    assert Path(problem.file).name == name
    assert fragment in problem.message, problem
    if line is not None:
        assert problem.line == line, problem
    if field is not None:
        assert problem.field == field, problem
    assert len(str(caught.value)) < 20_000  # a message, not a dump of the input
    assert quads(base_store) == before


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_hostile_text_is_stored_verbatim_and_injects_nothing(base_store: Path, tmp_path: Path, name: str) -> None:
    copy = tmp_path / "store"
    shutil.copytree(base_store, copy)
    before = quads(copy)
    with OxigraphStore(copy) as store:
        report = load_into(store, inputs_for(CORPUS / name, store), reason=False)
        (graph,) = report.graphs
        rows = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": GRAPH[graph.rsplit("/graph/")[1]]})
        assert any(str(row["o"]) == ACCEPTED[name] for row in rows.rows)
        assert not store.query("ASK { GRAPH ?g { <urn:x> ?p ?o } }").boolean
    after = quads(copy)
    assert set(before) <= set(after)  # nothing else was touched
    assert all(f"<{graph}>" in quad for quad in set(after) - set(before))


def test_cli_load_reports_file_line_and_field_and_writes_nothing(base_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(base_store, copy)
    before = quads(copy)
    runner = CliRunner()
    result = runner.invoke(app, ["--store", str(copy), "load", "--no-reason",
                                 str(CORPUS / "yaml-dangling-reference.yaml")])
    assert result.exit_code == 1
    assert "nothing was written" in result.output and "yaml-dangling-reference.yaml:6" in result.output
    assert "field 'issuer'" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["--store", str(copy), "load", "--no-reason", "--mapping",
                                 str(MAPPINGS_DIR / "alliances.yaml"), str(CORPUS / "csv-wrong-type.csv")])
    assert result.exit_code == 1 and "csv-wrong-type.csv:2:2" in result.output
    assert quads(copy) == before


@pytest.mark.parametrize("name", ["yaml-key-list.yaml", "yaml-context-string-file.yaml", "yaml-field-space.yaml",
                                  "yaml-wrong-type-date.yaml"])
def test_cli_prints_only_the_clean_error(base_store: Path, tmp_path: Path, name: str) -> None:
    # Regression: these printed a Python traceback (or rdflib's logged one before the clean error).
    copy = tmp_path / "store"
    shutil.copytree(base_store, copy)
    before = quads(copy)
    result = subprocess.run([sys.executable, "-m", "alliancekg", "--store", str(copy), "load", "--no-reason",
                             str(CORPUS / name)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "COLUMNS": "400"})
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0].startswith("error: nothing was written"), result.stderr
    fragment, line, _ = REJECTED[name]
    assert f"{name}:{line}" in result.stderr and fragment in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert quads(copy) == before


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
@pytest.mark.parametrize("name", ["yaml-amount-exponent.yaml", "yaml-amount-digits.yaml"])
def test_numbers_the_reasoner_cannot_read_are_refused_before_it(base_store: Path, name: str) -> None:
    # Regression: HermiT failed with a Java exception naming no file or field.
    before = quads(base_store)
    with OxigraphStore(base_store) as store, pytest.raises(LoadError) as caught:
        load_into(store, inputs_for(CORPUS / name, store), reason=True)
    (problem,) = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.field) == (name, 5, "amount")
    assert quads(base_store) == before


def test_a_bad_regex_in_a_mapping_is_named_when_the_mapping_is_read(base_store: Path, tmp_path: Path) -> None:
    # Regression: the pattern was compiled only when a row was checked, and re.error escaped.
    mapping = CORPUS / "mapping-bad-regex.yaml"
    with pytest.raises(MappingError, match=r"mapping-bad-regex\.yaml:5: field 'pattern': not a valid regular"):
        load_mapping(mapping)
    copy = tmp_path / "store"
    shutil.copytree(base_store, copy)
    before = quads(copy)
    result = CliRunner().invoke(app, ["--store", str(copy), "load", "--no-reason", "--mapping", str(mapping),
                                      str(CORPUS / "csv-formula-injection.csv")], env={"COLUMNS": "400"})
    assert result.exit_code == 2, result.output
    assert "mapping-bad-regex.yaml:5: field 'pattern'" in result.output
    assert quads(copy) == before


def test_malformed_bulk_file_leaves_the_store_as_it_was(base_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "stores" / "store"
    shutil.copytree(base_store, copy)
    before = quads(copy)
    with pytest.raises(SyntaxError, match="line 3"):  # where the parser notices the missing dot
        bulk_build(copy, [CORPUS / "nquads-malformed.nq"], threads=1)
    assert quads(copy) == before
    assert [p.name for p in copy.parent.iterdir()] == ["store"]


def hostile_parameters() -> list[str]:
    lines = (CORPUS / "parameters.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


@pytest.mark.parametrize("value", hostile_parameters())
def test_hostile_parameters_are_rejected_or_bound(base_store: Path, value: str) -> None:
    before = quads(base_store)
    result = CliRunner().invoke(app, ["--store", str(base_store), "query", "equity-stake", "--param",
                                      f"owner={value}", "--format", "json"])
    if result.exit_code == 0:
        assert json.loads(result.output) == []  # bound as one IRI that owns nothing
    else:
        assert result.exit_code == 2 and "owner" in result.output and "Traceback" not in result.output
    assert quads(base_store) == before
