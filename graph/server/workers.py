"""Running store operations with a timeout: worker processes that can be killed.

pyoxigraph cannot cancel a running query, so the service runs every operation in a small
pool of worker processes.  A query that outlives its timeout gets its worker killed and
replaced, and the client hears 504; the other workers go on serving.

Readers open the store read-only.  With updates allowed, one more worker applies writes:
it opens the store read-write for each write and closes it after, while a read/write lock
keeps every read out for that moment (pyoxigraph forbids reading a store that another
process is writing); readers reopen the store after each write, and also when the store
directory was replaced (``alliancekg build`` swaps in a fresh one).

:class:`LocalExecutor` runs the same operations in threads on a store object of this
process (for in-memory stores and tests): a timed-out query is answered with 504 but its
thread runs to the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import traceback
from abc import ABC, abstractmethod
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import aiorwlock
import pyoxigraph as ox

from alliancekg.graph.server.operations import OPERATIONS, READ_OPERATIONS, OperationError


class ServiceUnavailable(OperationError):
    """No worker could take the request in time (503) or the operation timed out (504)."""


@dataclass(frozen=True)
class _Failure:
    """An exception raised in a worker, carried back to the server."""

    status: int
    message: str


def _store_identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _open(path: str, read_write: bool) -> ox.Store:
    return ox.Store(path) if read_write else ox.Store.read_only(path)


def worker_main(conn: Connection, path: str, read_write: bool) -> None:
    """Loop of a worker process: receive ``(generation, operation, job)``, send the answer back.

    A reader keeps its read-only store open and reopens it when the writer's generation
    or the store directory changed.  The writer opens the store for each job and closes
    it after, so that no read-write handle outlives a write.
    """
    store: ox.Store | None = None
    opened_at: tuple[object, tuple[int, int] | None] | None = None
    try:
        if not read_write:
            store = _open(path, False)
            opened_at = (0, _store_identity(path))
        conn.send("ready")
    except Exception as exc:  # reported to the parent, which refuses to start
        conn.send(_Failure(500, f"cannot open the store at {path}: {exc}"))
        return
    while True:
        try:
            generation, operation, job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if read_write:
                store = _open(path, True)
            else:
                identity = (generation, _store_identity(path))
                if identity != opened_at:
                    store = None
                    store = _open(path, False)
                    opened_at = identity
            answer: object = OPERATIONS[operation](store, job)
            if read_write:
                store.flush()
        except OperationError as exc:
            answer = _Failure(exc.status, exc.message)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            answer = _Failure(500, f"{type(exc).__name__}: {exc}")
        finally:
            if read_write:
                store = None
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    """The parent's handle on one worker process.

    Workers are plain ``python -m alliancekg.graph.server.workers`` processes talking over a
    socket pair, so they import only what they need (not the parent's main module).
    """

    def __init__(self, path: str, read_write: bool) -> None:
        parent, child = socket.socketpair()
        command = [sys.executable, "-m", __name__, "--fd", str(child.fileno()), "--store", path]
        if read_write:
            command.append("--read-write")
        try:
            self.process = subprocess.Popen(command, pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL)
        finally:
            child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("a query worker did not start in time")
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as exc:
            self.kill()
            raise RuntimeError(f"a query worker failed to start (exit status {self.process.poll()})") from exc
        if isinstance(message, _Failure):
            self.kill()
            raise RuntimeError(message.message)

    def call(self, message: tuple, timeout: float) -> object:
        """Send ``message``; the answer, or ``TimeoutError`` after ``timeout`` seconds."""
        self.conn.send(message)
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class Executor(ABC):
    """Runs named operations (see :mod:`~alliancekg.graph.server.operations`) with a timeout."""

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
        """Run ``operation`` on ``job``: reads share the store, a write has it alone."""
        if operation in READ_OPERATIONS:
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
    """Operations in worker processes on an on-disk store, killed and replaced on timeout."""

    def __init__(self, path: Path | str, *, timeout: float, workers: int = 2, allow_writes: bool = False,
                 queue_timeout: float | None = None, start_timeout: float = 60.0) -> None:
        super().__init__(timeout=timeout)
        self.queue_timeout = timeout if queue_timeout is None else queue_timeout
        self.path = str(Path(path).resolve())
        self.size = max(1, workers)
        self.allow_writes = allow_writes
        self.start_timeout = start_timeout
        self.generation = 0
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._replacing: set[asyncio.Task] = set()
        self._writer: _Worker | None = None

    def _spawn(self, read_write: bool) -> _Worker:
        worker = _Worker(self.path, read_write)
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
        await asyncio.gather(*(asyncio.to_thread(w.kill) for w in workers))

    def _start_replacing(self, worker: _Worker) -> None:
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _replace(self, worker: _Worker) -> None:
        """Kill a worker that overran and put a fresh one in the pool."""
        self._all.discard(worker)
        await asyncio.to_thread(worker.kill)
        try:
            fresh = await asyncio.to_thread(self._spawn, False)
        except RuntimeError:
            await asyncio.sleep(1)
            fresh = await asyncio.to_thread(self._spawn, False)
        self._all.add(fresh)
        assert self._idle is not None
        self._idle.put_nowait(fresh)

    async def _run(self, operation: str, job: object, *, write: bool) -> object:
        if write:
            return await self._run_write(operation, job)
        assert self._idle is not None, "the executor was not started"
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.queue_timeout)
        except TimeoutError:
            raise ServiceUnavailable(
                503, f"all {self.size} query workers stayed busy for {self.queue_timeout:g} s "
                     "(--queue-timeout); try again later",
            ) from None
        try:
            answer = await asyncio.to_thread(worker.call, (self.generation, operation, job), self.timeout)
        except TimeoutError:
            self._start_replacing(worker)
            raise self._timed_out(operation) from None
        except (EOFError, OSError) as exc:
            self._start_replacing(worker)
            raise OperationError(500, f"the query worker died: {exc}") from None
        self._idle.put_nowait(worker)
        return answer

    async def _run_write(self, operation: str, job: object) -> object:
        if self._writer is None:
            raise OperationError(403, "this server is read-only")
        writer = self._writer
        try:
            return await asyncio.to_thread(writer.call, (self.generation, operation, job), self.timeout)
        except (TimeoutError, EOFError, OSError) as exc:
            await asyncio.to_thread(writer.kill)
            self._writer = await asyncio.to_thread(self._spawn, True)
            if isinstance(exc, TimeoutError):
                raise self._timed_out(operation) from None
            raise OperationError(500, f"the writer died: {exc}") from None
        finally:
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


__all__ = ["Executor", "LocalExecutor", "ProcessExecutor", "ServiceUnavailable", "worker_main"]


def _main(argv: list[str] | None = None) -> None:
    """Entry point of a worker process (started by :class:`ProcessExecutor`)."""
    import argparse

    parser = argparse.ArgumentParser(description="alliance-kg query worker (started by the server)")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--read-write", action="store_true")
    args = parser.parse_args(argv)
    # Ctrl-C in a terminal reaches the whole process group: let the server stop its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker_main(Connection(args.fd), args.store, args.read_write)


if __name__ == "__main__":
    # Run the module's own copy, not this __main__ one, so answers pickle under their real names.
    from alliancekg.graph.server import workers

    workers._main()
