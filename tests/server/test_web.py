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
    # Parameters bound server-side, as the embedded store binds them, and the text shown in the editor.
    shown = page.evaluate("() => window.allianceKg.yasgui.getTab().getQuery()")
    assert "BIND(<https://w3id.org/alliance-kg/id/" in shown and "VALUES" not in shown
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
    rights = next(q for q in catalog if q["name"] == "rights-at")
    assert {p["name"]: p["optional"] for p in rights["parameters"]} == {
        "at": False, "scenario": False, "termsAsOf": False, "holder": True}
    everyone = httpx.get(f"{built_server}/api/catalog/rights-at/sparql")
    assert everyone.status_code == 200 and "AS ?holder)" not in everyone.json()["sparql"]
    one = httpx.get(f"{built_server}/api/catalog/rights-at/sparql", params={"holder": "ent:microsoft"})
    assert one.status_code == 200
    assert "BIND(<https://w3id.org/alliance-kg/id/ent/microsoft> AS ?holder)" in one.json()["sparql"]


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


def open_page(page: object, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready=true]")


def run_catalog_query(page: object, name: str) -> None:
    page.click(f'[data-query="{name}"]')
    page.wait_for_selector(".yasr table.dataTable tbody tr td", timeout=30_000)


def column_cells(page: object, name: str) -> object:
    headers = [h.strip() for h in page.locator(".yasr table.dataTable thead th").all_inner_texts()]
    return page.locator(f".yasr table.dataTable tbody tr td:nth-child({headers.index(name) + 1})")


def in_viewport(page: object, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] and box["height"] > 0


# Per cell (and column title) of the results table: text cut by an ellipsis or overflow, words broken across
# lines, dates or numbers wrapped, and cells reaching past the right edge of the results pane.
CELL_PROBLEMS = """() => {
  const pane = document.querySelector(".yasr").getBoundingClientRect();
  const problems = [];
  document.querySelectorAll(".yasr table.dataTable tbody td, .yasr table.dataTable thead th").forEach((td) => {
    const text = td.innerText.trim();
    if (/(…|\\.\\.\\.)$/.test(text)) problems.push("ellipsis: " + text);
    const div = td.querySelector("div");
    if (td.tagName === "TD" && div && div.scrollWidth > div.clientWidth + 1) {
      problems.push("overflows its cell: " + text);
    }
    if (td.getBoundingClientRect().right > pane.right + 1) problems.push("past the pane: " + text);
    td.querySelectorAll(".lit").forEach((value) => {  // dates and numbers: one line each
      if (!/^[-+]?\\d[\\d.,:+-]*$/.test(value.innerText.trim())) return;
      if (new Set(Array.from(value.getClientRects()).map((r) => Math.round(r.top))).size > 1) {
        problems.push("value wrapped: " + value.innerText);
      }
    });
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[A-Z]?[a-z]{3,}/g)) {  // words, and words of camelCase
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push("word broken across lines: " + match[0]);
      }
    }
  });
  return problems;
}"""


def test_source_conflicts_cells_are_whole_readable_and_within_the_pane(built_server: str, page: object,
                                                                        editor_bundles: None, tmp_path: Path) -> None:
    open_page(page, built_server)
    run_catalog_query(page, "source-conflicts")
    assert page.evaluate(CELL_PROBLEMS) == []
    preferred = column_cells(page, "preferred")
    assert set(preferred.all_inner_texts()) <= {"true", "false"} and "false" in preferred.all_inner_texts()
    assert preferred.first.locator(".lit").get_attribute("data-hint") == "boolean"
    sources = column_cells(page, "sources")
    assert sources.first.locator("a.source").count() >= 1  # web addresses are links
    page.locator(".yasr").screenshot(path=str(tmp_path / "source-conflicts.png"))
    assert page.errors == []


def test_typed_literals_read_plainly_and_organizations_link_to_their_page(built_server: str, page: object,
                                                                          editor_bundles: None) -> None:
    open_page(page, built_server)
    run_catalog_query(page, "organization-deals")
    dates = [text for text in column_cells(page, "date").all_inner_texts() if text]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text) for text in dates), dates
    assert not any("^^" in text or '"' in text for text in page.locator(".yasr tbody td").all_inner_texts())
    org = column_cells(page, "org").first.locator("a.org")
    assert org.get_attribute("href") == "/org/ent:nvidia"
    assert org.inner_text() == "ent:nvidia"
    assert page.evaluate(CELL_PROBLEMS) == []


def test_catalog_parameters_and_a_bad_value_show_in_view_and_old_results_go(built_server: str, page: object,
                                                                            editor_bundles: None) -> None:
    page.set_viewport_size({"width": 1400, "height": 800})
    open_page(page, built_server)
    run_catalog_query(page, "equity-stake")
    last = page.locator(".catalog-item").last
    last.scroll_into_view_if_needed()  # the bottom of the catalog, where the form used to appear
    name = last.get_attribute("data-query")
    last.click()  # its parameters have defaults: it runs at once, and its results replace equity-stake's
    page.wait_for_selector("#params:not([hidden])")
    assert in_viewport(page, "#params")
    page.wait_for_selector(".yasr table.dataTable tbody tr td", timeout=30_000)
    first_input = page.locator("#params-fields input").first
    parameter = first_input.get_attribute("name")
    first_input.fill("not a value of any kind ##")
    page.click("#params-run")
    page.wait_for_selector("#catalog-error:not([hidden])")
    assert in_viewport(page, "#catalog-error")
    assert parameter in page.locator("#catalog-error").inner_text()
    assert page.locator(".yasr table.dataTable").count() == 0, f"results of {name} shown for a value refused"
    assert page.errors == []


