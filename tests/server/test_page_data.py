"""What the explorer pages show, built from the store with the CLI's queries and views, embedded and remote."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliancekg.graph.rights.cache import cached
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.remote import RemoteStore
from alliancekg.server.held import hold_still
from alliancekg.server.insight_operations import worker_view
from alliancekg.server.page_data import (
    DealJob,
    MoneyJob,
    OrgJob,
    PageError,
    Scenario,
    deal_operation,
    deal_page,
    money_operation,
    money_web,
    org_operation,
    org_page,
)

ENT = "https://w3id.org/alliance-kg/id/ent/"
AGR = "https://w3id.org/alliance-kg/id/agr/"
PRV = "https://w3id.org/alliance-kg/id/prv/"
TODAY = dt.date(2026, 6, 1)
AZURE = "https://w3id.org/alliance-kg/id/flw/openai-azure-250b"


@pytest.fixture
def held(store: OxigraphStore) -> ox.Store:
    """The built store's handle, held still as a reader holds its own (another one is held after the test)."""
    yield hold_still(store.oxigraph)
    hold_still(ox.Store())


def test_openai_s_page_lists_the_azure_commitment_with_its_sources(store: OxigraphStore) -> None:
    page = org_page(store, "OpenAI", Scenario(TODAY), today=TODAY)
    assert (page["curie"], page["matched_by"]) == ("ent:openai", "label")
    azure = next(f for f in page["money"]["flows"] if f["id"].endswith("/flw/openai-azure-250b"))
    assert (azure["direction"], azure["target"], azure["amount"]) == ("out", ENT + "microsoft", 250e9)
    assert azure["binding_status"] == "definitive" and azure["sources"]
    assert azure["agreement_curie"] == "agr:msft-openai-2025-10-definitive"
    assert any(t["direction"] == "out" and t["kind"] == "compute_purchase" and t["total"] >= 250e9
               for t in page["money"]["totals"])
    assert any(link["relation"] == "same as" and link["other"].endswith("/Q21708200") for link in page["links"])
    deal = next(d for d in page["deals"] if d["curie"] == "agr:msft-openai-2025-10-definitive")
    assert deal["sources"] and deal["date"] == "2025-10-28"
    assert "Microsoft → OpenAI → Microsoft" in {c["cycle"] for c in page["cycles"]}
    microsoft = next(s for s in page["stakes"] if s["stake"].endswith("/stk/msft-openai-group-pbc-2025"))
    assert (microsoft["member_curie"], microsoft["side"]) == ("ent:openai-group-pbc", "issued")
    assert microsoft["percent"] == 27
    assert microsoft["sources"] and not microsoft["replacedBy"]
    assert page["conflicts"] and all(claim["sources"] is not None for c in page["conflicts"] for claim in c["claims"])
    assert page["rights"]["today"]["held"] and page["rights"]["today"]["owed"]
    assert {s["holder"] for s in page["rights"]["today"]["owed"]} >= {"Microsoft"}


def test_rights_today_and_under_a_scenario(store: OxigraphStore) -> None:
    page = org_page(store, "ent:microsoft", Scenario(dt.date(2031, 1, 1)), today=TODAY)
    today = {s["provision"]: s for s in page["rights"]["today"]["held"]}
    later = {s["provision"]: s for s in page["rights"]["scenario"]["held"]}
    assert today.keys() == later.keys()
    changed = [p for p in today if today[p]["state"] != later[p]["state"]]
    assert changed, "some of Microsoft's rights end between mid-2026 and 2031"
    assert all(later[p]["end_cause"] for p in changed if later[p]["state"] == "ended")
    assert page["rights"]["scenario"]["at"] == "2031-01-01" and page["rights"]["today"]["at"] == "2026-06-01"


