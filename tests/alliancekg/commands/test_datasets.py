"""The CLI of issue 6: load --mapping, link names, datasets list and epoch-check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.graph.store import OxigraphStore
from alliancekg.loaders.tabular import MAPPINGS_DIR
from alliancekg.ontology.namespaces import AGR, AKG, ENT
from tests.alliancekg.commands.test_build import kept_for_the_current_version

runner = CliRunner()
ALLIANCES_MAPPING = str(MAPPINGS_DIR / "alliances.yaml")
HEADER = ("deal_id,date_announced,date_basis,parties_roles,deal_type,amount,capacity,key_terms,status,sources,"
          "source_publisher_date,confidence,notes\n")
ROW = ("nvidia-acme-2026-05,2026-05-04,stated,Nvidia (investor) | Acme Robotics (investee),equity_investment,"
       "up to 2000000000 USD,,Nvidia invests in Acme.,announced,https://example.com/acme,\"example.com, 2026-05-04\","
       "medium,\n")


def test_an_analyst_loads_a_csv_with_a_mapping_twice(writable_store: Path, tmp_path: Path) -> None:
    deals = tmp_path / "my-deals.csv"
    deals.write_text(HEADER + ROW, encoding="utf-8")
    args = ["--store", str(writable_store), "load", str(deals), "--mapping", ALLIANCES_MAPPING, "--no-reason"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    with OxigraphStore(writable_store) as store:
        total = store.triple_count()
        assert store.query("ASK { ?d akg:party ent:nvidia ; akg:hasPartyRole ?r . ?r akg:roleType akg:InvestorRole }",
                           {"d": AGR["nvidia-acme-2026-05"]}).boolean
    assert kept_for_the_current_version(writable_store)  # the rights data of what was loaded
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    with OxigraphStore(writable_store) as store:
        assert store.triple_count() == total


def test_a_bad_row_is_refused_with_file_line_and_column(writable_store: Path, tmp_path: Path) -> None:
    deals = tmp_path / "bad.csv"
    deals.write_text(HEADER + ROW + ROW.replace("nvidia-acme-2026-05", "x-2026").replace("2026-05-04,", "4 May,", 1),
                     encoding="utf-8")
    with OxigraphStore(writable_store) as store:
        before = store.triple_count()
    result = runner.invoke(app, ["--store", str(writable_store), "load", str(deals), "--mapping", ALLIANCES_MAPPING])
    assert result.exit_code == 1
    assert f"{deals}:3:2: x-2026: field 'date_announced'" in result.output.replace("\n", "")
    with OxigraphStore(writable_store) as store:
        assert store.triple_count() == before


def test_reloading_a_bundled_csv_as_a_user_file_adds_nothing(writable_store: Path) -> None:
    from alliancekg.data import DATA_DIR

    with OxigraphStore(writable_store) as store:
        before = len(set(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples))
    result = runner.invoke(app, ["--store", str(writable_store), "load", str(DATA_DIR / "alliances" / "alliances.csv"),
                                 "--mapping", ALLIANCES_MAPPING, "--no-reason"])
    assert result.exit_code == 0, result.output
    with OxigraphStore(writable_store) as store:
        after = len(set(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples))
        assert after == before


def test_json_rows_with_a_json_mapping(writable_store: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "json-deals.yaml"
    mapping.write_text("""
mapping: json-deals
format: json
rows: deals
key: id
columns: {id: {required: true}, day: {required: true, pattern: "\\\\d{4}-\\\\d{2}-\\\\d{2}"}}
provenance: {column: source}
nodes:
- id: "agr:{id}"
  types: [akg:Agreement]
  sources: true
  properties:
    rdfs:label: title
    akg:announcedDate: {column: day, parse: date}
    akg:party: {column: parties, split: " | ", parse: org}
    akg:status: {value: "akg:Announced", parse: curie}
""", encoding="utf-8")
    data = tmp_path / "deals.json"
    data.write_text(json.dumps({"deals": [{"id": "json-deal-1", "title": "A JSON deal", "day": "2026-01-02",
                                           "parties": ["Microsoft", "Acme Robotics"],
                                           "source": "https://example.com/json"}]}, indent=2), encoding="utf-8")
    result = runner.invoke(app, ["--store", str(writable_store), "load", str(data), "--mapping", str(mapping),
                                 "--no-reason"])
    assert result.exit_code == 0, result.output
    with OxigraphStore(writable_store) as store:
        parties = store.query("SELECT ?p WHERE { agr:json-deal-1 akg:party ?p }").values("p")
        assert ENT.microsoft in parties and len(parties) == 2
        assert store.query("ASK { agr:json-deal-1 a akg:Agreement }").boolean


@pytest.mark.server
def test_link_wikidata_keeps_the_rights_data_of_what_it_wrote(writable_store: Path, wikidata_endpoint: str) -> None:
    from alliancekg.graph.store import store_version

    before = store_version(writable_store)
    result = runner.invoke(app, ["--store", str(writable_store), "link", "wikidata", "--endpoint", wikidata_endpoint,
                                 "--no-reason"])
    assert result.exit_code == 0, result.output
    assert store_version(writable_store) != before and kept_for_the_current_version(writable_store)


def test_link_names_and_dataset_reports() -> None:
    names = runner.invoke(app, ["link", "names"])
    assert names.exit_code == 0, names.output
    assert "Google/Alphabet" in names.output and "2 ambiguous" in names.output
    listed = runner.invoke(app, ["datasets", "list"])
    assert listed.exit_code == 0 and "datasets/cuad" in listed.output
    checked = runner.invoke(app, ["datasets", "epoch-check"])
    assert checked.exit_code == 0 and "2 disagreement(s)" in checked.output
    assert str(AKG) not in checked.output
