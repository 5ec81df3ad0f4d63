"""Bulk loading of big RDF files into a fresh Oxigraph store, in parallel where the format allows.

``pyoxigraph.Store.bulk_load`` parses a file on one thread and indexes it in batches of a
million quads; a file of about that size is therefore indexed on one core, and one big batch
costs more per quad than several small ones.  N-Triples and N-Quads are line-based, so
:func:`bulk_load_file` cuts them at line ends into ranges of a few megabytes that several
threads read and hand to ``bulk_load`` as bytes (pyoxigraph releases the GIL while it loads;
no Python code runs while a range is parsed and indexed).  At 10^6 triples on two cores this
loads about twice as fast as one ``bulk_load`` of the whole file (``make bench``).

Blank nodes need care: a parser gives the blank node labels of each document fresh
identities, so ``_:b1`` in two ranges would become two nodes.  Every line that contains
``_:`` is therefore kept out of the ranges and loaded afterwards as one document of its own,
which keeps each label one node.  (A line with ``_:`` inside a literal or IRI merely takes the
slower path; nothing is lost.)

Bulk loading is not transactional: use it on a store that nobody reads yet and swap that
store in when it is complete (:func:`bulk_build`).
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox

#: Formats that can be cut at line ends.
LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
#: Files smaller than this are loaded in one piece.
MIN_SPLIT_BYTES = 16 * 1024 * 1024
#: Size of the ranges the loading threads take in turn.
RANGE_BYTES = 8 * 1024 * 1024
_BLANK = b"_:"


def guess_format(path: Path | str) -> ox.RdfFormat:
    """The RDF format of ``path`` from its extension (``.nq``, ``.nt``, ``.ttl``, ``.trig``…)."""
    fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip("."))
    if fmt is None:
        raise ValueError(f"cannot tell the RDF format of {path} from its extension")
    return fmt


def line_ranges(path: Path | str, size: int) -> list[tuple[int, int]]:
    """Cut the file into byte ranges of about ``size`` bytes, each ending at a line end.

    Examples
    --------
    >>> import tempfile
    >>> f = tempfile.NamedTemporaryFile(delete=False); _ = f.write(b"a\\nbb\\nccc\\n"); f.close()
    >>> line_ranges(f.name, 3)
    [(0, 5), (5, 9)]
    """
    total = os.path.getsize(path)
    ranges, start = [], 0
    with open(path, "rb") as handle:
        while start < total:
            handle.seek(min(start + size, total))
            handle.readline()
            end = min(handle.tell(), total)
            ranges.append((start, end))
            start = end
    return ranges


def _split_blank_lines(block: bytes) -> tuple[bytes, bytes]:
    """``block`` cut into its lines without blank nodes and its lines with them.

    Works by searching for ``_:`` (in C) rather than splitting every line in Python, since the
    threads hold the GIL while they do this.

    Examples
    --------
    >>> _split_blank_lines(b"<a> <b> <c> .\\n_:x <b> <c> .\\n<d> <b> _:y .\\n<e> <b> <c> .\\n")
    (b'<a> <b> <c> .\\n<e> <b> <c> .\\n', b'_:x <b> <c> .\\n<d> <b> _:y .\\n')
    """
    found = block.find(_BLANK)
    if found < 0:
        return block, b""
    kept, diverted, done = [], [], 0
    while found >= 0:
        line_start = block.rfind(b"\n", done, found) + 1 or done
        line_end = block.find(b"\n", found)
        line_end = len(block) if line_end < 0 else line_end + 1
        kept.append(block[done:line_start])
        diverted.append(block[line_start:line_end])
        done = line_end
        found = block.find(_BLANK, done)
    kept.append(block[done:])
    return b"".join(kept), b"".join(diverted)


class _Spill:
    """A temporary file collecting the lines with blank nodes, shared by the loading threads."""

    def __init__(self, directory: Path | None) -> None:
        self._file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in close()
            prefix="bulk-blank-", suffix=".nq", dir=directory, delete=False)
        self._lock = threading.Lock()
        self.path = Path(self._file.name)
        self.bytes = 0

    def write(self, data: bytes) -> None:
        if data:
            if not data.endswith(b"\n"):  # the file's last line: keep it apart from later writes
                data += b"\n"
            with self._lock:
                self._file.write(data)
                self.bytes += len(data)

    def close(self) -> None:
        self._file.close()


def bulk_load_file(store: ox.Store, path: Path | str, fmt: ox.RdfFormat | None = None, *,
                   to_graph: ox.NamedNode | None = None, threads: int | None = None,
                   range_bytes: int | None = None, progress: Callable[[int], None] | None = None) -> None:
    """Load the RDF file ``path`` into ``store`` with ``Store.bulk_load``, in parallel for N-Triples/N-Quads.

    Parameters
    ----------
    store
        The pyoxigraph store (preferably fresh; bulk loading is not transactional).
    path
        The file; its format comes from ``fmt`` or its extension.
    to_graph
        For triple formats: the named graph to put the triples in.
    threads
        Loading threads (default: one more than the CPUs, so that a core is not left idle while a
        thread writes its files); ``1`` loads in one piece.
    range_bytes
        Size of the ranges the threads take in turn (default :data:`RANGE_BYTES`; memory grows with
        ``threads * range_bytes``).
    progress
        Called with a number of bytes of ``path`` each time that many more are loaded (from the
        loading threads, so it must be thread-safe; a rich ``Progress.advance`` is).
    """
    path = Path(path)
    fmt = fmt or guess_format(path)
    threads = threads or (os.cpu_count() or 1) + 1
    options = {"format": fmt, "to_graph": to_graph} if to_graph is not None else {"format": fmt}
    size = path.stat().st_size
    if fmt not in LINE_FORMATS or threads == 1 or size < MIN_SPLIT_BYTES:
        store.bulk_load(path=str(path), **options)
        if progress is not None:
            progress(size)
        return
    ranges: queue.SimpleQueue[tuple[int, int]] = queue.SimpleQueue()
    for item in line_ranges(path, range_bytes or RANGE_BYTES):
        ranges.put(item)
    spill = _Spill(path.parent if os.access(path.parent, os.W_OK) else None)
    errors: list[BaseException] = []

    def work() -> None:
        with open(path, "rb") as handle:
            while not errors:
                try:
                    start, end = ranges.get_nowait()
                except queue.Empty:
                    return
                try:
                    handle.seek(start)
                    kept, diverted = _split_blank_lines(handle.read(end - start))
                    spill.write(diverted)
                    if kept:
                        store.bulk_load(input=kept, **options)
                    if progress is not None:
                        progress(end - start - len(diverted))
                except BaseException as exc:  # reported once all threads stopped
                    errors.append(exc)

    workers = [threading.Thread(target=work, name=f"bulk-load-{n}") for n in range(threads)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        spill.close()
        if errors:
            raise _located(errors[0], path, fmt)
        if spill.bytes:
            try:
                store.bulk_load(path=str(spill.path), **options)
            except SyntaxError as exc:
                raise _located(exc, path, fmt) from None
            if progress is not None:
                progress(spill.bytes)
    finally:
        spill.close()
        spill.path.unlink(missing_ok=True)


def _located(error: BaseException, path: Path, fmt: ox.RdfFormat) -> BaseException:
    """A syntax error with the line of the whole file (a range's own line numbers would mislead).

    Only on failure: the file is parsed again from its start up to the first error.
    """
    if not isinstance(error, SyntaxError):
        return error
    try:
        for _ in ox.parse(path=str(path), format=fmt):
            pass
    except SyntaxError as located:
        return located
    return error


def bulk_build(target: Path | str, files: Sequence[Path | str], *, threads: int | None = None,
               optimize: bool = True, progress: Callable[[int], None] | None = None) -> None:
    """Build the on-disk store ``target`` from RDF ``files`` by bulk loading, swapped in atomically.

    The files are loaded into a fresh directory beside ``target``, given a version marker
    (:mod:`~alliancekg.graph.store.version`), which replaces ``target`` by renames only once complete
    (:func:`alliancekg.graph.store.embedded.swap_in`): a failed or killed build leaves the
    previous store as it was.  The data is not validated (use ``alliancekg build`` for
    validated loading); this is the path for big, already checked dumps.

    Parameters
    ----------
    target
        The store directory to create or replace.
    files
        RDF files, loaded in turn (format from the extension).
    threads
        Loading threads per file (see :func:`bulk_load_file`).
    optimize
        Compact the store before it is swapped in.  A bulk load leaves many small sorted files;
        a store opened read-write compacts them in the background, but one opened read-only
        (as ``alliancekg serve`` opens it) never does and answers several times more slowly
        (6x for ``source-conflicts`` at 10^6 triples, ``make bench``).
    progress
        Called with numbers of bytes loaded (see :func:`bulk_load_file`).
    """
    from alliancekg.graph.store.swap import fresh_directory, swap_in
    from alliancekg.graph.store.version import bump_store_version

    target = Path(target)
    with fresh_directory(target) as fresh:
        store = ox.Store(str(fresh))
        for file in files:
            bulk_load_file(store, file, threads=threads, progress=progress)
        if optimize:
            store.optimize()
        store.flush()
        del store
        bump_store_version(fresh)
        swap_in(fresh, target)


__all__ = ["LINE_FORMATS", "bulk_build", "bulk_load_file", "guess_format", "line_ranges"]