def test_names_resolve_as_link_resolve_does_and_unknown_ones_are_404(store: OxigraphStore) -> None:
    assert org_page(store, "openai group", Scenario(TODAY), today=TODAY)["node"] == ENT + "openai"
    with pytest.raises(PageError) as unknown:
        org_page(store, "Nobody Inc.", Scenario(TODAY))
    assert unknown.value.status == 404 and "Nobody Inc." in str(unknown.value)
    with pytest.raises(PageError) as bad_event:
        org_page(store, "OpenAI", Scenario(TODAY, ("no-such-event@2027-01-01",)))
    assert bad_event.value.status == 400
    with pytest.raises(PageError) as no_deal:
        deal_page(store, "agr:no-such-deal", Scenario(TODAY))
    assert no_deal.value.status == 404


def test_deal_page_shows_provision_intervals_and_the_history_chain(store: OxigraphStore) -> None:
    page = deal_page(store, "agr:msft-openai-2025-10-definitive", Scenario(TODAY))
    provisions = {p["curie"]: p for p in page["provisions"]}
    api = provisions["prv:third-party-api-products-azure-exclusive"]
    assert (api["start"], api["end_date"], api["end_cause"]) == ("2025-10-28", "2026-02-27", "superseded")
    assert api["ended_by"] == AGR + "msft-openai-2026-02-joint-statement" and "joint statement" in api["ended_by_label"]
    assert api["state_at"] == "ended" and api["sources"]
    links = {(link["from_curie"], link["relation"], link["to_curie"]) for link in page["chain"]}
    assert ("agr:msft-openai-2025-10-definitive", "supersedes", "agr:msft-openai-2025-09-mou") in links
    assert ("agr:msft-openai-2026-04-amendment", "amends", "agr:msft-openai-2025-10-definitive") in links
    assert page["conflicts"] and page["parties"]


def test_money_web_as_of_a_date_has_no_later_agreement(store: OxigraphStore) -> None:
    web = money_web(store, dt.date(2025, 6, 1))
    assert web["edges"] and all(e["date"] <= "2025-06-01" for e in web["edges"])
    assert AGR + "msft-openai-2025-10-definitive" not in {e.get("agreement") for e in web["edges"]}
    assert set(web["circular_flows"]) <= {e["id"] for e in web["edges"]}
    assert "2025-10-28" in web["dates"]
    openai = next(n for n in web["nodes"] if n["curie"] == "ent:openai")
    assert openai["in"] >= 11e9  # Microsoft's 2019 and 2023 investments
    everything = money_web(store)
    assert len(everything["edges"]) > len(web["edges"]) and "layout" not in everything
    laid_out = money_web(store, dt.date(2025, 6, 1), layout=True)["layout"]
    assert {e["id"] for e in laid_out["edges"]} == {e["id"] for e in everything["edges"]}
    assert {n["id"] for n in web["nodes"]} < {n["id"] for n in laid_out["nodes"]}
    with pytest.raises(PageError) as too_many:
        money_web(store, max_results=3)
    assert too_many.value.status == 422


