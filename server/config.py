"""How the service behaves: the settings :func:`~alliancekg.server.app.create_app` fixes once for every endpoint."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_QUERY_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 50_000
DEFAULT_MAX_REQUEST_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ServiceConfig:
    """How the service behaves; set once by :func:`~alliancekg.server.app.create_app`."""

    allow_updates: bool = False
    token: str | None = None
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    max_results: int = DEFAULT_MAX_RESULTS
    allow_service: bool = False
    cors_origins: tuple[str, ...] = ()
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    workers: int = 2
    queue_timeout: float | None = None
    max_query_memory: int | None = None
    long_query_seconds: float | None = None
    reason_writes: bool = True


__all__ = ["DEFAULT_MAX_REQUEST_BYTES", "DEFAULT_MAX_RESULTS", "DEFAULT_QUERY_TIMEOUT", "ServiceConfig"]
