"""Bulk loading of big RDF files into a fresh Oxigraph store, in parallel where the format allows.

``pyoxigraph.Store.bulk_load`` parses a file on one thread and indexes it in batches of a
million quads; a file of about that size is therefore indexed on one core.  N-Triples and
N-Quads are line-based, so :func:`bulk_load_file` cuts them at line ends into ranges that
several threads load at once (pyoxigraph releases the GIL while it loads).

Blank nodes need care: a parser gives the blank node labels of each document fresh
identities, so ``_:b1`` in two ranges would become two nodes.  Every line that contains
``_:`` is therefore kept out of the ranges and loaded afterwards as one document of its own,
which keeps each label one node.  (A line with ``_:`` inside a literal or IRI merely takes the
slower path; nothing is lost.)

Bulk loading is not transactional: use it on a store that nobody reads yet and swap that
store in when it is complete (:func:`bulk_build`).
"""

from __future__ import annotations

import io
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

#: Formats that can be cut at line ends.
LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
#: Files smaller than this are loaded in one piece.
MIN_SPLIT_BYTES = 16 * 1024 * 1024
#: Size of the ranges the loading threads take in turn.
RANGE_BYTES = 48 * 1024 * 1024
_BLOCK = 1024 * 1024
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


class _RangeReader(io.RawIOBase):
    """Reads the lines of one byte range, diverting lines with blank nodes to ``spill``."""

    def __init__(self, path: Path | str, start: int, end: int, spill: _Spill) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._file.seek(start)
        self._left = end - start
        self._spill = spill
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def _next_block(self) -> bytes:
        while self._left > 0:
            block = self._file.read(min(_BLOCK, self._left))
            if not block:
                self._left = 0
                break
            self._left -= len(block)
            if self._left > 0:  # complete the last line of the block
                rest = self._file.readline()[: self._left]
                self._left -= len(rest)
                block += rest
            if _BLANK not in block:
                return block
            kept, diverted = [], []
            for line in block.splitlines(keepends=True):
                (diverted if _BLANK in line else kept).append(line)
            self._spill.write(b"".join(diverted))
            if kept:
                return b"".join(kept)
        return b""

    def readinto(self, target: memoryview) -> int:  # type: ignore[override]
        if not self._buffer:
            self._buffer = self._next_block()
        count = min(len(target), len(self._buffer))
        target[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


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
            with self._lock:
                self._file.write(data)
                self.bytes += len(data)

    def close(self) -> None:
        self._file.close()


def bulk_load_file(store: ox.Store, path: Path | str, fmt: ox.RdfFormat | None = None, *,
                   to_graph: ox.NamedNode | None = None, threads: int | None = None,
                   range_bytes: int = RANGE_BYTES) -> None:
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
        Loading threads (default: the number of CPUs, at least 2); ``1`` loads in one piece.
    range_bytes
        Size of the ranges the threads take in turn (memory grows with ``threads * range_bytes``).
    """
    path = Path(path)
    fmt = fmt or guess_format(path)
    threads = threads or max(2, os.cpu_count() or 1)
    options = {"format": fmt, "to_graph": to_graph} if to_graph is not None else {"format": fmt}
    if fmt not in LINE_FORMATS or threads == 1 or path.stat().st_size < MIN_SPLIT_BYTES:
        store.bulk_load(path=str(path), **options)
        return
    ranges: queue.SimpleQueue[tuple[int, int]] = queue.SimpleQueue()
    for item in line_ranges(path, range_bytes):
        ranges.put(item)
    spill = _Spill(path.parent if os.access(path.parent, os.W_OK) else None)
    errors: list[BaseException] = []

    def work() -> None:
        while not errors:
            try:
                start, end = ranges.get_nowait()
            except queue.Empty:
                return
            try:
                with io.BufferedReader(_RangeReader(path, start, end, spill), _BLOCK) as reader:
                    store.bulk_load(input=reader, **options)
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


def bulk_build(target: Path | str, files: Sequence[Path | str], *, threads: int | None = None) -> None:
    """Build the on-disk store ``target`` from RDF ``files`` by bulk loading, swapped in atomically.

    The files are loaded into a fresh directory beside ``target``, which replaces ``target``
    by renames only once complete (:func:`alliancekg.graph.store.swap_in`): a failed or killed
    build leaves the previous store as it was.  The data is not validated (use ``alliancekg
    build`` for validated loading); this is the path for big, already checked dumps.
    """
    from alliancekg.graph.store import swap_in

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=target.name + ".new-", dir=target.parent))
    try:
        store = ox.Store(str(fresh))
        for file in files:
            bulk_load_file(store, file, threads=threads)
        store.flush()
        del store
        swap_in(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


__all__ = ["LINE_FORMATS", "bulk_build", "bulk_load_file", "guess_format", "line_ranges"]
