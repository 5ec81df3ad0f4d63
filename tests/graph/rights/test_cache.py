"""Data kept per store version: reused until a write changes the store's version marker."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from alliancekg.graph.build import load_into
from alliancekg.graph.rights.cache import (
    CACHE_DIR,
    cache_file,
    cached,
    read_kept,
    store_cached,
    version_key,
    write_kept,
)
from alliancekg.graph.rights.evaluation import (
    KEPT_SHAPE,
    Provision,
    fetch_provisions,
    provisions_of,
    resolve_organization,
    rights_at,
    timeline,
    warm_store,
)
from alliancekg.graph.store import OxigraphStore, store_version
from alliancekg.graph.store.bulk import bulk_build
from alliancekg.graph.store.version import VERSION_FILE
from alliancekg.loaders.registry import yamlld_input
from alliancekg.ontology.namespaces import GRAPH


def test_kept_until_a_write_changes_the_version(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(store.query("SELECT * { ?s ?p ?o }").rows)

    assert store_cached(store, "n", count) == 0
    assert store_cached(store, "n", count) == 0 and len(calls) == 1
    store.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:b"), Literal(1))])
    assert cached(store, "n") is None
    assert store_cached(store, "n", count) == 1 and len(calls) == 2


def test_memory_stores_are_never_cached() -> None:
    store = OxigraphStore()
    assert version_key(store) is None
    assert store_cached(store, "n", lambda: 1) == 1
    assert store_cached(store, "n", lambda: 2) == 2


def test_each_store_object_keeps_its_own(tmp_path: Path) -> None:
    first, second = OxigraphStore(tmp_path / "a"), OxigraphStore(tmp_path / "b")
    store_cached(first, "n", lambda: "first")
    assert cached(second, "n") is None


def test_rights_follow_a_write_to_the_same_store(built_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    store = OxigraphStore(path)
    try:
        deal = URIRef(str(GRAPH) + "deals/msft-openai-2025")
        assert deal in store.graphs()
        before = rights_at(store, dt.date(2026, 1, 1))
        assert any(s.provision.endswith("research-ip-until-agi-or-2030") for s in before)
        store.drop_graph(deal)
        after = rights_at(store, dt.date(2026, 1, 1))
        assert not any(s.provision.endswith("research-ip-until-agi-or-2030") for s in after)
        assert len(after) < len(before)
    finally:
        store.close()


# -- kept on disk --------------------------------------------------------------------------------

HOSTILE = Path(__file__).parents[2] / "data" / "hostile"
#: The version the hostile cache files were written for.
HOSTILE_VERSION = "0" * 32
PROVISIONS = "rights.provisions"


def fetch_provisions_sorted(path: Path) -> list[Provision]:
    """Every provision read from the store at ``path``, in the order the engine keeps them."""
    with OxigraphStore(path, read_only=True) as store:
        return sorted(fetch_provisions(store), key=lambda p: (p.agreement, p.label))


def _copy(built: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store"
    shutil.copytree(built, path)
    return path


def _answers(store: OxigraphStore, **options: object) -> list[dict[str, object]]:
    return [s.record() for s in rights_at(store, dt.date(2027, 1, 1), **options)]


def _read_from_the_store(path: Path, **options: object) -> list[dict[str, object]]:
    """The answers with the provisions read from the store itself, whatever lies on disk."""
    with OxigraphStore(path, read_only=True) as store:
        return [s.record() for s in rights_at(store, dt.date(2027, 1, 1), provisions=fetch_provisions(store),
                                              **options)]


def test_a_writer_keeps_what_it_computed_for_the_next_process(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = OxigraphStore(path)
    writer.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:b"), Literal(1))])
    version = store_version(path)
    assert store_cached(writer, "n", lambda: ("computed", 1)) == ("computed", 1)
    writer.close()
    assert read_kept(path, "n", version) == ("computed", 1)

    def never() -> tuple[str, int]:
        raise AssertionError("read the store although its data was kept on disk")

    with OxigraphStore(path, read_only=True) as reader:  # a new store object: nothing in memory
        assert store_cached(reader, "n", never) == ("computed", 1)


def test_a_read_only_process_reads_but_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    OxigraphStore(path).replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:b"), Literal(1))])
    with OxigraphStore(path, read_only=True) as reader:
        assert store_cached(reader, "n", lambda: 7) == 7
    assert not (path / CACHE_DIR).exists()


def test_a_store_without_version_marker_is_not_kept_on_disk(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")  # never written through alliance-kg
    assert store_cached(store, "n", lambda: 1) == 1
    assert not (tmp_path / "store" / CACHE_DIR).exists()


def test_a_new_version_removes_the_files_of_older_ones(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = OxigraphStore(path)
    for value in (1, 2):
        store.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:b"), Literal(value))])
        store_cached(store, "n", lambda value=value: value)
    store.close()
    kept = sorted(p.name for p in (path / CACHE_DIR).iterdir())
    assert kept == [cache_file(path, "n", store_version(path)).name]


def test_a_killed_writer_s_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).mkdir()
    left = tmp_path / CACHE_DIR / ".n-abc123.tmp"  # what a writer killed before its rename leaves
    left.write_bytes(b"half")
    write_kept(tmp_path, "n", "v2", 2)
    assert sorted(p.name for p in (tmp_path / CACHE_DIR).iterdir()) == ["n-v2.pickle"]


def test_warming_keeps_the_rights_data_and_answers_come_from_it(built_store_path: Path, tmp_path: Path) -> None:
    path = _copy(built_store_path, tmp_path)
    with OxigraphStore(path) as store:
        warm_store(store)
    version = store_version(path)
    assert version is not None and cache_file(path, PROVISIONS, version).is_file()
    with OxigraphStore(path, read_only=True) as store:
        kept = read_kept(path, PROVISIONS, version, KEPT_SHAPE)
        assert list(kept) == list(provisions_of(store))  # what was built is what the engine uses
        assert _answers(store) == _read_from_the_store(path)
    # The engine answers from the file: keep a single provision there, and only it is answered for.
    write_kept(path, PROVISIONS, version, kept[:1], KEPT_SHAPE)
    with OxigraphStore(path, read_only=True) as store:
        assert [s["provision"] for s in _answers(store)] == [kept[0].iri]


def test_answers_from_disk_equal_answers_from_the_store(built_store_path: Path, tmp_path: Path) -> None:
    path = _copy(built_store_path, tmp_path)
    with OxigraphStore(path, read_only=True) as store:
        microsoft = resolve_organization(store, "microsoft")
        for options in ({}, {"holder": microsoft}, {"holder": microsoft, "group": True},
                        {"terms_as_of": dt.date(2025, 10, 28)}):
            assert _answers(store, **options) == _read_from_the_store(path, **options)
        states = timeline(store)
    with OxigraphStore(path, read_only=True) as store:
        assert timeline(store) == states


def test_warming_after_a_load_keeps_only_the_new_version(built_store_path: Path, tmp_path: Path) -> None:
    path = _copy(built_store_path, tmp_path)
    deal = Path(__file__).parents[3] / "data" / "deals" / "msft-openai-2025.yaml"
    with OxigraphStore(path) as store:
        before = store_version(path)
        warm_store(store)
        load_into(store, [yamlld_input(deal, name="deals/msft-openai-2025")], reason=False)
        warm_store(store)
    after = store_version(path)
    assert after != before
    assert [p.name for p in (path / CACHE_DIR).iterdir() if p.name.startswith(PROVISIONS)] == [
        cache_file(path, PROVISIONS, after).name]


def test_a_bulk_built_store_has_a_version_and_can_keep_the_rights_data(built_store_path: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    with OxigraphStore(built_store_path, read_only=True) as store:
        store.oxigraph.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        expected = [s.record() for s in rights_at(store, dt.date(2027, 1, 1))]
    bulk_build(tmp_path / "bulk", [dump])
    with OxigraphStore(tmp_path / "bulk") as store:
        warm_store(store)
    version = store_version(tmp_path / "bulk")
    assert version is not None and cache_file(tmp_path / "bulk", PROVISIONS, version).is_file()
    with OxigraphStore(tmp_path / "bulk", read_only=True) as store:
        assert _answers(store) == expected


@pytest.mark.parametrize(("name", "same_version"), [
    ("rights-cache-truncated.pickle", True),
    ("rights-cache-foreign.pickle", True),
    ("rights-cache-other-format.pickle", True),
    ("rights-cache-other-version.pickle", False),
])
def test_a_damaged_or_foreign_file_is_ignored(built_store_path: Path, tmp_path: Path, name: str,
                                              same_version: bool) -> None:
    path = _copy(built_store_path, tmp_path)
    if same_version:  # the hostile files were written for this version: only their content is wrong
        (path / VERSION_FILE).write_text(HOSTILE_VERSION + "\n", encoding="ascii")
    version = store_version(path)
    cache_file(path, PROVISIONS, version).parent.mkdir(exist_ok=True)
    shutil.copyfile(HOSTILE / name, cache_file(path, PROVISIONS, version))
    expected = _read_from_the_store(path)
    with OxigraphStore(path, read_only=True) as store:
        assert _answers(store) == expected
    with OxigraphStore(path) as store:  # a writer replaces the file with a good one
        assert _answers(store) == expected
    assert list(read_kept(path, PROVISIONS, version, KEPT_SHAPE)) == list(fetch_provisions_sorted(path))


def test_a_file_kept_for_other_classes_is_not_read(built_store_path: Path, tmp_path: Path) -> None:
    # A file written before a field of Provision was added or renamed: same version, other shape.
    path = _copy(built_store_path, tmp_path)
    with OxigraphStore(path) as store:
        warm_store(store)
    version = store_version(path)
    kept = read_kept(path, PROVISIONS, version, KEPT_SHAPE)
    assert kept is not None
    write_kept(path, PROVISIONS, version, kept[:1], revision=(("Provision", ("iri", "label")),))
    with OxigraphStore(path, read_only=True) as store:
        assert len(_answers(store)) == len(kept)
