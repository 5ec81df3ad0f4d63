"""The Typer application: global options choose the store every command opens."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from alliancekg.app import LazyConsole, Settings, fail
from alliancekg.cli import app
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.remote import RemoteStore


def test_settings_open_the_embedded_store_or_the_endpoint(tmp_path: Path) -> None:
    with Settings(store_path=tmp_path / "s").open() as store:
        assert isinstance(store, OxigraphStore)
    remote = Settings(store_path=tmp_path / "unused", endpoint="http://127.0.0.1:9/sparql").open()
    try:
        assert isinstance(remote, RemoteStore)
    finally:
        remote.close()


def test_fail_prints_the_error_and_gives_the_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    exit_ = fail("no such thing", code=3)
    assert isinstance(exit_, typer.Exit) and exit_.exit_code == 3


def test_the_store_option_reaches_the_commands(built_store_path: Path) -> None:
    result = CliRunner().invoke(app, ["--store", str(built_store_path), "query", "--help"])
    assert result.exit_code == 0
    missing = CliRunner().invoke(app, ["--bogus"])
    assert missing.exit_code == 2


def test_a_lazy_console_is_made_on_first_use_and_prints_like_rich(capsys: pytest.CaptureFixture[str]) -> None:
    lazy = LazyConsole(stderr=True)
    assert lazy._made is None
    lazy.print("[bold]plain[/] text", highlight=False)
    assert lazy._made is not None and lazy.console.stderr
    assert capsys.readouterr().err == "plain text\n"
    with pytest.raises(AttributeError):
        lazy.__no_such_attribute__  # noqa: B018


def test_a_lazy_console_follows_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a console made under one COLUMNS kept its width for later commands of the process."""
    lazy = LazyConsole()
    monkeypatch.setenv("COLUMNS", "400")
    assert lazy.width == 400
    monkeypatch.setenv("COLUMNS", "2000")
    assert lazy.width == 2000
