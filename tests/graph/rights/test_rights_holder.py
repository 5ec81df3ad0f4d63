"""``/api/rights?holder=`` resolves names as ``alliancekg rights --holder`` does, and refuses unknown ones."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.server

MICROSOFT = "https://w3id.org/alliance-kg/id/ent/microsoft"


def provisions(url: str, holder: str) -> httpx.Response:
    return httpx.get(f"{url}/api/rights", params={"at": "2026-01-01", "holder": holder}, timeout=60)


@pytest.mark.parametrize("holder", [MICROSOFT, "ent:microsoft", "Microsoft", "microsoft corporation"])
def test_holder_by_iri_curie_label_or_alias(built_server: str, holder: str) -> None:
    response = provisions(built_server, holder)
    assert response.status_code == 200, response.text
    listed = response.json()["provisions"]
    assert listed and all("Microsoft" in p["holder"] for p in listed)
    assert {p["provision"] for p in listed} == {p["provision"] for p in provisions(built_server, MICROSOFT).json()[
        "provisions"]}


@pytest.mark.parametrize("holder", ["<junk>", "ent:nobody", "https://example.org/x", "Micro soft"])
def test_unknown_holder_is_a_400_listing_the_valid_ones(built_server: str, holder: str) -> None:
    response = provisions(built_server, holder)
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert "unknown organization" in detail and "Microsoft" in detail and "OpenAI" in detail
