"""Organizations and their groups: subsidiary facts, name resolution, and group-wide questions
(``link resolve``, ``rights --group``, ``/api/rights?group=true``, the ``group-deals`` query)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.graph.rights.evaluation import rights_at
from alliancekg.graph.rights.groups import group_members, resolve_name
from alliancekg.graph.rights.scenarios import ScenarioError
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology.namespaces import ENT
from alliancekg.queries.run import run_named
from alliancekg.server.app import create_app


@pytest.fixture(scope="module")
def full(built_store_path: Path) -> Iterator[OxigraphStore]:
    store = OxigraphStore(built_store_path, read_only=True)
    yield store
    store.close()


def test_google_and_softbank_corp_are_subsidiaries_with_sources(full: OxigraphStore) -> None:
    for child, parent in (("google", "alphabet"), ("softbank-corp", "softbank")):
        assert full.query("ASK { ?c akg:subsidiaryOf ?p }", {"c": ENT[child], "p": ENT[parent]}).boolean
        assert full.query("ASK { ?c prov:wasDerivedFrom ?s }", {"c": ENT[child]}).boolean
    # still separate nodes
    assert resolve_name(full, "Google").node != resolve_name(full, "Alphabet").node


@pytest.mark.parametrize(("name", "node", "how", "group"), [
    ("google", "google", "label", {"google", "alphabet"}),
    ("Alphabet Inc.", "alphabet", "alias", {"google", "alphabet"}),
    ("SoftBank", "softbank", "alias", {"softbank", "softbank-corp"}),
    ("ent:softbank-corp", "softbank-corp", "CURIE", {"softbank", "softbank-corp"}),
    ("Google Cloud", "google", "alias", {"google", "alphabet"}),
])
def test_name_resolution_says_which_node(full: OxigraphStore, name: str, node: str, how: str, group: set) -> None:
    found = resolve_name(full, name)
    assert found.node == str(ENT[node]) and found.matched_by == how
    assert {member for member, _ in found.group} == {str(ENT[m]) for m in group}


def test_unknown_name_is_a_clear_error(full: OxigraphStore) -> None:
    with pytest.raises(ScenarioError, match="no organization is named 'Alphabett'"):
        resolve_name(full, "Alphabett")


def test_link_resolve_command(built_store_path: Path) -> None:
    result = CliRunner().invoke(app, ["--store", str(built_store_path), "link", "resolve", "SoftBank Corp.",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["curie"] == "ent:softbank-corp" and data["matched_by"] == "label"
    assert {m["label"] for m in data["group"]} == {"SoftBank Corp.", "SoftBank Group"}
    bad = CliRunner().invoke(app, ["--store", str(built_store_path), "link", "resolve", "nobody-at-all"])
    assert bad.exit_code != 0 and "no organization is named" in bad.output


def test_group_members_follow_group_membership_and_control(full: OxigraphStore) -> None:
    labels = {label for _, label in group_members(full, str(ENT["openai-foundation"]))}
    assert {"OpenAI", "OpenAI Foundation", "OpenAI Group PBC"} <= labels
    assert "Microsoft" not in labels


def test_rights_group_wide(full: OxigraphStore, built_store_path: Path) -> None:
    at = dt.date(2026, 6, 1)
    alone = rights_at(full, at, holder=str(ENT["openai-foundation"]))
    wide = rights_at(full, at, holder=str(ENT["openai-foundation"]), group=True)
    assert {s.provision for s in alone} < {s.provision for s in wide}
    assert {s.holder for s in wide} >= {"OpenAI", "OpenAI Foundation"}
    result = CliRunner().invoke(app, ["--store", str(built_store_path), "rights", "--at", "2026-06-01",
                                      "--holder", "OpenAI Foundation", "--group", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {p["provision"] for p in json.loads(result.output)["provisions"]} == {s.provision for s in wide}
    with TestClient(create_app(built_store_path, workers=1)) as client:
        served = client.get("/api/rights", params={"at": "2026-06-01", "holder": "OpenAI Foundation", "group": "true"})
        assert served.status_code == 200, served.text
        assert {p["provision"] for p in served.json()["provisions"]} == {s.provision for s in wide}
        assert client.get("/api/rights", params={"at": "2026-06-01", "group": "true"}).status_code == 400


def test_group_deals_query_reaches_subsidiaries(full: OxigraphStore) -> None:
    google = {r["agreement"] for r in run_named(full, "organization-deals", {"org": "ent:google"}).python_rows()}
    rows = run_named(full, "group-deals", {"org": "ent:alphabet"}).python_rows()
    assert google and google <= {r["agreement"] for r in rows}
    assert {r["memberLabel"] for r in rows if r["agreement"] in google} == {"Google"}
    softbank = run_named(full, "group-deals", {"org": "ent:softbank-corp"}).python_rows()
    assert any(r["memberLabel"] == "SoftBank Group" for r in softbank)


def test_analysis_group_wide(full: OxigraphStore) -> None:
    from alliancekg.graph.network.analysis import AnalysisError, Options, analyze

    with pytest.raises(AnalysisError, match="not an organization of this view"):
        analyze(full, "dependency-chains", options=Options(org="OpenAI Foundation"))
    alone = analyze(full, "dependency-chains", options=Options(org="OpenAI"))
    wide = analyze(full, "dependency-chains", options=Options(org="OpenAI Foundation", group=True))
    assert alone.rows and [r["needs"] for r in wide.rows] == [r["needs"] for r in alone.rows]
    assert all(r["chain"].startswith("OpenAI Foundation (group) → ") for r in wide.rows if r["length"] == 1)
    with pytest.raises(AnalysisError, match="group needs an organization"):
        analyze(full, "dependency-chains", options=Options(group=True))


def test_analyze_command_group_option(built_store_path: Path) -> None:
    result = CliRunner().invoke(app, ["--store", str(built_store_path), "analyze", "dependency-chains",
                                      "--org", "OpenAI Foundation", "--group", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "OpenAI Foundation (group)" in json.loads(result.output)["title"]
