"""The explorer pages (/org, /deal, /money) and their JSON, over HTTP and in real headless Chromium."""

from __future__ import annotations

import html
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from alliancekg.graph.store import OxigraphStore
from alliancekg.server.web import VENDOR_DIR, vendor_ready
from tests.server.test_web import browser, page  # noqa: F401  (shared Chromium fixtures)

pytestmark = [pytest.mark.server]

DEFINITIVE = "agr:msft-openai-2025-10-definitive"
HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
#: Where ``ALLIANCEKG_SCREENSHOTS=DIR pytest tests/server/test_pages.py -k screenshots`` writes the pictures
#: of the documentation (docs/img).
SCREENSHOTS = {"org-page.png": "/org/ent:openai", "money-web.png": "/money?at=2025-12-31",
               "deal-page.png": f"/deal/{DEFINITIVE}"}


def open_page(page: object, url: str, request: pytest.FixtureRequest) -> float:  # noqa: F811
    """Open ``url``, wait until the page has drawn its data, log and return how long that took (seconds)."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function("document.body.dataset.loaded", timeout=60_000)
    elapsed = time.perf_counter() - started
    with request.getfixturevalue("capsys").disabled():  # in the test log even when output is captured
        print(f"\npage load /{url.split('/', 3)[-1]}: {elapsed * 1000:.0f} ms (until its data is drawn)")
    assert page.evaluate("document.body.dataset.loaded") == "true", page.locator("#page-error").inner_text()
    return elapsed


# -- HTTP ------------------------------------------------------------------------------------------

def test_the_pages_share_one_layout() -> None:
    """Head, style sheet and navigation come from one template: the pages differ only in title and body."""
    from alliancekg.server.pages import TEMPLATES, not_found_page

    pages = {name: TEMPLATES.get_template(f"{name}.html").render() for name in ("org", "deal", "money")}
    pages["not found"] = not_found_page("org", "no organization is named 'x'")
    heads = {re.sub(r"<title>.*</title>", "", text.split("<main")[0]) for text in pages.values()}
    assert len(heads) == 1 and '<nav class="top"><a class="brand" href="/">' in heads.pop()
    assert [re.search(r"<title>(.*)</title>", pages[name]).group(1) for name in ("org", "deal", "money")] == [
        "Organization · alliance-kg", "Agreement · alliance-kg", "Money web · alliance-kg"]


def test_json_of_the_pages(built_server: str) -> None:
    with httpx.Client(base_url=built_server, timeout=120) as client:
        org = client.get("/api/pages/org/ent:openai", params={"at": "2031-01-01"})
        assert org.status_code == 200, org.text
        assert org.json()["label"] == "OpenAI" and org.json()["rights"]["scenario"]["at"] == "2031-01-01"
        deal = client.get(f"/api/pages/deal/{DEFINITIVE}")
        assert deal.status_code == 200 and deal.json()["provisions"]
        money = client.get("/api/pages/money", params={"at": "2025-06-01"})
        assert money.status_code == 200 and money.json()["as_of"] == "2025-06-01"
        assert {"/api/pages/org/{name}", "/api/pages/deal/{name}", "/api/pages/money"} <= set(
            client.get("/api/openapi.json").json()["paths"])


def test_unknown_names_and_bad_parameters(built_server: str) -> None:
    with httpx.Client(base_url=built_server, timeout=120) as client:
        missing = client.get("/org/Nobody%20Inc.")
        assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
        assert "no organization is named &#x27;Nobody Inc.&#x27;" in missing.text
        assert client.get("/deal/agr:no-such-deal").status_code == 404
        assert client.get("/api/pages/org/Nobody").status_code == 404
        bad_date = client.get("/api/pages/money", params={"at": "2025-13-01"})
        assert bad_date.status_code == 400 and "at" in bad_date.json()["detail"]
        bad_event = client.get("/api/pages/org/OpenAI", params={"event": "no-such-event@2027-01-01"})
        assert bad_event.status_code == 400 and "no-such-event" in bad_event.json()["detail"]
        assert client.get("/org/OpenAI").status_code == 200
        assert client.get("/money").status_code == 200


def hostile_names() -> list[str]:
    lines = (HOSTILE / "page-names.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


@pytest.mark.parametrize("name", hostile_names())
def test_hostile_names_get_an_escaped_404_page(built_server: str, name: str) -> None:
    with httpx.Client(base_url=built_server, timeout=120) as client:
        before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                            headers={"Accept": "text/csv"}).text
        for kind in ("org", "deal"):
            answer = client.get(f"/{kind}/{quote(name, safe='')}")
            assert answer.status_code == 404, (kind, name)
            assert "<script>document" not in answer.text and "<img src=x" not in answer.text
            assert html.escape(name) in answer.text or name == "%00"
            assert client.get(f"/api/pages/{kind}/{quote(name, safe='')}").status_code == 404
        assert client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                          headers={"Accept": "text/csv"}).text == before


def test_pages_are_held_to_max_results(built_store_path: Path, serve_app: Callable[[object], str]) -> None:
    from alliancekg.server.app import create_app

    url = serve_app(create_app(OxigraphStore(built_store_path, read_only=True), max_results=3))
    answer = httpx.get(url + "/api/pages/money", timeout=120)
    assert answer.status_code == 422 and "--max-results" in answer.json()["detail"]


# -- in Chromium -------------------------------------------------------------------------------------

@pytest.fixture
def bundles() -> None:
    if not vendor_ready():
        pytest.skip(f"the graph bundle is not in {VENDOR_DIR}; run `make web`")


@pytest.mark.browser
def test_openai_s_page_lists_the_azure_commitment_with_its_source(
        built_server: str, page: object, request: pytest.FixtureRequest) -> None:  # noqa: F811
    open_page(page, built_server + "/org/ent:openai", request)
    assert page.locator("#org-label").inner_text() == "OpenAI"
    azure = page.locator("#money tr[data-flow$='/flw/openai-azure-250b']")
    assert "$250B" in azure.inner_text() and "Microsoft" in azure.inner_text()
    assert azure.locator("a.source").count() >= 1
    assert azure.locator("a.source").first.get_attribute("href").startswith("http")
    assert azure.locator(f"a[href='/deal/{DEFINITIVE.replace(':', '%3A')}']").count() == 1
    assert page.locator("#wikidata").inner_text() == "wd:Q21708200"
    assert page.locator(f"#deals tr[data-agreement='{DEFINITIVE}'] a.source").count() >= 1
    assert "Microsoft → OpenAI → Microsoft" in page.locator("#cycles").inner_text()
    stake = page.locator("#stakes tr[data-stake='stk:msft-openai-group-pbc-2025']")
    assert "27%" in stake.inner_text() and "Microsoft" in stake.inner_text() and stake.locator("a.source").count()
    assert page.locator("#conflicts .conflict a.source").count() >= 1
    assert page.locator("#rights-today tr[data-provision]").count() >= 1
    page.fill("#scenario-at", "2031-01-01")
    page.click("#scenario-run")
    page.wait_for_function("document.querySelector('#rights-scenario h3').textContent.includes('2031-01-01')")
    assert page.errors == []


@pytest.mark.browser
def test_an_unknown_organization_is_a_404_page(built_server: str, page: object) -> None:  # noqa: F811
    response = page.goto(built_server + "/org/nobody-at-all")
    assert response.status == 404
    assert "no organization is named 'nobody-at-all'" in page.locator("#not-found").inner_text()


@pytest.mark.browser
def test_money_web_as_of_a_date(built_server: str, page: object, bundles: None,  # noqa: F811
                                request: pytest.FixtureRequest) -> None:
    open_page(page, built_server + "/money?at=2025-06-01", request)
    assert page.locator("#as-of-label").inner_text() == "2025-06-01"
    drawn = page.evaluate("moneyWeb.cy.edges().map(e => [e.data('agreement_curie'), e.data('date')])")
    assert drawn and all(date <= "2025-06-01" for _, date in drawn)
    assert DEFINITIVE not in {agreement for agreement, _ in drawn}
    assert page.locator(f"#flows tr[data-agreement='{DEFINITIVE}']").count() == 0
    assert page.locator("#flows tr[data-flow]").count() == len(drawn)
    # Slide to the last date: the October 2025 agreement comes in, its $250B Azure commitment with it.
    page.evaluate("(() => { const s = document.getElementById('as-of'); s.value = s.max;"
                  " s.dispatchEvent(new Event('input')); })()")
    page.wait_for_function("document.getElementById('cy').dataset.asOf > '2025-10-28'")
    assert page.locator(f"#flows tr[data-agreement='{DEFINITIVE}']").count() >= 1
    azure = page.evaluate("moneyWeb.cy.edges().filter(e => e.id().endsWith('/flw/openai-azure-250b')).length")
    assert azure == 1
    page.evaluate("moneyWeb.cy.edges().filter(e => e.id().endsWith('/flw/openai-azure-250b'))[0].emit('tap')")
    details = page.locator("#flow-details")
    assert "$250B" in details.inner_text() and details.locator("a.source").count() >= 1
    assert details.locator(f"a[href='/deal/{DEFINITIVE.replace(':', '%3A')}']").count() == 1
    assert page.evaluate("moneyWeb.cy.edges('.circular').length") >= 2
    # Filters hide what they leave out, from the picture and the table.
    page.uncheck("#kinds input[value='compute_purchase']")
    assert page.evaluate("moneyWeb.cy.edges().filter(e => !e.hasClass('hidden') && "
                         "e.data('kind') === 'compute_purchase').length") == 0
    assert "compute purchase" not in page.locator("#flows tbody").inner_text()
    superseded = page.evaluate("moneyWeb.cy.edges('.superseded').length")
    page.check("#hide-superseded")
    assert superseded == 0 or page.evaluate("moneyWeb.cy.edges('.superseded.hidden').length") == superseded
    assert page.errors == []


@pytest.mark.browser
def test_deal_page_shows_provisions_and_the_supersedes_chain(built_server: str, page: object,  # noqa: F811
                                                             request: pytest.FixtureRequest) -> None:
    open_page(page, built_server + f"/deal/{DEFINITIVE}", request)
    assert page.locator("#deal-label").inner_text().startswith("Microsoft–OpenAI definitive agreement")
    assert page.locator("#timeline .row[data-provision]").count() >= 10
    api = page.locator("#timeline .row[data-provision='prv:third-party-api-products-azure-exclusive']")
    assert "ends 2026-02-27: superseded" in api.locator(".end").inner_text()
    assert api.locator(".end a[href='/deal/agr%3Amsft-openai-2026-02-joint-statement']").count() == 1
    assert api.locator(".bar").count() == 1
    chain = page.locator(f"#chain tr[data-from='{DEFINITIVE}'][data-relation='supersedes']"
                         "[data-to='agr:msft-openai-2025-09-mou']")
    assert chain.count() == 1
    assert page.locator("#chain tr[data-to='agr:msft-openai-2025-10-definitive'][data-relation='amends']").count() >= 1
    assert page.locator("#conflicts .conflict").count() >= 1
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_screenshots(built_server: str, page: object, bundles: None, tmp_path: Path,  # noqa: F811
                     request: pytest.FixtureRequest) -> None:
    """The pictures of the documentation, taken in Chromium (written to $ALLIANCEKG_SCREENSHOTS when set)."""
    directory = Path(os.environ.get("ALLIANCEKG_SCREENSHOTS") or tmp_path)
    page.set_viewport_size({"width": 1280, "height": 800})
    for name, url in SCREENSHOTS.items():
        open_page(page, built_server + url, request)
        page.screenshot(path=str(directory / name))
        assert 10_000 < (directory / name).stat().st_size < 300_000
