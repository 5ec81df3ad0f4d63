"""The rights-in-force panel of the web page, in real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.test_web import browser, page  # noqa: F401  (shared Chromium fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_rights_panel_evaluates_a_scenario(built_server: str, page: object, tmp_path: Path) -> None:  # noqa: F811
    page.goto(built_server + "/")
    page.wait_for_function("document.querySelectorAll('#rights-event-type option').length > 1")
    page.select_option("#rights-event-type", "agi-verified")
    page.fill("#rights-at", "2028-07-01")
    page.fill("#rights-event-date", "2028-06-30")
    page.fill("#rights-terms", "2025-12-31")
    page.click("#rights-run")
    row = page.locator("#rights-table tr[data-provision$='/prv/exclusive-ip-until-agi']")
    row.wait_for()
    assert row.locator("td").first.inner_text() == "ended"
    assert "2028-06-30 (event)" in row.inner_text()
    survivor = page.locator("#rights-table tr[data-provision$='/prv/ip-models-products-2032']")
    assert survivor.locator("td").first.inner_text() == "in force"
    assert "safety guardrails" in survivor.inner_text()
    page.locator("#rights-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "rights.png"))
    assert page.errors == []


def test_rights_panel_shows_errors(built_server: str, page: object) -> None:  # noqa: F811
    page.goto(built_server + "/")
    page.evaluate("document.getElementById('rights-at').removeAttribute('required')")
    page.fill("#rights-at", "")
    page.click("#rights-run")
    page.locator("#rights-error").wait_for()
    assert "date" in page.locator("#rights-error").inner_text()


def test_rights_panel_evaluates_an_observation(built_server: str, page: object) -> None:  # noqa: F811
    page.goto(built_server + "/")
    page.wait_for_function("document.querySelectorAll('#rights-measure option').length > 1")
    page.select_option("#rights-measure", "amd-openai-gw-delivered")
    page.fill("#rights-measure-value", "2")
    page.fill("#rights-measure-date", "2027-06-30")
    page.fill("#rights-at", "2027-09-01")
    page.select_option("#rights-holder", label="OpenAI")
    page.click("#rights-run")
    first = page.locator("#rights-table tr[data-provision$='/prv/amd-openai-warrant-first-tranche']")
    first.wait_for()
    assert first.locator("td").first.inner_text() == "in force"
    final = page.locator("#rights-table tr[data-provision$='/prv/amd-openai-warrant-final-tranche']")
    assert final.locator("td").first.inner_text() == "pending"
    assert "waiting for: AMD share price of at least $600" in final.inner_text()
    assert "technical and commercial conditions" in final.inner_text()
    assert page.errors == []


def test_rights_panel_shows_stored_payment_terms(built_server: str, page: object) -> None:  # noqa: F811
    page.goto(built_server + "/")
    page.wait_for_function("document.querySelectorAll('#rights-holder option').length > 1")
    page.fill("#rights-at", "2026-01-01")
    page.select_option("#rights-holder", label="Microsoft")
    page.click("#rights-run")
    share = page.locator("#rights-table tr[data-provision$='/prv/revenue-share-until-agi']")
    share.wait_for()
    assert "payment terms: payments spread over a longer period than before" in share.inner_text()
    assert page.errors == []
