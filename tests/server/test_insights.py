"""The analyst JSON endpoints: rights in force (same answers as the Python API) and their errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph
from typer.testing import CliRunner

from alliancekg.cli import app as cli
from alliancekg.graph.rights.evaluation import rights_at
from alliancekg.graph.rights.scenarios import ScenarioEvent
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology.namespaces import AKG, ODRL
from alliancekg.server.app import create_app


@pytest.fixture(scope="module")
def client(built_store_path: Path) -> TestClient:
    with TestClient(create_app(built_store_path, workers=1)) as test_client:
        yield test_client


def test_rights_endpoint_matches_the_python_api(client: TestClient, built_store_path: Path) -> None:
    response = client.get("/api/rights", params={"at": "2028-07-01", "event": "agi-verified@2028-06-30",
                                                  "termsAsOf": "2025-12-31"})
    assert response.status_code == 200, response.text
    served = {p["provision"]: p["state"] for p in response.json()["provisions"]}
    with OxigraphStore(built_store_path, read_only=True) as store:
        expected = {s.provision: s.state for s in rights_at(
            store, dt.date(2028, 7, 1), [ScenarioEvent(dt.date(2028, 6, 30), AKG.AGIVerified)],
            terms_as_of=dt.date(2025, 12, 31))}
    assert served == expected
    assert served["https://w3id.org/alliance-kg/id/prv/exclusive-ip-until-agi"] == "ended"


def test_choices_offer_event_types_and_holders(client: TestClient) -> None:
    choices = client.get("/api/rights/choices").json()
    assert {"value": "agi-verified", "label": "AGI verified"} in choices["eventTypes"]
    assert any(h["label"] == "Microsoft" for h in choices["holders"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"at": "2028-02-30"}, "not a valid date"),
        ({"at": "2028-01-01", "event": "agi-reached@2028-01-01"}, "valid: agi-declared, "),
        ({"at": "2028-01-01", "termsAsOf": "soon"}, "not a valid date"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem(client: TestClient, params: dict, message: str) -> None:
    response = client.get("/api/rights", params=params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize(("view", "fmt", "media"), [("money", "graphml", "xml"), ("rights", "cytoscape", "json"),
                                                    ("ownership", "gexf", "xml")])
def test_export_downloads(client: TestClient, view: str, fmt: str, media: str) -> None:
    response = client.get("/api/export", params={"view": view, "format": fmt})
    assert response.status_code == 200, response.text
    assert media in response.headers["content-type"]
    assert f"alliance-kg-{view}." in response.headers["content-disposition"]
    assert len(response.content) > 200


def test_export_rejects_unknown_view_and_format(client: TestClient) -> None:
    assert client.get("/api/export", params={"view": "nope", "format": "graphml"}).status_code == 400
    assert client.get("/api/export", params={"view": "money", "format": "docx"}).status_code == 400


def test_export_draws_alliance_agreements_as_nodes_when_asked(client: TestClient) -> None:
    response = client.get("/api/export", params={"view": "alliance", "format": "node-link",
                                                 "agreementNodes": "multi-party"})
    assert response.status_code == 200, response.text
    kinds = [node.get("kind") for node in response.json()["nodes"]]
    assert "Agreement" in kinds
    plain = client.get("/api/export", params={"view": "alliance", "format": "node-link"}).json()
    assert "Agreement" not in [node.get("kind") for node in plain["nodes"]]
    unknown = client.get("/api/export", params={"view": "alliance", "format": "svg", "agreementNodes": "star"})
    assert unknown.status_code == 400 and "'agreementNodes' parameter is 'star'" in unknown.json()["detail"]
    other = client.get("/api/export", params={"view": "money", "format": "svg", "agreementNodes": "all"})
    assert other.status_code == 400 and "option of the alliance view" in other.json()["detail"]


@pytest.mark.parametrize(("fmt", "rdf_format", "extension"), [("odrl", "turtle", ".ttl"),
                                                            ("odrl-jsonld", "json-ld", ".jsonld")])
def test_export_offers_the_agreements_as_odrl(client: TestClient, fmt: str, rdf_format: str, extension: str) -> None:
    response = client.get("/api/export", params={"view": "all", "format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == f'attachment; filename="alliance-kg-all{extension}"'
    policies = Graph().parse(data=response.content, format=rdf_format)
    assert len(set(policies.subjects(RDF.type, ODRL.Agreement))) > 1
    other_view = client.get("/api/export", params={"view": "money", "format": fmt})
    assert other_view.status_code == 400 and "valid: all" in other_view.json()["detail"]


@pytest.mark.parametrize(("view", "fmt"), [("all", "odrl"), ("money", "graphml"), ("alliance", "turtle"),
                                           ("ownership", "cytoscape")])
def test_export_answers_the_bytes_the_cli_writes(client: TestClient, built_store_path: Path, tmp_path: Path,
                                                 view: str, fmt: str) -> None:
    target = tmp_path / "export"
    result = CliRunner().invoke(cli, ["--store", str(built_store_path), "export", "--view", view, "--format", fmt,
                                      "--output", str(target)])
    assert result.exit_code == 0, result.output
    response = client.get("/api/export", params={"view": view, "format": fmt})
    assert response.status_code == 200, response.text
    assert response.content == target.read_bytes()


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated alliance network of 50,000 quads: its rights and exports take seconds, not milliseconds."""
    from alliancekg.graph.store.bulk import bulk_build
    from benchmarks.generator import generate

    folder = tmp_path_factory.mktemp("generated")
    generate(folder / "network.nq", 50_000, seed=3)
    bulk_build(folder / "store", [folder / "network.nq"])
    return folder / "store"


@pytest.mark.server
@pytest.mark.parametrize(("path", "params"), [
    ("/api/rights", {"at": "2028-01-01"}),
    ("/api/export", {"view": "all", "format": "turtle"}),
    ("/api/export", {"view": "money", "format": "graphml"}),
])
def test_rights_and_exports_are_stopped_by_the_query_timeout(generated_store: Path, serve_app, path: str,
                                                             params: dict) -> None:
    url = serve_app(create_app(generated_store, workers=1, query_timeout=0.2, queue_timeout=60))
    response = httpx.get(url + path, params=params, timeout=60)
    assert response.status_code == 504, response.text[:200]
    assert "--query-timeout" in response.json()["detail"]
    # The worker that ran it was replaced: the pool answers again.
    assert httpx.post(f"{url}/sparql", data={"query": "ASK {}"}, timeout=60).status_code == 200


def test_rights_and_exports_are_held_to_max_results(built_store_path: Path) -> None:
    with TestClient(create_app(built_store_path, workers=1, max_results=3)) as small:
        answers = [small.get("/api/rights", params={"at": "2028-07-01"}),
                   small.get("/api/export", params={"view": "all", "format": "turtle"}),
                   small.get("/api/export", params={"view": "money", "format": "graphml"})]
    assert [a.status_code for a in answers] == [422, 422, 422]
    assert all("--max-results" in a.json()["detail"] for a in answers)