def test_the_org_page_reads_the_sources_once(held: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from alliancekg.graph.network.views import records

    asked: list[str] = []
    real_select = records.select
    monkeypatch.setattr(records, "select", lambda on, name: asked.append(name) or real_select(on, name))
    page = org_page(worker_view(held), "OpenAI", Scenario(TODAY), today=TODAY)  # nothing read from it yet
    assert asked.count("sources") == 1
    assert all(flow["sources"] for flow in page["money"]["flows"] if flow["id"] == AZURE)


def test_the_next_org_page_reads_nothing_of_the_whole_network_again(held: ox.Store,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Sources, the money view and its circular deals are kept per handle held still (and store version)."""
    from alliancekg.graph.network.views import records

    first = org_operation(held, OrgJob("OpenAI", Scenario(TODAY), TODAY))
    asked: list[str] = []
    real_select = records.select
    monkeypatch.setattr(records, "select", lambda on, name: asked.append(name) or real_select(on, name))
    again = org_operation(held, OrgJob("OpenAI", Scenario(TODAY), TODAY))
    other = org_operation(held, OrgJob("Microsoft", Scenario(TODAY), TODAY))
    money = money_operation(held, MoneyJob())
    assert asked == []
    assert again == first and first["cycles"] and first["money"]["flows"]
    assert other["money"]["flows"] and other["node"] != first["node"] and money["edges"]
    # Once the worker holds another handle (a reader reopens its store after a write), this one is read again.
    hold_still(ox.Store())
    assert org_operation(held, OrgJob("OpenAI", Scenario(TODAY), TODAY)) == first and asked


def test_a_reader_keeps_the_provisions_for_its_next_pages(held: ox.Store) -> None:
    """On the handle a reader holds still the provisions are read once and kept with the handle."""
    first = org_operation(held, OrgJob("OpenAI", Scenario(TODAY), TODAY))
    kept = cached(worker_view(held), "rights.provisions")
    assert kept
    deal = deal_operation(held, DealJob("agr:msft-openai-2025-10-definitive", Scenario(TODAY)))
    assert cached(worker_view(held), "rights.provisions") is kept
    # The kept provisions give the pages read afresh once the handle is no longer held, where nothing is kept.
    hold_still(ox.Store())
    assert org_operation(held, OrgJob("OpenAI", Scenario(TODAY), TODAY)) == first
    assert deal_operation(held, DealJob("agr:msft-openai-2025-10-definitive", Scenario(TODAY))) == deal
    assert cached(worker_view(held), "rights.provisions") is None


def test_a_handle_not_held_still_keeps_no_network_parts_across_a_write(writable_store: Path) -> None:
    """A page on a handle writes may change (the writer's) sees a write made after an earlier page on it."""
    hold_still(ox.Store())  # the worker holds another handle still (its reader's)
    handle = ox.Store(str(writable_store))
    before = org_operation(handle, OrgJob("OpenAI", Scenario(TODAY), TODAY))
    assert AZURE in {e["id"] for e in money_operation(handle, MoneyJob())["edges"]}
    assert AZURE in {f["id"] for f in before["money"]["flows"]}
    handle.update(f"DELETE WHERE {{ GRAPH ?g {{ <{AZURE}> ?p ?o }} }}; "
                  f"DELETE WHERE {{ GRAPH ?g {{ ?s ?p <{AZURE}> }} }}")  # a write after the first job
    assert AZURE not in {e["id"] for e in money_operation(handle, MoneyJob())["edges"]}
    after = org_operation(handle, OrgJob("OpenAI", Scenario(TODAY), TODAY))
    assert AZURE not in {f["id"] for f in after["money"]["flows"]} and after["money"]["flows"]


@pytest.mark.server
@pytest.mark.slow
def test_pages_read_the_same_from_a_remote_store(oxigraph_server: str, built_store_path: Path) -> None:
    remote = RemoteStore(f"{oxigraph_server}/query", update_endpoint=f"{oxigraph_server}/update",
                         gsp_endpoint=f"{oxigraph_server}/store")
    embedded = OxigraphStore(built_store_path, read_only=True)
    try:
        for graph in embedded.graphs():
            rows = embedded.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph}).rows
            remote.replace_graph(graph, [(r["s"], r["p"], r["o"]) for r in rows])
        scenario = Scenario(dt.date(2028, 7, 1), ("agi-verified@2028-06-30",))
        for build in (lambda s: org_page(s, "OpenAI", scenario, today=TODAY),
                      lambda s: deal_page(s, "agr:msft-openai-2025-10-definitive", scenario),
                      lambda s: money_web(s, dt.date(2025, 6, 1))):
            assert normalized(build(remote)) == normalized(build(embedded))
    finally:
        embedded.close()


def normalized(page: dict) -> str:
    """The page as sorted JSON (lists of records sorted, so that rows the queries leave unordered compare)."""
    def walk(value: object) -> object:
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((walk(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
        return value

    return json.dumps(walk(page), sort_keys=True, default=str)
