"""Bulk loading: parallel ranges keep blank nodes whole, builds swap in atomically, and an
interrupted swap is recovered when the store is next opened."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancekg.graph.store import OxigraphStore, bulk, recover_interrupted_swap
from alliancekg.graph.store.bulk import bulk_build, bulk_load_file, line_ranges

G = "<urn:ex:g>"


def write_lines(path: Path, count: int) -> Path:
    """N-Quads with blank nodes whose statements sit far apart (in different ranges)."""
    lines = [f"_:head <urn:ex:next> _:tail {G} .", f'_:shared <urn:ex:label> "first \\" }}{{" {G} .']
    lines += [f'<urn:ex:s{i}> <urn:ex:value> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> {G} .'
              for i in range(count)]
    lines += [f'_:tail <urn:ex:label> "last" {G} .', f'_:shared <urn:ex:label> "second" {G} .',
              f'<urn:ex:s0> <urn:ex:note> "contains _: but no blank node" {G} .']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "MIN_SPLIT_BYTES", 0)


def test_line_ranges_cover_the_file_at_line_ends(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "data.nq", 500)
    ranges = line_ranges(path, 1000)
    data = path.read_bytes()
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in pairwise(ranges))
    assert all(data[end - 1:end] == b"\n" for _, end in ranges)


@given(st.lists(st.sampled_from(["<a> <b> <c> .", "_:x <b> <c> .", "<a> <b> _:y .", "_:", "", "<a> _"]),
                max_size=12), st.booleans())
def test_blank_node_lines_are_diverted_whole_and_in_order(lines: list[str], final_newline: bool) -> None:
    block = ("\n".join(lines) + ("\n" if final_newline else "")).encode()
    kept, diverted = bulk._split_blank_lines(block)
    originals = block.splitlines(keepends=True)
    assert kept.splitlines(keepends=True) == [line for line in originals if b"_:" not in line]
    assert diverted.splitlines(keepends=True) == [line for line in originals if b"_:" in line]


@pytest.mark.usefixtures("small_ranges")
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_parallel_load_equals_a_plain_load(tmp_path: Path, threads: int) -> None:
    path = write_lines(tmp_path / "data.nq", 3000)
    store = ox.Store(str(tmp_path / "store"))
    bulk_load_file(store, path, threads=threads, range_bytes=4096)
    plain = ox.Store()
    plain.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    assert len(store) == len(plain) == 3005
    # Blank nodes split across ranges are still one node each.
    assert len(list(store.query("SELECT * { GRAPH ?g { ?h <urn:ex:next> ?t . ?t <urn:ex:label> 'last' } }"))) == 1
    shared = list(store.query("SELECT ?b (COUNT(*) AS ?n) { GRAPH ?g { ?b <urn:ex:label> ?l } } GROUP BY ?b"))
    assert sorted(int(row["n"].value) for row in shared) == [1, 2]
    assert not list(tmp_path.glob("bulk-blank-*"))  # the spill file is removed


@pytest.mark.usefixtures("small_ranges")
def test_a_last_line_with_a_blank_node_and_no_newline_stays_one_statement(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "data.nq", 3000)
    path.write_bytes(path.read_bytes() + f"_:head <urn:ex:last> _:tail {G} .".encode())
    store = ox.Store()
    bulk_load_file(store, path, threads=2, range_bytes=4096)
    assert len(store) == 3006
    assert len(list(store.query("SELECT * { GRAPH ?g { ?h <urn:ex:last> ?t . ?h <urn:ex:next> ?t } }"))) == 1


@pytest.mark.usefixtures("small_ranges")
def test_a_syntax_error_in_any_range_fails_the_load(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "data.nq", 2000)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("<urn:ex:broken> <urn:ex:p> .\n")
    broken_line = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(SyntaxError) as caught:
        bulk_load_file(ox.Store(), path, threads=2, range_bytes=4096)
    assert caught.value.lineno == broken_line  # the line in the file, not in the range that failed
    spilled = write_lines(tmp_path / "spilled.nq", 2000)
    with spilled.open("a", encoding="utf-8") as handle:
        handle.write("_:x <urn:ex:p> .\n")  # a broken line with a blank node: loaded last, on its own
    with pytest.raises(SyntaxError) as caught:
        bulk_load_file(ox.Store(), spilled, threads=2, range_bytes=4096)
    assert caught.value.lineno == len(spilled.read_text(encoding="utf-8").splitlines())


def test_bulk_build_swaps_in_and_a_failed_build_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "stores" / "store"
    bulk_build(target, [write_lines(tmp_path / "first.nq", 10)])
    with OxigraphStore(target, read_only=True) as store:
        assert len(store.oxigraph) == 15
    broken = tmp_path / "broken.nq"
    broken.write_text(f"<urn:ex:a> <urn:ex:p> <urn:ex:b> {G} .\nnot n-quads\n", encoding="utf-8")
    with pytest.raises(SyntaxError):
        bulk_build(target, [write_lines(tmp_path / "second.nq", 20), broken])
    with OxigraphStore(target, read_only=True) as store:
        assert len(store.oxigraph) == 15
    assert [p.name for p in target.parent.iterdir()] == ["store"]
    bulk_build(target, [tmp_path / "second.nq"])
    with OxigraphStore(target, read_only=True) as store:
        assert len(store.oxigraph) == 25


def test_bulk_build_compacts_the_store_before_swapping_it_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: a bulk-built store left as many small sorted files answered several times more
    # slowly when opened read-only (as alliancekg serve opens it: source-conflicts 205 ms instead
    # of 35 ms at 10^6 triples), since only a read-write store compacts them in the background.
    target = tmp_path / "store"
    bulk_build(target, [write_lines(tmp_path / "old.nq", 10)])
    calls: list[tuple[str, int]] = []
    real_store = ox.Store

    class RecordingStore:
        def __init__(self, path: str) -> None:
            self.store = real_store(path)

        def __getattr__(self, name: str) -> object:
            calls.append((name, len(real_store.read_only(str(target)))))  # what readers see meanwhile
            return getattr(self.store, name)

    monkeypatch.setattr(bulk.ox, "Store", RecordingStore)
    bulk_build(target, [write_lines(tmp_path / "new.nq", 40)])
    names = [name for name, _ in calls]
    assert "optimize" in names and names.index("optimize") > names.index("bulk_load")
    assert dict(calls)["optimize"] == 15  # compacted while the previous store is still in place
    monkeypatch.undo()
    with OxigraphStore(target, read_only=True) as store:
        assert len(store.oxigraph) == 45


def test_an_interrupted_swap_is_recovered_on_open(tmp_path: Path) -> None:
    target = tmp_path / "store"
    bulk_build(target, [write_lines(tmp_path / "old.nq", 10)])
    fresh = tmp_path / "store.new-x"
    bulk_build(fresh, [write_lines(tmp_path / "new.nq", 40)])
    # A crash between swap_in's two renames: the old store moved aside, the new one not yet in place.
    target.rename(tmp_path / "store.old-abc123")
    assert not target.exists()
    with OxigraphStore(target, read_only=True) as store:
        assert len(store.oxigraph) == 15  # the previous store, whole
    assert not (tmp_path / "store.old-abc123").exists()
    assert not fresh.exists()  # the dead build's fresh store, a leftover
    assert recover_interrupted_swap(target) is False  # nothing left to recover
    bulk_build(target, [tmp_path / "new.nq"])  # the next build completes normally
    with OxigraphStore(target, read_only=True) as store:
        assert len(store.oxigraph) == 45


def test_serve_recovers_an_interrupted_swap_before_starting(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from alliancekg.cli import app

    target = tmp_path / "store"
    bulk_build(target, [write_lines(tmp_path / "old.nq", 10)])
    target.rename(tmp_path / "store.old-abc123")
    # A zero timeout is refused after the store check, before anything listens.
    result = CliRunner().invoke(app, ["--store", str(target), "serve", "--query-timeout", "0"])
    assert "must be positive" in result.output and "no store" not in result.output
    assert target.is_dir() and not (tmp_path / "store.old-abc123").exists()