def test_an_optional_parameter_may_stay_blank_or_narrow_the_answer(built_server: str, page: object,
                                                                   editor_bundles: None) -> None:
    open_page(page, built_server)
    run_catalog_query(page, "rights-at")  # every other parameter has a default: it runs at once, for everyone
    holder = page.locator("#param-holder")
    assert holder.input_value() == "" and holder.get_attribute("required") is None
    assert "optional" in page.locator("label[for=param-holder]").inner_text()
    assert not all("Microsoft" in text for text in column_cells(page, "holders").all_inner_texts())
    holder.fill("ent:microsoft")
    page.click("#params-run")
    page.wait_for_function("() => window.allianceKg.yasgui.getTab().getQuery().includes('ent/microsoft> AS ?holder')")
    page.wait_for_selector(".yasr table.dataTable tbody tr td", timeout=30_000)
    page.wait_for_function("""() => { const cells = [...document.querySelectorAll('.yasr table.dataTable tbody tr')];
        return cells.length > 0 && cells.every(row => row.textContent.includes('Microsoft')); }""", timeout=30_000)
    assert all("Microsoft" in text for text in column_cells(page, "holders").all_inner_texts())
    assert page.errors == []


def test_a_malformed_query_shows_line_column_and_what_was_expected(built_server: str, page: object,
                                                                   editor_bundles: None) -> None:
    open_page(page, built_server)
    malformed = (Path(__file__).resolve().parents[1] / "data" / "hostile" / "query-malformed-term.rq").read_text()
    page.evaluate("q => { const tab = window.allianceKg.yasgui.getTab(); tab.setQuery(q); tab.query(); }", malformed)
    message = page.wait_for_selector(".yasr .errorResult").inner_text()
    assert "line 6, column 1" in message and "expected" in message and "a variable" in message
    assert "\\u{" not in message and "[_]" not in message


LABELLED_CONSTRUCT = (
    "PREFIX akg: <https://w3id.org/alliance-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "CONSTRUCT { ?stake akg:owner ?owner ; akg:issuer ?issuer . ?owner rdfs:label ?ownerLabel . "
    "?issuer rdfs:label ?issuerLabel } WHERE { ?stake a akg:EquityStake ; akg:owner ?owner ; akg:issuer ?issuer . "
    "?owner rdfs:label ?ownerLabel . ?issuer rdfs:label ?issuerLabel }")


def test_graph_view_labels_nodes_by_rdfs_label_legibly(built_server: str, page: object, editor_bundles: None,
                                                       tmp_path: Path) -> None:
    open_page(page, built_server)
    page.evaluate("q => { const tab = window.allianceKg.yasgui.getTab(); tab.setQuery(q); tab.query(); }",
                  LABELLED_CONSTRUCT)
    page.wait_for_selector(".yasr .select_graph:not(.disabled)")
    page.click(".yasr .select_graph")
    canvas = page.wait_for_selector("[data-testid=graph-canvas][data-label-px]")
    nodes = page.evaluate("() => window.allianceKg.graph.nodes().map((n) => n.data())")
    labels = [n["label"] for n in nodes]
    assert "Microsoft" in labels and "OpenAI Group PBC" in labels
    assert not any(n["kind"] == "literal" for n in nodes)  # labels folded into their nodes
    assert not any(label.startswith("ent:") for label in labels)
    edges = page.evaluate("() => window.allianceKg.graph.edges().map((e) => e.data('label'))")
    assert "rdfs:label" not in edges
    assert float(canvas.get_attribute("data-label-px")) >= 12  # on screen, at the fit zoom
    page.locator(".kg-graph").screenshot(path=str(tmp_path / "graph.png"))
    assert page.errors == []


def test_downloads_are_grouped_by_view_and_labelled(built_server: str, page: object) -> None:
    open_page(page, built_server)
    rows = page.locator("#exports-table tbody tr")
    assert rows.count() == 7
    assert page.locator("#exports-table thead th").all_inner_texts() == [
        "View", "Picture", "Network tools", "Data", "RDF"]
    links = page.locator("#exports-table a")
    texts = set(links.all_inner_texts())
    assert {"SVG picture", "GraphML", "GEXF", "CSV tables (zip)"} <= texts
    assert all(len(title) > 20 for title in (links.nth(i).get_attribute("title") for i in range(links.count())))
    bipartite = page.locator("#exports-table tr[data-view=alliance-agreement-nodes] a[data-format=svg]")
    response = page.request.get(built_server + bipartite.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert b"ellipse" in response.body()
    # The agreements as ODRL policies, offered once, from every agreement (the "all" view).
    odrl = page.locator("#exports-table a[data-format=odrl]")
    assert odrl.count() == 1 and "view=all" in odrl.get_attribute("href")
    response = page.request.get(built_server + odrl.get_attribute("href"))
    assert response.status == 200 and b"odrl:Agreement" in response.body()
    assert page.locator("#exports-table tr[data-view=money] a[data-format=turtle]").count() == 1


def test_catalog_parameters_are_written_into_the_patterns_as_the_embedded_store_does(built_server: str) -> None:
    # A VALUES row made Oxigraph read every provision's holder for `right-exclusions` (504 at 10^6 triples).
    provision = "https://w3id.org/alliance-kg/id/prv/research-ip-until-agi-or-2030"
    bound = httpx.get(f"{built_server}/api/catalog/right-exclusions/sparql").json()["sparql"]
    assert "VALUES" not in bound
    assert f"<{provision}> akg:excludes ?excluded" in bound and f"BIND(<{provision}> AS ?provision)" in bound
