"""The generic mapping engine: rows, line numbers, parsers, errors with file/line/column, fill mode."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from alliancekg.loaders.errors import LoadError
from alliancekg.loaders.linking import NameIndex, Resolver
from alliancekg.loaders.tabular import (
    MAPPINGS_DIR,
    MAX_FOREACH,
    MAX_PROBLEMS,
    MappingError,
    load_mapping,
    map_file,
    read_csv_rows,
    read_json_rows,
)
from alliancekg.ontology.namespaces import AGR, AKG, ENT

CORPUS = Path(__file__).resolve().parents[2] / "data" / "hostile"
HEADER = ("deal_id,date_announced,date_basis,parties_roles,deal_type,amount,capacity,key_terms,status,sources,"
          "source_publisher_date,confidence,notes\n")
GOOD = ('acme-beta-2025,2025-03,month only,Acme (investor) | Beta Labs (investee; buyer),equity_investment,'
        '"up to 5000000000 USD | ~2000000000 EUR reported",up to 2 GW; 500 MW,"Acme invests,\nacross two lines",'
        'announced,https://example.com/a | https://example.com/b,"example.com, 2025-03 | b.example, n.d.",high,\n')


def line_of(path: Path, needle: str) -> int:
    """The first line of ``path`` holding ``needle``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def write(tmp_path: Path, body: str, name: str = "deals.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def alliances(path: Path, existing: Graph | None = None):
    return map_file(path, MAPPINGS_DIR / "alliances.yaml", existing=existing)


def test_csv_rows_know_the_line_they_start_on() -> None:
    rows = list(read_csv_rows('a,b\n1,"x\ny"\n2,z\n'))
    assert [(r.line, r.get("a")) for r in rows] == [(2, "1"), (4, "2")]
    assert rows[0].columns == {"a": 1, "b": 2}


def test_json_rows_flatten_nested_fields() -> None:
    text = json.dumps({"data": [{"id": "x1", "attributes": {"lei": "L1", "names": ["a", "b"]}}]}, indent=1)
    (row,) = read_json_rows(text, "data")
    assert row.get("attributes.lei") == "L1" and row.get("attributes.names") == "a | b" and row.line == 3


def test_a_row_becomes_an_agreement_with_roles_amounts_and_capacities(tmp_path: Path) -> None:
    result = alliances(write(tmp_path, GOOD))
    g, deal = result.graph, AGR["acme-beta-2025"]
    assert (deal, RDF.type, AKG.Agreement) in g
    assert g.value(deal, AKG.announcedMonth) == Literal("2025-03", datatype=XSD.gYearMonth)
    assert g.value(deal, AKG.status) == AKG.Announced
    assert set(g.objects(deal, AKG.party)) == {ENT.acme, ENT["beta-labs"]}
    role = URIRef("https://w3id.org/alliance-kg/id/rol/acme-beta-2025-beta-labs")
    assert set(g.objects(role, AKG.roleType)) == {AKG.InvesteeRole, AKG.BuyerRole}
    amounts = {(str(g.value(a, AKG.amount)), str(g.value(a, AKG.currency)), (a, AKG.isUpperBound, Literal(True)) in g,
                (a, AKG.isApproximate, Literal(True)) in g, (a, AKG.isReported, Literal(True)) in g)
               for a in g.objects(deal, AKG.monetaryValue)}
    assert amounts == {("5000000000", "USD", True, False, False), ("2000000000", "EUR", False, True, True)}
    capacities = {(str(g.value(q, AKG.amount)), str(g.value(q, AKG.unit))) for q in g.objects(deal, AKG.capacity)}
    assert capacities == {("2", "GW"), ("500", "MW")}
    assert g.value(URIRef("https://example.com/b"), AKG.publisher) == Literal("b.example")
    assert "\n" in str(g.value(deal, RDFS.comment))


@pytest.mark.parametrize(("body", "column", "message"), [
    (GOOD.replace("2025-03,", "March 2025,", 1), "date_announced", "does not match"),
    (GOOD.replace("equity_investment", "equity_invest"), "deal_type", "unknown value 'equity_invest'"),
    (GOOD.replace("https://example.com/a", "example.com/a"), "sources", "not an http(s) address"),
    (GOOD.replace(",high,", ",certain,"), "confidence", "does not match"),
    (GOOD.replace("Acme (investor)", "Acme investor"), "parties_roles", "Name (role; role)"),
])
def test_a_bad_row_is_reported_with_file_line_and_column(tmp_path: Path, body: str, column: str, message: str) -> None:
    path = write(tmp_path, GOOD.replace("acme-beta-2025", "first-ok") + body)
    with pytest.raises(LoadError) as caught:
        alliances(path)
    (problem,) = caught.value.problems
    number = HEADER.strip().split(",").index(column) + 1
    assert (problem.file, problem.line, problem.column, problem.field) == (str(path), 4, number, column)
    assert message in problem.message and problem.node == "acme-beta-2025"
    assert f"{path}:4:{number}:" in str(problem)


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="duplicate deal_id"):
        alliances(write(tmp_path, GOOD + GOOD))


