"""``alliancekg rights``, ``timeline`` and ``scenario``: answers and clear errors for bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancekg.cli import app

runner = CliRunner()


def run(store: Path, *args: str):
    return runner.invoke(app, ["--store", str(store), *args], env={"COLUMNS": "400"})


def test_rights_json_for_a_scenario(deal_2025_store_path: Path) -> None:
    result = run(deal_2025_store_path, "rights", "--at", "2028-07-01", "--event", "agi-verified@2028-06-30",
                 "--holder", "Microsoft", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["events"] == ["AGIVerified@2028-06-30"]
    states = {p["provision"].rsplit("/", 1)[-1]: p for p in data["provisions"]}
    assert states["exclusive-ip-until-agi"]["state"] == "ended"
    assert states["exclusive-ip-until-agi"]["end_cause"] == "event"
    assert states["ip-models-products-2032"]["state"] == "in force"
    assert all("Microsoft" in p["holder"] for p in data["provisions"])


def test_rights_table(built_store_path: Path) -> None:
    result = run(built_store_path, "rights", "--at", "2031-01-01")
    assert result.exit_code == 0
    assert "in force" in result.output and "ended" in result.output and "no events" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rights", "--at", "2028-02-30"], "not a valid date"),
        (["rights", "--at", "tomorrow"], "not a valid date"),
        (["rights", "--at", "2028-01-01", "--event", "agi-reached@2028-01-01"], "valid: agi-declared, "),
        (["rights", "--at", "2028-01-01", "--event", "agi-verified@2028-13-01"], "not a valid date"),
        (["rights", "--at", "2028-01-01", "--event", "agi-verified"], "TYPE@YYYY-MM-DD"),
        (["rights", "--at", "2028-01-01", "--holder", "Nobody Inc"], "organizations holding provisions"),
        (["rights", "--at", "2028-01-01", "--scenario", "missing"], "no scenario named 'missing'"),
        (["timeline", "--holder", "Nobody Inc"], "Microsoft"),
    ],
)
def test_bad_input_lists_valid_choices(built_store_path: Path, args: list[str], message: str) -> None:
    result = run(built_store_path, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_timeline_json(built_store_path: Path) -> None:
    result = run(built_store_path, "timeline", "--event", "agi-verified@2028-06-30", "--format", "json")
    changes = json.loads(result.output)
    assert [c["date"] for c in changes] == sorted(c["date"] for c in changes)
    assert any(c["date"] == "2028-06-30" and c["change"] == "ends (event)" for c in changes)


def test_saved_scenario_is_used_by_rights(built_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    saved = run(store, "scenario", "save", "agi-2028", "--event", "agi-verified@2028-06-30")
    assert saved.exit_code == 0, saved.output
    listed = run(store, "scenario", "list")
    assert "agi-2028: AGIVerified@2028-06-30" in listed.output
    result = run(store, "rights", "--at", "2028-07-01", "--scenario", "agi-2028", "-f", "json")
    assert json.loads(result.output)["events"] == ["AGIVerified@2028-06-30"]
    bad_name = run(store, "scenario", "save", "../x", "--event", "agi-verified@2028-06-30")
    assert bad_name.exit_code == 2 and "invalid scenario name" in bad_name.output
    assert run(store, "scenario", "drop", "agi-2028").exit_code == 0
    assert "agi-2028" not in run(store, "scenario", "list").output


def test_saved_scenario_keeps_its_observations(built_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    saved = run(store, "scenario", "save", "amd-2gw", "--observe", "amd-openai-gw-delivered=2@2027-06-30")
    assert saved.exit_code == 0 and "1 observation(s)" in saved.output, saved.output
    assert "amd-2gw: amd-openai-gw-delivered=2@2027-06-30" in run(store, "scenario", "list").output
    result = run(store, "rights", "--at", "2027-09-01", "--scenario", "amd-2gw", "-f", "json")
    data = json.loads(result.output)
    assert data["observations"] == ["amd-openai-gw-delivered=2@2027-06-30"]
    first = next(p for p in data["provisions"] if p["provision"].endswith("/amd-openai-warrant-first-tranche"))
    assert first["state"] == "in force" and first["vested_on"] == "2027-06-30"


def lock_holder(store: Path) -> int | None:
    """The process id holding the store's write lock (RocksDB's fcntl lock on LOCK), if any."""
    import fcntl
    import os
    import struct

    layout = "hhqqi4x"  # struct flock on Linux: type, whence, start, len, pid
    with open(store / "LOCK", "rb+") as handle:
        answer = fcntl.fcntl(handle.fileno(), fcntl.F_GETLK, struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
    kind, _, _, _, pid = struct.unpack(layout, answer)
    return None if kind == fcntl.F_UNLCK else pid


@pytest.mark.server
@pytest.mark.slow
def test_scenario_save_while_the_server_writes_is_a_clear_error(deal_2025_store_path: Path, tmp_path: Path) -> None:
    # Regression: the store's write lock, held by the writer of 'alliancekg serve --allow-updates',
    # made 'scenario save' end in a traceback.
    import os
    import subprocess
    import sys
    import threading
    import time

    import httpx

    from alliancekg.devtools.processes import free_port, stop_process, wait_for_http
    from alliancekg.graph.store import OxigraphStore

    store = tmp_path / "store"
    shutil.copytree(deal_2025_store_path, store)
    with OxigraphStore(store, read_only=True) as opened:
        before = sorted(str(quad) for quad in opened.oxigraph)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "alliancekg", "--store", str(store), "serve", "--port", str(port), "--allow-updates",
         "--token", "t0ken", "--workers", "1", "--query-timeout", "15"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ALLIANCEKG_TOKEN": ""})
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(url + "/", process=server)
        # An update that runs until the server stops it (a cross product of the data that matches
        # nothing, for 15 s): the server's writer holds the lock meanwhile.
        slow = ("INSERT { GRAPH <urn:g:slow> { ?a <urn:p> ?b } } WHERE { GRAPH ?g { ?a ?p ?o } "
                "GRAPH ?h { ?b ?q ?r } GRAPH ?i { ?c ?s ?t } FILTER(STR(?t) = CONCAT(STR(?o), STR(?r), '#')) }")
        answers: list[int] = []
        writer = threading.Thread(target=lambda: answers.append(httpx.post(
            f"{url}/sparql", data={"update": slow}, headers={"Authorization": "Bearer t0ken"}, timeout=60).status_code))
        writer.start()
        deadline = time.monotonic() + 60
        while lock_holder(store) is None:
            assert time.monotonic() < deadline, "the server's writer never took the lock"
            time.sleep(0.05)
        result = run(store, "scenario", "save", "agi-2028", "--event", "agi-verified@2028-06-30")
        assert lock_holder(store) is not None  # still held: the command ran against a locked store
        writer.join(60)
        assert answers == [504]  # the slow update was stopped, and wrote nothing
    finally:
        stop_process(server, timeout=30)
    assert result.exit_code == 2, result.output
    assert "open for writing in another process" in result.output and "--endpoint" in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    with OxigraphStore(store, read_only=True) as opened:
        assert sorted(str(quad) for quad in opened.oxigraph) == before
