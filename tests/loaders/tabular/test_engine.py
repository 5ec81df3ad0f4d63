"""The generic mapping engine: rows, line numbers, parsers, errors with file/line/column, fill mode."""

from __future__ import annotations

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
    MAX_PROBLEMS,
    map_file,
)
from alliancekg.ontology.namespaces import AGR, AKG, ENT, PUB

HEADER = ("deal_id,date_announced,date_basis,parties_roles,deal_type,amount,capacity,key_terms,status,sources,"
          "source_publisher_date,confidence,notes\n")
GOOD = ('acme-beta-2025,2025-03,month only,Acme (investor) | Beta Labs (investee; buyer),equity_investment,'
        '"up to 5000000000 USD | ~2000000000 EUR reported",up to 2 GW; 500 MW,"Acme invests,\nacross two lines",'
        'announced,https://example.com/a | https://example.com/b,"example.com, 2025-03 | b.example, undated",high,\n')


def write(tmp_path: Path, body: str, name: str = "deals.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def alliances(path: Path, existing: Graph | None = None):
    return map_file(path, MAPPINGS_DIR / "alliances.yaml", existing=existing)


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
    assert g.value(URIRef("https://example.com/b"), AKG.publisher) == PUB["b.example"]
    assert g.value(URIRef("https://example.com/b"), AKG.undated) == Literal(True)
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


def test_one_resolver_shares_minted_organizations_between_files(tmp_path: Path) -> None:
    resolver = Resolver(NameIndex())
    one = map_file(write(tmp_path, GOOD, "one.csv"), MAPPINGS_DIR / "alliances.yaml", resolver=resolver)
    two = map_file(write(tmp_path, GOOD.replace("acme-beta-2025", "acme-beta-2026"), "two.csv"),
                   MAPPINGS_DIR / "alliances.yaml", resolver=resolver)
    minted = set(one.graph.subjects(RDF.type, AKG.Organization))
    assert minted == set(two.graph.objects(AGR["acme-beta-2026"], AKG.party))
    assert not set(two.graph.subjects(RDF.type, AKG.Organization))  # described once, in the first file


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
        '"example.com, 2025-03 | b.example, undated"', '"A, 2025 | B, 2024 | C, undated"')
    g = alliances(write(tmp_path, body)).graph
    deal = AGR["acme-beta-2025"]
    assert set(g.objects(deal, PROV.wasDerivedFrom)) == {URIRef("https://a.org/1"), URIRef("https://b.org/2")}
    assert g.value(g.value(URIRef("https://a.org/1"), AKG.publisher), RDFS.label) == Literal("A")
    assert g.value(URIRef("https://b.org/2"), AKG.publishedOn) == Literal("2024-01-01", datatype=XSD.date)
