"""The store's version marker: absent until written, new on every bump, readable whole."""

from __future__ import annotations

from pathlib import Path

from alliancekg.graph.store.version import VERSION_FILE, bump_store_version, store_version


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
