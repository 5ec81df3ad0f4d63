"""The service's settings: defaults a bare configuration starts from."""

from __future__ import annotations

import dataclasses

import pytest

from alliancekg.server.config import (
    DEFAULT_MAX_REQUEST_BYTES,
    DEFAULT_MAX_RESULTS,
    DEFAULT_QUERY_TIMEOUT,
    ServiceConfig,
)


def test_a_bare_configuration_is_read_only_with_the_default_limits() -> None:
    config = ServiceConfig()
    assert not config.allow_updates and config.token is None and not config.allow_service
    assert (config.query_timeout, config.max_results, config.max_request_bytes) == (
        DEFAULT_QUERY_TIMEOUT, DEFAULT_MAX_RESULTS, DEFAULT_MAX_REQUEST_BYTES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.allow_updates = True  # type: ignore[misc]
