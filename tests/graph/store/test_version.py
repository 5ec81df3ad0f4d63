"""The store's version marker: absent until written, new on every bump, readable whole."""

from __future__ import annotations

from pathlib import Path

from alliancekg.graph.store.version import VERSION_FILE, after_write, bump_store_version, store_version


def test_a_store_never_written_has_no_version(tmp_path: Path) -> None:
    assert store_version(tmp_path) is None
    assert store_version(tmp_path / "missing") is None


def test_each_bump_gives_a_new_version_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    first = bump_store_version(tmp_path)
    second = bump_store_version(tmp_path)
    assert first != second
    assert store_version(tmp_path) == second
    assert [p.name for p in tmp_path.iterdir()] == [VERSION_FILE]


def test_an_unreadable_marker_counts_as_no_version(tmp_path: Path) -> None:
    (tmp_path / VERSION_FILE).write_bytes(b"\xff\xfe not ascii")
    assert store_version(tmp_path) is None


def test_after_write_calls_the_registered_steps_with_the_store(tmp_path: Path) -> None:
    from alliancekg.graph.store import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    bump_store_version(store.path)
    assert after_write(store) == ["rights"]
    # The rights engine's step kept its data for this version.
    assert sorted(p.name for p in (store.path / "alliancekg-cache").iterdir()) == [
        f"rights.facts-{store_version(store.path)}.pickle", f"rights.provisions-{store_version(store.path)}.pickle"]
    store.close()


def test_a_read_only_store_is_left_alone(tmp_path: Path) -> None:
    from alliancekg.graph.store import OxigraphStore

    OxigraphStore(tmp_path / "store").close()
    bump_store_version(tmp_path / "store")
    with OxigraphStore(tmp_path / "store", read_only=True) as store:
        assert after_write(store) == ["rights"]
    assert not (tmp_path / "store" / "alliancekg-cache").exists()


def test_a_failing_step_is_reported_and_skipped(tmp_path: Path, caplog) -> None:
    from alliancekg.graph.store import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    bump_store_version(store.path)
    store.close()  # the rights step cannot read a closed store
    assert after_write(store) == []
    assert "after-write step rights failed" in caplog.text
    assert store_version(tmp_path / "store") is not None
