"""Running store operations with a timeout: worker processes that can be killed.

pyoxigraph cannot cancel a running query, so the service runs every operation in a small
pool of worker processes.  A query that outlives its timeout gets its worker killed and
replaced, and the client hears 504; the other workers go on serving.

Readers open the store read-only.  With updates allowed, one more worker applies writes:
it opens the store read-write for each write and closes it after, while a read/write lock
keeps every read out for that moment (pyoxigraph forbids reading a store that another
process is writing); readers reopen the store after each write, when the store directory
was replaced (``alliancekg build`` swaps in a fresh one), and when another process committed
a write (``alliancekg load`` changes the store's version marker, see ``store_version``).

:class:`LocalExecutor` runs the same operations in threads on a store object of this
process (for in-memory stores and tests): a timed-out query is answered with 504 but its
thread runs to the end.

Limits of a worker (see :func:`default_query_memory`): its private memory is capped with
``RLIMIT_DATA``; a worker that runs out of it (a ``MemoryError``, or the process aborted by
a failed allocation) is replaced and the client hears 507.  A worker that crashes on its
stack (a query nested too deeply for the parser) is replaced and the client hears 400.
Queries that have run longer than ``long_after`` seconds may hold all workers but one: the
next query to pass that mark is stopped with 503, so the last worker keeps answering short
queries while long ones run.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import resource
import signal
import socket
import subprocess
import sys
import traceback
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from dataclasses import replace as replace_answer
from pathlib import Path

import aiorwlock
import pyoxigraph as ox

from alliancekg.graph.store.version import VERSION_FILE
from alliancekg.server import wire
from alliancekg.server.held import hold_still
from alliancekg.server.operations import OPERATIONS, READ_OPERATIONS, Answer, OperationError


class ServiceUnavailable(OperationError):
    """No worker could take the request in time (503) or the operation timed out (504)."""


#: Status of an answer that needed more memory than a worker may have.
OUT_OF_MEMORY = 507
#: Smallest ``max_memory`` accepted: a worker needs about 100 MiB to open a store and answer.
MIN_QUERY_MEMORY = 256 * 1024 * 1024
#: Smallest ``max_memory`` accepted when writes are allowed: the writer validates what a write
#: leaves with SHACL (rdflib, pySHACL) and HermiT (a Java process inheriting the bound).
MIN_WRITER_MEMORY = 512 * 1024 * 1024


def default_query_memory(workers: int) -> int:
    """Default memory bound of one worker: the machine's RAM shared by the workers, the writer and the server.

    Examples
    --------
    >>> default_query_memory(2) >= MIN_QUERY_MEMORY
    True
    """
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(MIN_QUERY_MEMORY, total // (max(1, workers) + 2))


def limit_memory(max_memory: int) -> None:
    """Cap the private memory (heap and anonymous mappings) of this process at ``max_memory`` bytes.

    ``RLIMIT_DATA`` leaves out the store's memory-mapped files, which ``RLIMIT_AS`` would count.
    """
    resource.setrlimit(resource.RLIMIT_DATA, (max_memory, max_memory))


@dataclass(frozen=True)
class _Failure:
    """An exception raised in a worker, carried back to the server."""

    status: int
    message: str


def _store_identity(path: str) -> tuple[int, ...] | None:
    """What a reader's open handle depends on: the store directory and its version marker, by two ``stat`` calls.

    A new marker is written beside the old one and renamed over it (see ``bump_store_version``), so
    each version is a new file: its inode number and change time tell it apart without reading it.
    """
    try:
        directory = os.stat(path)
    except OSError:
        return None
    try:
        marker = os.stat(os.path.join(path, VERSION_FILE))
    except OSError:
        return directory.st_dev, directory.st_ino
    return directory.st_dev, directory.st_ino, marker.st_ino, marker.st_ctime_ns, marker.st_size


def _open(path: str, read_write: bool) -> ox.Store:
    return ox.Store(path) if read_write else ox.Store.read_only(path)


def worker_main(conn: socket.socket, path: str, read_write: bool) -> None:
    """Loop of a worker process: receive ``(generation, operation, job)``, send the answer back.

    A reader keeps its read-only store open and reopens it when the writer's generation
    or the store directory changed.  The writer opens the store for each job and closes
    it after, so that no read-write handle outlives a write.
    """
    store: ox.Store | None = None
    opened_at: tuple[object, tuple[int, ...] | None] | None = None
    try:
        if not read_write:
            opened_at = (0, _store_identity(path))
            store = hold_still(_open(path, False))
        wire.send(conn, "ready")
    except Exception as exc:  # reported to the parent, which refuses to start
        wire.send(conn, _Failure(500, f"cannot open the store at {path}: {exc}"))
        return
    while True:
        try:
            generation, operation, job = wire.receive(conn)
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if read_write:
                store = _open(path, True)
            else:
                identity = (generation, _store_identity(path))
                if identity != opened_at:
                    store = None
                    store = hold_still(_open(path, False))
                    opened_at = identity
            answer: object = OPERATIONS[operation](store, job)
            if read_write:
                store.flush()
        except OperationError as exc:
            answer = _Failure(exc.status, exc.message)
        except MemoryError:
            # Nothing is known to be safe after this: answer, then let the parent start a fresh worker.
            store = None
            with contextlib.suppress(Exception):
                wire.send(conn, _Failure(OUT_OF_MEMORY, "MemoryError"))
            return
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            answer = _Failure(500, f"{type(exc).__name__}: {exc}")
        finally:
            if read_write:
                # Release the read-write handle now: a refused write's traceback can hold it in a
                # reference cycle, and the next job's open would find the store still locked.
                store = None
                gc.collect()
        try:
            wire.send(conn, answer)
        except (BrokenPipeError, OSError):
            return


#: Answers with bodies up to this size are read whole; larger ones are relayed to the client in chunks.
RELAY_ABOVE = 1 * 2**20
#: Bytes relayed at a time from a worker to the client.
RELAY_CHUNK = 256 * 1024


class _Worker:
    """The parent's handle on one worker process.

    Workers are plain ``python -m alliancekg.server.workers`` processes talking over a
    socket pair (see :mod:`~alliancekg.server.wire`), so they import only what they need
    (not the parent's main module).  The parent reads and writes the socket with asyncio
    streams, created on first use in the serving event loop.
    """

    def __init__(self, path: str, read_write: bool, max_memory: int | None = None) -> None:
        parent, child = socket.socketpair()
        command = [sys.executable, "-m", __name__, "--fd", str(child.fileno()), "--store", path]
        if max_memory is not None:
            command += ["--max-memory", str(max_memory)]
        if read_write:
            command.append("--read-write")
        try:
            self.process = subprocess.Popen(command, pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL)
        finally:
            child.close()
        self.sock = parent
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.pending: asyncio.Task | None = None

    def wait_ready(self, timeout: float) -> None:
        self.sock.settimeout(timeout)
        try:
            message = wire.receive(self.sock)
        except TimeoutError:
            self.kill()
            raise RuntimeError("a query worker did not start in time") from None
        except (EOFError, OSError) as exc:
            self.kill()
            raise RuntimeError(f"a query worker failed to start (exit status {self.process.poll()})") from exc
        if isinstance(message, _Failure):
            self.kill()
            raise RuntimeError(message.message)
        self.sock.settimeout(None)

    async def _streams(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(sock=self.sock, limit=2 * RELAY_CHUNK)
        return self.reader, self.writer

    async def send(self, message: tuple) -> None:
        """Send ``message`` (a job) to the worker."""
        _, writer = await self._streams()
        writer.write(wire.frame(message))
        await writer.drain()

    async def _receive(self) -> object:
        reader, _ = await self._streams()
        message = await wire.read_message(reader)
        if isinstance(message, wire.BodyFollows):
            if message.length > RELAY_ABOVE:
                return message
            return replace_answer(message.answer, body=await reader.readexactly(message.length))
        return message

    async def answer(self, timeout: float) -> object:
        """The worker's answer, or ``TimeoutError`` if none came within ``timeout`` seconds.

        A :class:`~alliancekg.server.wire.BodyFollows` when the body is larger than
        :data:`RELAY_ABOVE` (still to be read, see :class:`WorkerBody`).  After a
        ``TimeoutError`` the next call goes on waiting for the same answer.  ``EOFError`` or
        ``OSError`` if the worker died.
        """
        if self.pending is None:
            self.pending = asyncio.ensure_future(self._receive())
        done, _ = await asyncio.wait({self.pending}, timeout=timeout)
        if not done:
            raise TimeoutError
        task, self.pending = self.pending, None
        return task.result()

    async def relay(self, length: int) -> AsyncIterator[bytes]:
        """The next ``length`` bytes from the worker, in chunks."""
        reader, _ = await self._streams()
        left = length
        while left:
            chunk = await reader.read(min(RELAY_CHUNK, left))
            if not chunk:
                raise EOFError("the query worker closed its socket before the end of the answer")
            left -= len(chunk)
            yield chunk

    def death(self) -> int | None:
        """How the process ended: its exit status (``-N`` for signal N), or ``None`` if it still runs."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.process.wait(5)
        return None

    def detach(self) -> None:
        """Stop reading and writing the worker's socket (in the event loop, before :meth:`kill`)."""
        if self.pending is not None:
            self.pending.cancel()
            self.pending = None
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.close()

    def kill(self) -> None:
        """Kill the process and close the socket (from a thread: waits for the process to end)."""
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self.sock.close()


class WorkerBody:
    """The body of a worker's answer, still on the worker's socket: relayed once, then the worker is free.

    ``release(True)`` is called once every byte was relayed, ``release(False)`` if the relay
    stopped early or never started (the worker is then replaced: the rest of its answer is unread).
    """

    def __init__(self, chunks: AsyncIterator[bytes], length: int, release: Callable[[bool], None]) -> None:
        self._chunks = chunks
        self.length = length
        self._release = release
        self._sent = 0
        self._done = False

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            self._release(self._sent == self.length)

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body's bytes, in chunks (once)."""
        try:
            async for chunk in self._chunks:
                self._sent += len(chunk)
                yield chunk
        finally:
            self._finish()

    def discard(self) -> None:
        """Give the body up unread (a HEAD request, a client gone): the worker is replaced."""
        self._finish()


@dataclass(frozen=True)
class StreamedAnswer(Answer):
    """An :class:`Answer` whose body is relayed from a worker rather than held (``body`` is empty)."""

    stream: WorkerBody | None = field(default=None, compare=False)


class Executor(ABC):
    """Runs named operations (see :mod:`~alliancekg.server.operations`) with a timeout."""

    #: Whether writes may run (set by each executor from its ``allow_writes``).
    allow_writes: bool = False

    def __init__(self, *, timeout: float) -> None:
        self.timeout = timeout
        self._lock: aiorwlock.RWLock | None = None

    @property
    def lock(self) -> aiorwlock.RWLock:
        # Created lazily so that it belongs to the running event loop.
        if self._lock is None:
            self._lock = aiorwlock.RWLock()
        return self._lock

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Get ready to serve (start workers)."""

    async def stop(self) -> None:  # noqa: B027 - optional hook
        """Release workers and resources."""

    async def run(self, operation: str, job: object) -> object:
        """Run ``operation`` on ``job``: reads share the store, a write has it alone.

        Without writes allowed no write ever runs, so reads go without taking the lock.
        """
        if operation in READ_OPERATIONS and not self.allow_writes:
            answer = await self._run(operation, job, write=False)
        elif operation in READ_OPERATIONS:
            async with self.lock.reader_lock:
                answer = await self._run(operation, job, write=False)
        else:
            async with self.lock.writer_lock:
                answer = await self._run(operation, job, write=True)
        if isinstance(answer, _Failure):
            raise OperationError(answer.status, answer.message)
        return answer

    @abstractmethod
    async def _run(self, operation: str, job: object, *, write: bool) -> object:
        """Run one operation; return its answer or a :class:`_Failure`."""

    def _timed_out(self, operation: str) -> ServiceUnavailable:
        what = "query" if operation == "query" else "operation"
        return ServiceUnavailable(
            504, f"the {what} ran longer than {self.timeout:g} s, the limit of this server (--query-timeout), "
                 "and was stopped",
        )


class ProcessExecutor(Executor):
    """Operations in worker processes on an on-disk store, killed and replaced on timeout.

    Parameters
    ----------
    max_memory
        Bytes of private memory each worker may use (default: :func:`default_query_memory`).
    long_after
        Seconds after which a running query counts as long; long queries may hold all workers
        but one (default: 2 s, or half the timeout if that is shorter).
    """

    def __init__(self, path: Path | str, *, timeout: float, workers: int = 2, allow_writes: bool = False,
                 queue_timeout: float | None = None, start_timeout: float = 60.0, max_memory: int | None = None,
                 long_after: float | None = None) -> None:
        super().__init__(timeout=timeout)
        self.queue_timeout = timeout if queue_timeout is None else queue_timeout
        self.path = str(Path(path).resolve())
        self.size = max(1, workers)
        self.allow_writes = allow_writes
        self.start_timeout = start_timeout
        self.max_memory = default_query_memory(self.size) if max_memory is None else max_memory
        self.long_after = min(2.0, timeout / 2) if long_after is None else long_after
        #: Most queries allowed past ``long_after`` at once: all workers but one (with one worker, that one).
        self.max_long = max(1, self.size - 1)
        self.generation = 0
        self._long = 0
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._replacing: set[asyncio.Task] = set()
        self._writer: _Worker | None = None

    def _spawn(self, read_write: bool) -> _Worker:
        worker = _Worker(self.path, read_write, self.max_memory)
        worker.wait_ready(self.start_timeout)
        return worker

    async def start(self) -> None:
        if self.allow_writes:
            Path(self.path).mkdir(parents=True, exist_ok=True)
            await asyncio.to_thread(lambda: ox.Store(self.path).flush())
        elif not Path(self.path).is_dir():
            raise RuntimeError(f"no store at {self.path}; build one first (alliancekg build)")
        self._idle = asyncio.Queue()
        readers = await asyncio.gather(*(asyncio.to_thread(self._spawn, False) for _ in range(self.size)))
        for worker in readers:
            self._all.add(worker)
            self._idle.put_nowait(worker)
        if self.allow_writes:
            self._writer = await asyncio.to_thread(self._spawn, True)

    async def stop(self) -> None:
        # Let replacements under way finish first, so that none starts after the others are gone.
        await asyncio.gather(*self._replacing, return_exceptions=True)
        workers = [*self._all, *([self._writer] if self._writer else [])]
        self._all.clear()
        self._writer = None
        for worker in workers:
            worker.detach()
        await asyncio.gather(*(asyncio.to_thread(w.kill) for w in workers))

    def _start_replacing(self, worker: _Worker) -> None:
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _replace(self, worker: _Worker) -> None:
        """Kill a worker that overran or failed and put a fresh one in the pool."""
        self._all.discard(worker)
        worker.detach()
        await asyncio.to_thread(worker.kill)
        try:
            fresh = await asyncio.to_thread(self._spawn, False)
        except RuntimeError:
            await asyncio.sleep(1)
            fresh = await asyncio.to_thread(self._spawn, False)
        self._all.add(fresh)
        assert self._idle is not None
        self._idle.put_nowait(fresh)

    def _out_of_memory(self, operation: str) -> OperationError:
        what, hint = ("query", "narrow the query") if operation == "query" else ("operation", "send less at once")
        return OperationError(
            OUT_OF_MEMORY, f"the {what} needed more than {self.max_memory / 2**20:.0f} MiB of memory, the limit of "
                           f"this server (--max-query-memory), and was stopped; {hint}",
        )

    async def _died(self, worker: _Worker, operation: str) -> OperationError:
        """The error to answer for a worker that died during ``operation``."""
        status = await asyncio.to_thread(worker.death)
        if status == -signal.SIGSEGV:
            return OperationError(400, f"the {operation} is nested too deeply to be parsed or evaluated "
                                       "(the worker ran out of stack)")
        if status in (-signal.SIGABRT, -signal.SIGKILL):
            # A failed allocation in Oxigraph aborts the process; the kernel's OOM killer sends SIGKILL.
            return self._out_of_memory(operation)
        return OperationError(500, f"the query worker died (exit status {status})")

    async def _answer(self, worker: _Worker, operation: str) -> object:
        """Wait for ``worker``'s answer within the timeout, with long queries kept off the last worker."""
        first = min(self.long_after, self.timeout)
        try:
            return await worker.answer(first)
        except TimeoutError:
            if first >= self.timeout:
                raise self._timed_out(operation) from None
        if self._long >= self.max_long:
            raise ServiceUnavailable(
                503, f"the {operation} ran longer than {self.long_after:g} s (--long-query-seconds) while "
                     f"{self._long} other long one(s) held the workers long queries may use ({self.max_long} of "
                     f"{self.size}; the last is kept for short queries); it was stopped, try again later",
            )
        self._long += 1
        try:
            return await worker.answer(self.timeout - first)
        except TimeoutError:
            raise self._timed_out(operation) from None
        finally:
            self._long -= 1

    async def _run(self, operation: str, job: object, *, write: bool) -> object:
        if write:
            return await self._run_write(operation, job)
        assert self._idle is not None, "the executor was not started"
        try:
            # A free worker is taken at once, as ``Queue.get`` would, without the task ``wait_for`` starts.
            worker = self._idle.get_nowait() if not self._idle.empty() else await asyncio.wait_for(
                self._idle.get(), timeout=self.queue_timeout)
        except TimeoutError:
            raise ServiceUnavailable(
                503, f"all {self.size} query workers stayed busy for {self.queue_timeout:g} s "
                     "(--queue-timeout); try again later",
            ) from None
        try:
            await worker.send((self.generation, operation, job))
            answer = await self._answer(worker, operation)
        except ServiceUnavailable:
            self._start_replacing(worker)
            raise
        except (EOFError, OSError):
            error = await self._died(worker, operation)
            self._start_replacing(worker)
            raise error from None
        except BaseException:
            # Cancelled (the client went away) or anything unforeseen: the worker's state is unknown.
            self._start_replacing(worker)
            raise
        if isinstance(answer, _Failure) and answer.status == OUT_OF_MEMORY:
            self._start_replacing(worker)  # the worker exits after a MemoryError
            raise self._out_of_memory(operation)
        if isinstance(answer, wire.BodyFollows):
            # The worker is busy until its answer's body has been relayed (or given up).
            body = WorkerBody(worker.relay(answer.length), answer.length,
                              lambda complete: self._release(worker, complete))
            return StreamedAnswer(answer.answer.status, answer.answer.media_type, b"", answer.answer.headers, body)
        self._idle.put_nowait(worker)
        return answer

    def _release(self, worker: _Worker, complete: bool) -> None:
        """Put ``worker`` back in the pool once its answer was relayed whole, else replace it."""
        if complete:
            assert self._idle is not None
            self._idle.put_nowait(worker)
        else:
            self._start_replacing(worker)

    async def _run_write(self, operation: str, job: object) -> object:
        if self._writer is None:
            raise OperationError(403, "this server is read-only")
        writer = self._writer
        replace = True
        try:
            await writer.send((self.generation, operation, job))
            answer = await writer.answer(self.timeout)
            replace = isinstance(answer, _Failure) and answer.status == OUT_OF_MEMORY
            if replace:
                raise self._out_of_memory(operation)
            if isinstance(answer, wire.BodyFollows):  # writes answer with no body; read one whole all the same
                assert writer.reader is not None
                answer = replace_answer(answer.answer, body=await writer.reader.readexactly(answer.length))
            return answer
        except TimeoutError:
            raise self._timed_out(operation) from None
        except (EOFError, OSError):
            raise await self._died(writer, operation) from None
        finally:
            if replace:
                writer.detach()
                await asyncio.to_thread(writer.kill)
                self._writer = await asyncio.to_thread(self._spawn, True)
            # Readers reopen the store before their next read, whatever happened.
            self.generation += 1


class LocalExecutor(Executor):
    """Operations in threads of this process on a store object (no kill on timeout)."""

    def __init__(self, store: ox.Store, *, timeout: float, workers: int = 4, allow_writes: bool = False) -> None:
        super().__init__(timeout=timeout)
        self.store = store
        self.allow_writes = allow_writes
        self._slots = asyncio.Semaphore(max(1, workers))

    async def _run(self, operation: str, job: object, *, write: bool) -> object:
        if write and not self.allow_writes:
            raise OperationError(403, "this server is read-only")

        def call() -> object:
            try:
                return OPERATIONS[operation](self.store, job)
            except OperationError as exc:
                return _Failure(exc.status, exc.message)
            except Exception as exc:
                return _Failure(500, f"{type(exc).__name__}: {exc}")

        async with self._slots:
            try:
                return await asyncio.wait_for(asyncio.to_thread(call), timeout=self.timeout)
            except TimeoutError:
                raise self._timed_out(operation) from None


__all__ = ["MIN_QUERY_MEMORY", "OUT_OF_MEMORY", "RELAY_ABOVE", "Executor", "LocalExecutor", "ProcessExecutor",
           "ServiceUnavailable", "StreamedAnswer", "WorkerBody", "default_query_memory", "limit_memory", "worker_main"]


def _main(argv: list[str] | None = None) -> None:
    """Entry point of a worker process (started by :class:`ProcessExecutor`)."""
    import argparse

    parser = argparse.ArgumentParser(description="alliance-kg query worker (started by the server)")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--read-write", action="store_true")
    parser.add_argument("--max-memory", type=int)
    args = parser.parse_args(argv)
    if args.max_memory:
        limit_memory(args.max_memory)
    # Ctrl-C in a terminal reaches the whole process group: let the server stop its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker_main(socket.socket(fileno=args.fd), args.store, args.read_write)


if __name__ == "__main__":
    # Run the module's own copy, not this __main__ one, so answers pickle under their real names.
    from alliancekg.server import workers

    workers._main()
