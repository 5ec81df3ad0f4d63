"""Opening the store a command works on: embedded by default, remote with an endpoint."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.graph.store import STORE_ENV, OxigraphStore, open_store
from alliancekg.graph.store.remote import RemoteStore


def test_the_embedded_store_opens_at_the_given_or_default_path(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(tmp_path / "given") as store:
        assert isinstance(store, OxigraphStore)
    assert (tmp_path / "given").is_dir()
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "default"))
    with open_store() as store:
        assert isinstance(store, OxigraphStore)
    assert (tmp_path / "default").is_dir()


def test_an_endpoint_opens_a_remote_store(tmp_path: Path) -> None:
    store = open_store(tmp_path / "unused", endpoint="http://127.0.0.1:9/sparql")
    try:
        assert isinstance(store, RemoteStore)
        assert "127.0.0.1:9" in store.location
    finally:
        store.close()
    assert not (tmp_path / "unused").exists()
