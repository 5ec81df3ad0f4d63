"""Typed answers and enumerations of the analyst endpoints (``/api/rights``, ``/api/export``) for OpenAPI.

The names of views and formats are listed here rather than imported from the network exports,
so that the server's main process does not load NetworkX and the exports to describe its API;
the tests check that the lists match :data:`~alliancekg.graph.network.views.VIEWS` and
:data:`~alliancekg.graph.network.exports.FORMATS`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

#: Views of the graph ``/api/export`` offers (``all``: every triple, RDF formats; the only view of the ODRL formats).
ViewName = Literal["ownership", "rights", "dependency", "money", "alliance", "all"]
#: Formats ``/api/export`` writes, with their media types.
EXPORT_MEDIA_TYPES: dict[str, str] = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cytoscape": "application/json",
    "dot": "text/vnd.graphviz",
    "node-link": "application/json",
    "csv": "application/zip",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "odrl": "text/turtle",
    "odrl-jsonld": "application/ld+json",
    "svg": "image/svg+xml",
    "png": "image/png",
}
ExportFormat = Literal["graphml", "gexf", "cytoscape", "dot", "node-link", "csv", "turtle", "ntriples", "jsonld",
                       "odrl", "odrl-jsonld", "svg", "png"]
#: Which agreements the alliance view draws as nodes (see ``views.alliance.AGREEMENT_NODES``).
AgreementNodes = Literal["none", "multi-party", "all"]

ProvisionStateName = Literal["in force", "not yet in force", "ended", "pending", "start unknown"]
EndCause = Literal["date", "event", "threshold", "superseded", "revoked"]


class ProvisionStateRecord(BaseModel):
    """One provision's state at the date asked, under the scenario."""

    provision: str = Field(description="IRI of the provision")
    label: str
    kind: str = Field(description="Kind of provision (right, obligation, prohibition, …)")
    agreement: str = Field(description="IRI of the agreement it belongs to")
    holder: str = Field(description="Labels of its holders, separated by ' | '")
    start: dt.date | None = Field(description="Day it starts, if known")
    state: ProvisionStateName
    qualifications: list[str] = Field(description="Conditions stated but not evaluated (shown, never assumed met)")
    vested_on: dt.date | None = Field(description="Day it vested, when its start waited for conditions")
    open_conditions: list[str] = Field(description="Start conditions not met under the scenario")
    end_date: dt.date | None = Field(description="Day it ends or ended under the scenario")
    end_cause: EndCause | None = Field(description="Why it ends")
    ended_by: str | None = Field(description="The condition, event type or agreement that ends it")


class RightsAnswer(BaseModel):
    """``/api/rights``: every provision's state at a date under a scenario."""

    at: dt.date
    events: list[str] = Field(description="The scenario's events, TYPE@DATE")
    observations: list[str] = Field(description="The scenario's observations, MEASURE=VALUE@DATE")
    provisions: list[ProvisionStateRecord]


class Choice(BaseModel):
    """A value the rights form offers, with its label."""

    value: str
    label: str


class RightsChoices(BaseModel):
    """``/api/rights/choices``: the event types, holders and measures the rights form offers."""

    eventTypes: list[Choice]
    holders: list[Choice]
    measures: list[Choice]


def export_responses() -> dict[int | str, dict[str, object]]:
    """The OpenAPI ``responses`` of ``/api/export``: one media type per format.

    Examples
    --------
    >>> sorted(export_responses()[200]["content"])[:2]
    ['application/gexf+xml', 'application/graphml+xml']
    """
    media_types = sorted(set(EXPORT_MEDIA_TYPES.values()))
    return {
        200: {"description": "The view as a file to download (Content-Disposition: attachment)",
              "content": {media_type: {"schema": {"type": "string", "format": "binary"}}
                          for media_type in media_types}},
        400: {"description": "An unknown view or format, or a view that does not go with the format"},
        422: {"description": "More edges or triples than the server's --max-results"},
    }


__all__ = ["EXPORT_MEDIA_TYPES", "AgreementNodes", "Choice", "EndCause", "ExportFormat", "ProvisionStateName",
           "ProvisionStateRecord", "RightsAnswer", "RightsChoices", "ViewName", "export_responses"]
