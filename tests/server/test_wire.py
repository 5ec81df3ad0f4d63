"""Frames between the server and its workers: a blocking end (the worker) and an asyncio end (the server)."""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from alliancekg.server import wire
from alliancekg.server.operations import Answer


@pytest.mark.parametrize("size", [1, wire.JOINED_BODY, wire.JOINED_BODY + 1, 2 * 2**20])
def test_messages_and_an_answer_body_cross_a_socket_pair_intact(size: int) -> None:
    # Small bodies go in one write with their frame; 2 MiB is more than a socket buffer.
    body = (bytes(range(256)) * (size // 256 + 1))[:size]
    worker, server = socket.socketpair()

    def worker_side() -> None:
        job = wire.receive(worker)
        wire.send(worker, ("got", job))
        wire.send(worker, Answer(200, "text/csv", body, {"X-A": "1"}))
        wire.send(worker, Answer(204))
        worker.close()

    thread = threading.Thread(target=worker_side)
    thread.start()

    async def server_side() -> list[object]:
        reader, writer = await asyncio.open_connection(sock=server)
        writer.write(wire.frame((3, "query", {"text": "ASK {}"})))
        await writer.drain()
        seen: list[object] = [await wire.read_message(reader)]
        follows = await wire.read_message(reader)
        assert isinstance(follows, wire.BodyFollows)
        seen += [follows.answer, await reader.readexactly(follows.length)]
        seen.append(await wire.read_message(reader))
        with pytest.raises(EOFError):  # the worker is gone
            await wire.read_message(reader)
        writer.close()
        return seen

    got, head, relayed, empty = asyncio.run(server_side())
    thread.join(10)
    assert got == ("got", (3, "query", {"text": "ASK {}"}))
    assert head == Answer(200, "text/csv", b"", {"X-A": "1"}) and relayed == body
    assert empty == Answer(204)


def test_a_closed_socket_is_an_eof_on_the_blocking_end() -> None:
    worker, server = socket.socketpair()
    server.sendall(wire.frame("half")[:5])
    server.close()
    with pytest.raises(EOFError):
        wire.receive(worker)