def test_existing_nodes_only_get_what_they_lack(tmp_path: Path) -> None:
    existing = Graph()
    deal = AGR["acme-beta-2025"]
    existing.add((deal, RDF.type, AKG.Agreement))
    existing.add((deal, RDFS.label, Literal("Curated label")))
    existing.add((deal, AKG.status, AKG.Definitive))
    existing.add((ENT.acme, RDF.type, AKG.Organization))
    existing.add((ENT.acme, RDFS.label, Literal("ACME Corp.")))
    g = alliances(write(tmp_path, GOOD), existing).graph
    assert g.value(deal, RDFS.label) is None and g.value(deal, AKG.status) is None
    assert g.value(deal, AKG.confidence) == Literal("high")
    assert ENT.acme in set(g.objects(deal, AKG.party))  # "Acme" resolved to the existing "ACME Corp."


def test_mapping_files_are_checked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: xml\nnodes: []\n")
    with pytest.raises(MappingError, match="format"):
        load_mapping(bad)
    bad.write_text("format: csv\n")
    with pytest.raises(MappingError, match="nodes"):
        load_mapping(bad)


def test_one_resolver_shares_minted_organizations_between_files(tmp_path: Path) -> None:
    resolver = Resolver(NameIndex())
    one = map_file(write(tmp_path, GOOD, "one.csv"), MAPPINGS_DIR / "alliances.yaml", resolver=resolver)
    two = map_file(write(tmp_path, GOOD.replace("acme-beta-2025", "acme-beta-2026"), "two.csv"),
                   MAPPINGS_DIR / "alliances.yaml", resolver=resolver)
    minted = set(one.graph.subjects(RDF.type, AKG.Organization))
    assert minted == set(two.graph.objects(AGR["acme-beta-2026"], AKG.party))
    assert not set(two.graph.subjects(RDF.type, AKG.Organization))  # described once, in the first file


def test_mapping_files_are_read_as_yaml_12(tmp_path: Path) -> None:
    mapping = tmp_path / "countries.yaml"
    mapping.write_text(
        "format: csv\nkey: code\nnodes:\n"
        "- id: 'ent:country-{code|slug}'\n"
        "  properties:\n"
        "    akg:jurisdiction: {column: code, parse: lookup,\n"
        "                       map: {NO: 'akg:Norway', yes: 'akg:Yes', 0x10: 'akg:Hex'}}\n"
        "    rdfs:comment: {value: on}\n", encoding="utf-8")
    rows = write(tmp_path, "", "rows.csv")
    rows.write_text("code\nNO\nyes\n0x10\n", encoding="utf-8")
    graph = map_file(rows, mapping).graph
    assert graph.value(ENT["country-no"], AKG.jurisdiction) == AKG.Norway
    assert graph.value(ENT["country-yes"], AKG.jurisdiction) == AKG.Yes
    assert graph.value(ENT["country-0x10"], AKG.jurisdiction) == AKG.Hex
    assert graph.value(ENT["country-no"], RDFS.comment) == Literal("on")


def test_a_catastrophic_pattern_is_stopped_and_named_in_the_mapping(tmp_path: Path) -> None:
    mapping = CORPUS / "csv-catastrophic-pattern.mapping.yaml"
    with pytest.raises(LoadError) as caught:
        map_file(CORPUS / "csv-catastrophic-pattern.csv", mapping)
    data, pattern = caught.value.problems
    assert (Path(data.file).name, data.line, data.field) == ("csv-catastrophic-pattern.csv", 2, "code")
    assert (Path(pattern.file), pattern.line, pattern.field) == (mapping, line_of(mapping, "(a|aa)+"), "pattern")
    assert "backtracks catastrophically" in pattern.message


