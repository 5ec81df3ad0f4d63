"""Messages between the server and its query workers: length-prefixed frames on a socket pair.

A job goes to a worker as one pickled frame.  The worker answers with one pickled frame; when the
answer is an :class:`~alliancekg.server.operations.Answer`, that frame holds it without its body
(see :class:`BodyFollows`) and the body's bytes follow as they are, unframed, so that the server
can pass them on to the client without unpickling or copying the whole answer at once.

The worker side (:func:`send`, :func:`receive`) blocks; the server side reads with asyncio
streams (:func:`read_message`), so no thread is needed to wait for a worker.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
from dataclasses import dataclass, replace

from alliancekg.server.operations import Answer

#: A frame's length, before its bytes.
HEADER = struct.Struct("!Q")


@dataclass(frozen=True)
class BodyFollows:
    """An answer whose ``length`` body bytes follow its frame on the socket."""

    answer: Answer
    length: int


def frame(message: object) -> bytes:
    """``message`` pickled into one frame.

    Examples
    --------
    >>> frame("ready")[:HEADER.size] == HEADER.pack(len(pickle.dumps("ready", pickle.HIGHEST_PROTOCOL)))
    True
    """
    payload = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(payload)) + payload


#: Bodies up to this size are sent in one write with their frame (one wake-up of the reader, not two).
JOINED_BODY = 64 * 1024


def send(sock: socket.socket, message: object) -> None:
    """Send ``message`` to the other end (an :class:`Answer`'s body after its frame, unpickled)."""
    if isinstance(message, Answer) and message.body:
        body = message.body
        head = frame(BodyFollows(replace(message, body=b""), len(body)))
        if len(body) <= JOINED_BODY:
            sock.sendall(head + body)
        else:
            sock.sendall(head)
            sock.sendall(body)
    else:
        sock.sendall(frame(message))


def _exactly(sock: socket.socket, size: int) -> bytes:
    data = bytearray(size)
    view, got = memoryview(data), 0
    while got < size:
        count = sock.recv_into(view[got:])
        if not count:
            raise EOFError("the other end closed the connection")
        got += count
    return bytes(data)


def receive(sock: socket.socket) -> object:
    """The next message from the other end (blocking); ``EOFError`` once it has closed the socket."""
    (size,) = HEADER.unpack(_exactly(sock, HEADER.size))
    return pickle.loads(_exactly(sock, size))


async def read_message(reader: asyncio.StreamReader) -> object:
    """The next message from a worker (``asyncio.IncompleteReadError``, an ``EOFError``, if it died)."""
    (size,) = HEADER.unpack(await reader.readexactly(HEADER.size))
    return pickle.loads(await reader.readexactly(size))


__all__ = ["HEADER", "JOINED_BODY", "BodyFollows", "frame", "read_message", "receive", "send"]
