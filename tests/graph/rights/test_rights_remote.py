"""Rights in force against a real remote SPARQL server: the rights-at query (bound through a VALUES
row there) and the Python evaluator give the embedded store's answers under a stored scenario."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from alliancekg.data import DEALS_DIR
from alliancekg.graph.build import prepare, write_graphs
from alliancekg.graph.rights.evaluation import rights_at
from alliancekg.graph.rights.scenarios import ScenarioEvent, save_scenario, scenario_graph
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.remote import RemoteStore
from alliancekg.loaders.registry import ontology_input, yamlld_input
from alliancekg.ontology.namespaces import AKG
from alliancekg.queries.run import run_named

pytestmark = pytest.mark.server

EVENTS = [ScenarioEvent(dt.date(2027, 3, 1), AKG.AGIDeclared), ScenarioEvent(dt.date(2028, 6, 30), AKG.AGIVerified)]


def states(result_rows: list[dict]) -> dict[str, tuple]:
    return {r["provision"]: (r["state"], r["endDate"], r["endCause"]) for r in result_rows}


def test_remote_rights_match_the_embedded_store(oxigraph_server: str, tmp_path: Path) -> None:
    inputs = [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml"),
              yamlld_input(DEALS_DIR / "msft-openai-2026.yaml")]
    prepared = prepare(inputs, reason=False)
    remote = RemoteStore(f"{oxigraph_server}/query", update_endpoint=f"{oxigraph_server}/update",
                         gsp_endpoint=f"{oxigraph_server}/store")
    embedded = OxigraphStore()
    for store in (remote, embedded):
        write_graphs(store, prepared)
        save_scenario(store, "agi", EVENTS)
    for at in (dt.date(2026, 6, 1), dt.date(2027, 6, 1), dt.date(2028, 7, 1)):
        for terms in (None, "2025-12-31"):
            params = {"at": at.isoformat(), "scenario": str(scenario_graph("agi"))}
            if terms:
                params["termsAsOf"] = terms
            here = states(run_named(embedded, "rights-at", params).python_rows())
            there = states(run_named(remote, "rights-at", params).python_rows())
            assert there == here, (at, terms)
            assert any(state == "ended" for state, _, _ in here.values())
            python_remote = {s.provision: s.state for s in rights_at(remote, at, EVENTS)}
            python_here = {s.provision: s.state for s in rights_at(embedded, at, EVENTS)}
            assert python_remote == python_here
            for holder in ("microsoft", "openai", "nvidia"):  # nvidia holds nothing in these two files
                one = {**params, "holder": f"ent:{holder}"}
                held_here = states(run_named(embedded, "rights-at", one).python_rows())
                assert states(run_named(remote, "rights-at", one).python_rows()) == held_here, (at, terms, holder)
                held = {r["p"] for r in embedded.query(f"SELECT ?p {{ ?p akg:holder ent:{holder} }}").python_rows()}
                assert held_here == {p: v for p, v in here.items() if p in held}
                assert bool(held_here) == (holder != "nvidia")


def test_remote_vesting_matches_the_embedded_store(oxigraph_server: str) -> None:
    from decimal import Decimal

    from alliancekg.graph.rights.observations import ScenarioObservation
    from alliancekg.ontology.namespaces import EVT

    inputs = [ontology_input(), yamlld_input(DEALS_DIR / "msft-openai-2025.yaml"),
              yamlld_input(DEALS_DIR / "amd-openai-2025.yaml")]
    prepared = prepare(inputs, reason=False)
    remote = RemoteStore(f"{oxigraph_server}/query", update_endpoint=f"{oxigraph_server}/update",
                         gsp_endpoint=f"{oxigraph_server}/store")
    embedded = OxigraphStore()
    observed = [ScenarioObservation(dt.date(2027, 6, 30), EVT["amd-openai-gw-delivered"], Decimal(2))]
    for store in (remote, embedded):
        write_graphs(store, prepared)
        save_scenario(store, "amd-2gw", [], observed)
    params = {"at": "2027-09-01", "scenario": str(scenario_graph("amd-2gw"))}
    here = {r["provision"]: (r["state"], r["openConditions"])
            for r in run_named(embedded, "rights-at", params).python_rows()}
    there = {r["provision"]: (r["state"], r["openConditions"])
             for r in run_named(remote, "rights-at", params).python_rows()}
    assert there == here
    tranches = {p.rsplit("/", 1)[-1]: v for p, v in here.items() if "amd-openai-warrant" in p}
    assert tranches["amd-openai-warrant-first-tranche"][0] == "in force"
    assert tranches["amd-openai-warrant-final-tranche"][0] == "pending"
