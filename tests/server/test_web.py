"""The web page at / in real headless Chromium (Debian's ``chromium``, driven by Playwright)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from alliancekg.server.web import DOCS_FILES, VENDOR_DIR, vendor_ready

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CONSTRUCT = ("PREFIX akg: <https://w3id.org/alliance-kg/ontology#>\n"
             "CONSTRUCT { ?stake akg:owner ?owner ; akg:issuer ?issuer ; akg:percent ?percent } "
             "WHERE { ?stake a akg:EquityStake ; akg:owner ?owner ; akg:issuer ?issuer ; akg:percent ?percent }")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (make system-deps installs it)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.errors = errors
    yield opened
    context.close()


@pytest.fixture
def editor_bundles() -> None:
    if not vendor_ready():
        pytest.skip(f"the editor bundles are not in {VENDOR_DIR}; run `make web`")


def percent_cells(page: object) -> list[str]:
    """The texts of the ``percent`` column of the YASR results table."""
    headers = [h.strip() for h in page.locator(".yasr table.dataTable thead th").all_inner_texts()]
    column = headers.index("percent")
    rows = page.locator(".yasr table.dataTable tbody tr")
    return [rows.nth(i).locator("td").nth(column).inner_text() for i in range(rows.count())]


def test_catalog_query_shows_the_27_percent_stake(built_server: str, page: object, editor_bundles: None,
                                                  tmp_path: Path) -> None:
    page.goto(built_server + "/")
    page.wait_for_selector("body[data-ready=true]")
    entry = page.locator('[data-query="equity-stake"]')
    assert "Equity stake" in entry.inner_text()
    entry.click()
    page.wait_for_selector(".yasr table.dataTable tbody tr td")
    cells = percent_cells(page)
    assert any(re.match(r'^"?27"?(\^\^.*)?$', cell.strip()) for cell in cells), cells
    assert "VALUES" in page.locator(".yasqe").inner_text()  # parameters bound, visible in the editor
    page.screenshot(path=str(tmp_path / "equity-stake.png"), full_page=True)
    assert (tmp_path / "equity-stake.png").stat().st_size > 10_000
    assert page.errors == []


def test_construct_results_get_a_graph_view(built_server: str, page: object, editor_bundles: None,
                                            tmp_path: Path) -> None:
    page.goto(built_server + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.evaluate("q => { const tab = window.allianceKg.yasgui.getTab(); tab.setQuery(q); tab.query(); }", CONSTRUCT)
    page.wait_for_selector(".yasr .select_graph:not(.disabled)")
    page.click(".yasr .select_graph")
    canvas = page.wait_for_selector("[data-testid=graph-canvas][data-nodes]")
    assert int(canvas.get_attribute("data-nodes")) >= 4
    assert int(canvas.get_attribute("data-edges")) >= 9
    assert page.locator("[data-testid=graph-canvas] canvas").count() > 0
    page.screenshot(path=str(tmp_path / "graph-view.png"), full_page=True)
    assert page.errors == []


def test_page_falls_back_to_a_plain_editor_without_the_bundles(built_server: str, page: object) -> None:
    page.route(re.compile(r".*/static/vendor/.*"), lambda route: route.abort())
    page.goto(built_server + "/")
    page.wait_for_selector("body[data-ready=true]")
    assert "make web" in page.locator("#notice").inner_text()
    page.click('[data-query="equity-stake"]')
    page.wait_for_selector("#plain-results table")
    headers = page.locator("#plain-results th").all_inner_texts()
    values = page.locator("#plain-results tbody tr").first.locator("td").all_inner_texts()
    assert values[headers.index("percent")] == "27"


def test_catalog_api(built_server: str) -> None:
    catalog = httpx.get(f"{built_server}/api/catalog").json()
    entry = next(q for q in catalog if q["name"] == "equity-stake")
    assert {p["name"] for p in entry["parameters"]} == {"owner", "issuer"}
    bound = httpx.get(f"{built_server}/api/catalog/equity-stake/sparql", params={"owner": "ent:microsoft"})
    assert bound.status_code == 200
    assert "<https://w3id.org/alliance-kg/id/ent/microsoft>" in bound.json()["sparql"]
    bad = httpx.get(f"{built_server}/api/catalog/equity-stake/sparql", params={"owner": "not an iri"})
    assert bad.status_code == 400 and "owner" in bad.json()["detail"]
    unknown = httpx.get(f"{built_server}/api/catalog/equity-stake/sparql", params={"nobody": "x"})
    assert unknown.status_code == 400
    assert httpx.get(f"{built_server}/api/catalog/no-such-query/sparql").status_code == 404


def test_api_docs_work_offline(built_server: str, page: object) -> None:
    if not vendor_ready(names=DOCS_FILES):
        pytest.skip(f"the Swagger UI bundles are not in {VENDOR_DIR}; run `make web`")
    outside: list[str] = []

    def local_only(route: object) -> None:
        if route.request.url.startswith(built_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.goto(built_server + "/api/docs")
    title = page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "alliance-kg" in title.inner_text()
    page.locator("#operations-exports-export_api_export_get").wait_for()
    assert outside == []
    assert page.errors == []
