"""The error every server operation raises to answer with an HTTP status.

Operations of every kind (SPARQL in :mod:`~alliancekg.server.operations`, the analyst views of
:mod:`~alliancekg.server.insight_operations`, the explorer pages of :mod:`~alliancekg.server.page_data`)
raise it; the registry of operations imports them, never the other way round.
"""

from __future__ import annotations


class OperationError(Exception):
    """A request failed in a way the client should hear about, with the HTTP status to use.

    Examples
    --------
    >>> error = OperationError(404, "no graph <urn:g> in this store")
    >>> error.status, error.message == str(error)
    (404, True)
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


__all__ = ["OperationError"]
