"""Credentials never travel in URLs, and the access log never shows the token.

``alliancekg serve`` runs as a user runs it (its access log on standard output); every URL of
``tests/data/hostile/urls-with-credentials.txt`` is refused with 400, and afterwards the log
holds ``REDACTED`` where those URLs carried the token, never the token itself.
"""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from alliancekg.devtools.processes import wait_for_http
from tests.alliancekg.commands.test_serve import serve
from tests.servers import make_test_store

pytestmark = pytest.mark.server

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
TOKEN = "very-s3cret-write-token"


def hostile_urls() -> list[str]:
    lines = (CORPUS / "urls-with-credentials.txt").read_text(encoding="utf-8").splitlines()
    return [line.replace("{TOKEN}", TOKEN) for line in lines if line.strip() and not line.startswith("# ")]


def test_urls_with_credentials_are_refused_and_never_logged(tmp_path: Path) -> None:
    store = make_test_store(tmp_path / "store")
    process, url = serve(store, "--allow-updates", "--token", TOKEN, "--workers", "1", "--no-reason")
    try:
        wait_for_http(url + "/", process=process)
        for path in hostile_urls():
            response = httpx.get(url + path, headers={"Authorization": f"Bearer {TOKEN}"})
            assert response.status_code == 400, (path, response.text)
            assert "Authorization: Bearer" in response.text and TOKEN not in response.text
        write = httpx.post(f"{url}/sparql", data={"update": "INSERT DATA { GRAPH <urn:g:t> { <urn:a> <urn:b> 1 } }"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
        assert write.status_code == 204, write.text
        assert httpx.get(f"{url}/sparql", params={"query": "ASK {}", "tokenize": "yes"}).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert TOKEN not in output
    assert output.count("REDACTED") >= len(hostile_urls()) and "400" in output