def test_an_invalid_pattern_is_named_in_the_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "bad-pattern.yaml"
    mapping.write_text((CORPUS / "csv-catastrophic-pattern.mapping.yaml").read_text().replace("(a|aa)+", "(a"))
    # Refused when the mapping is read, before any row is mapped.
    with pytest.raises(MappingError) as caught:
        map_file(CORPUS / "csv-catastrophic-pattern.csv", mapping)
    assert f"{mapping}:{line_of(mapping, '(a')}: field 'pattern': not a valid regular expression" in str(caught.value)


LONG_CELLS = """
import csv, io, pathlib, sys
from alliancekg.loaders.tabular import MAPPINGS_DIR, map_file
from alliancekg.ontology.namespaces import AGR, AKG
from rdflib.namespace import PROV, RDFS
pad = " " * 99_900
rows = io.StringIO()
csv.writer(rows).writerows([
    "deal_id,date_announced,date_basis,parties_roles,deal_type,amount,capacity,key_terms,status,sources,"
    "source_publisher_date,confidence,notes".split(","),
    ["long-2025", "2025-01-02", "stated", "Acme" + pad + "Labs (investor)", "equity_investment", "1 USD",
     "1 GW" + pad + "x; 2 GW", "", "announced", "https://example.org/a", "Example," + pad + "x, 2025-01-02", "high",
     ""]])
path = pathlib.Path(sys.argv[1])
path.write_text(rows.getvalue(), encoding="utf-8")
graph = map_file(path, MAPPINGS_DIR / "alliances.yaml").graph
deal = AGR["long-2025"]
print(sorted(str(graph.value(q, AKG.amount)) for q in graph.objects(deal, AKG.capacity)))
print(str(graph.value(deal, RDFS.label)).replace(pad, " "))
print([str(graph.value(s, AKG.publishedOn)) for s in graph.objects(deal, PROV.wasDerivedFrom)])
"""


def test_cells_of_100000_characters_map_in_linear_time(tmp_path: Path) -> None:
    """Regression: the capacity split, the party-name filter and the publisher parser backtracked quadratically
    on a long run of spaces not followed by what they look for (minutes for one cell).  The subprocess bound is
    a safety net, not a timing assertion."""
    done = subprocess.run([sys.executable, "-c", LONG_CELLS, str(tmp_path / "long.csv")], capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.splitlines() == ["['1', '2']", "Acme Labs: equity investment (2025-01-02)", "['2025-01-02']"]


def test_a_foreach_over_the_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    mapping = tmp_path / "big-foreach.yaml"
    items = "".join(f"  - {{n: '{i}'}}\n" for i in range(MAX_FOREACH + 1))
    mapping.write_text(f"format: csv\nnodes:\n- id: 'ent:x-{{item.n}}'\n  foreach:\n{items}", encoding="utf-8")
    with pytest.raises(MappingError, match=f"big-foreach.yaml:4: field 'foreach': {MAX_FOREACH + 1:,} items"):
        load_mapping(mapping)


def test_mapping_stops_at_the_problem_limit(tmp_path: Path) -> None:
    """Regression: every problem was compared with every earlier one (5,000 bad rows: 30,000 problems, 66 s)."""
    path = tmp_path / "bad.csv"
    path.write_text("deal_id\n" + "".join(f"d{i}\n" for i in range(1_000)), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        alliances(path)
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].line == 2 and problems[0].field == "date_announced"
    assert problems[-1].message.endswith(f"after {MAX_PROBLEMS} problems: fix these first")


def test_repeated_sources_count_once_and_keep_their_publisher_by_position(tmp_path: Path) -> None:
    """Behaviour kept when sources and their notes are split once per row (they were split once per address)."""
    urls = "https://a.org/1 | https://b.org/2 | https://a.org/1"
    body = GOOD.replace("https://example.com/a | https://example.com/b", urls).replace(
        '"example.com, 2025-03 | b.example, n.d."', '"A, 2025 | B, 2024 | C"')
    g = alliances(write(tmp_path, body)).graph
    deal = AGR["acme-beta-2025"]
    assert set(g.objects(deal, PROV.wasDerivedFrom)) == {URIRef("https://a.org/1"), URIRef("https://b.org/2")}
    assert g.value(URIRef("https://a.org/1"), AKG.publisher) == Literal("A")
    assert g.value(URIRef("https://b.org/2"), AKG.publishedOn) == Literal("2024")
