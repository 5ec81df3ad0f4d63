"""What a killed build leaves beside the store is removed by the next build or open; what a
running build is writing is not.

A build writes ``<store>.new-*`` and moves the replaced store aside as ``<store>.old-*`` while
deleting it; both hold a ``flock`` while in use, which the kernel drops when the build dies.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alliancekg.graph.build import build_store
from alliancekg.graph.store import OxigraphStore, lock_directory

REPO = Path(__file__).resolve().parents[3]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}


def swap_parts(store: Path) -> list[str]:
    """Names of the build's temporary directories beside ``store``."""
    return sorted(p.name for p in store.parent.iterdir() if p.name.startswith((store.name + ".new-",
                                                                                store.name + ".old-")))


def kill_a_build_while_it_writes(store: Path) -> str:
    """SIGKILL ``alliancekg build`` once its fresh directory exists; the directory it left."""
    for _attempt in range(3):
        build = subprocess.Popen([sys.executable, "-m", "alliancekg", "--store", str(store), "build", "--no-reason"],
                                 env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while build.poll() is None and time.monotonic() < deadline and not swap_parts(store):
            time.sleep(0.001)
        build.send_signal(signal.SIGKILL)
        build.wait(60)
        if swap_parts(store):
            return swap_parts(store)[0]
    pytest.fail("the build finished each time before it could be killed while writing")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("built") / "store"
    build_store(store, reason=False)
    return store


def copy_of(built: Path, tmp_path: Path) -> Path:
    store = tmp_path / "data" / "store"
    shutil.copytree(built, store)
    return store


def triples(store: Path) -> int:
    with OxigraphStore(store, read_only=True) as opened:
        return opened.triple_count()


@pytest.mark.slow
def test_a_build_removes_what_a_killed_build_left(built: Path, tmp_path: Path) -> None:
    store = copy_of(built, tmp_path)
    left = kill_a_build_while_it_writes(store)
    assert left.startswith("store.new-")
    build_store(store, reason=False)
    assert swap_parts(store) == []
    assert triples(store) == triples(built)


@pytest.mark.slow
def test_opening_the_store_removes_what_a_killed_build_left(built: Path, tmp_path: Path) -> None:
    store = copy_of(built, tmp_path)
    kill_a_build_while_it_writes(store)
    OxigraphStore(store, read_only=True).close()  # as `alliancekg serve` and every command open it
    assert swap_parts(store) == []


def test_serve_removes_what_killed_builds_left_before_starting(built: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from alliancekg.cli import app

    store = copy_of(built, tmp_path)
    shutil.copytree(built, store.parent / "store.new-k1ll3d")  # killed before its swap
    shutil.copytree(built, store.parent / "store.old-k1ll3d")  # killed while deleting the replaced store
    # A zero timeout is refused after the store check, before anything listens.
    result = CliRunner().invoke(app, ["--store", str(store), "serve", "--query-timeout", "0"])
    assert "must be positive" in result.output
    assert swap_parts(store) == []


def test_a_replaced_store_left_aside_is_removed_once_the_new_one_is_in(built: Path, tmp_path: Path) -> None:
    store = copy_of(built, tmp_path)
    shutil.copytree(built, store.parent / "store.old-k1ll3d")  # killed while deleting the replaced store
    OxigraphStore(store, read_only=True).close()
    assert swap_parts(store) == []
    assert triples(store) == triples(built)


WRITER = """
import sys
from alliancekg.graph.store import fresh_directory, swap_in
import pyoxigraph as ox
target = sys.argv[1]
with fresh_directory(target) as fresh:
    print(fresh, flush=True)
    sys.stdin.readline()  # writing, for as long as the test wants
    ox.Store(str(fresh)).flush()
    swap_in(fresh, target)
"""


@pytest.mark.slow
def test_the_directory_of_a_running_build_is_kept(built: Path, tmp_path: Path) -> None:
    store = copy_of(built, tmp_path)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(store)], env=ENV, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        fresh = Path(writer.stdout.readline().strip())
        assert fresh.is_dir()
        build_store(store, reason=False)
        OxigraphStore(store, read_only=True).close()
        assert fresh.is_dir(), "a running build's directory was taken for a leftover"
        writer.stdin.write("go on\n")
        writer.stdin.flush()
        assert writer.wait(60) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(10)
    assert swap_parts(store) == []
    assert triples(store) == 0  # the writer's empty store was swapped in after the build


def test_a_store_moved_aside_by_a_running_swap_is_not_put_back(built: Path, tmp_path: Path) -> None:
    store = copy_of(built, tmp_path)
    aside = store.parent / "store.old-running"
    store.rename(aside)
    held = lock_directory(aside, wait=False)  # as swap_in holds it between its two renames
    assert held is not None
    try:
        child = subprocess.run([sys.executable, "-c", "import sys; from alliancekg.graph.store.embedded import "
                                "recover_interrupted_swap as r; print(r(sys.argv[1]))", str(store)],
                               env=ENV, capture_output=True, text=True, timeout=60, check=True)
        assert child.stdout.strip() == "False" and aside.is_dir() and not store.exists()
    finally:
        os.close(held)
    OxigraphStore(store, read_only=True).close()  # its holder died: the interrupted swap is undone
    assert triples(store) == triples(built)
