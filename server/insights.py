"""JSON endpoints behind the web page's analyst views (read-only, parameters validated).

* ``GET /api/rights?at=YYYY-MM-DD&event=TYPE@DATE&observe=MEASURE=VALUE@DATE&holder=ORG&group=true&termsAsOf=…``
  — every provision's state at a date under a scenario (the same evaluation as ``alliancekg rights``);
* ``GET /api/rights/choices`` — the event types and organizations the form offers;
* ``GET /api/export?view=VIEW&format=FORMAT&agreementNodes=multi-party`` — a view of the graph as a file to download
  (GraphML, GEXF, Cytoscape.js JSON, DOT, node-link JSON, Turtle…, the agreements as ODRL with ``view=all``),
  the same bytes as ``alliancekg export``.

Each runs as an operation of the query workers (see
:mod:`~alliancekg.server.insight_operations`), under the same timeout, memory bound and
read/write lock as a SPARQL query, and held to ``--max-results`` (provisions, triples or edges).
"""

from __future__ import annotations

from typing import Annotated, get_args

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import Response

from alliancekg.graph.store.terms import TermError, make_date
from alliancekg.server.errors import OperationError
from alliancekg.server.insight_models import (
    AgreementNodes,
    ExportFormat,
    RightsAnswer,
    RightsChoices,
    ViewName,
    export_responses,
)
from alliancekg.server.insight_operations import ExportJob, RightsJob


async def run_in_pool(request: Request, operation: str, job: object) -> object:
    """Run ``operation`` in the server's workers, under its timeout, memory bound and lock; errors as HTTP errors."""
    try:
        return await request.app.state.executor.run(operation, job)
    except OperationError as exc:
        headers = {"Retry-After": "1"} if exc.status == 503 else None
        raise HTTPException(status_code=exc.status, detail=exc.message, headers=headers) from None


def _bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def mount_insights(app: FastAPI) -> None:
    """Add the analyst JSON endpoints to ``app`` (whose ``state.executor`` runs them)."""

    @app.get("/api/rights/choices", tags=["rights"], response_model=RightsChoices)
    async def rights_choices(request: Request) -> dict[str, list[dict[str, str]]]:
        return await run_in_pool(request, "rights_choices", None)

    @app.get("/api/rights", tags=["rights"], response_model=RightsAnswer,
             responses={400: {"description": "A malformed date, unknown event type, measure or holder"}})
    async def rights(
        request: Request,
        at: Annotated[str, Query(description="Date to evaluate at, YYYY-MM-DD")],
        event: Annotated[list[str] | None, Query(description="Scenario events, TYPE@YYYY-MM-DD")] = None,
        observe: Annotated[list[str] | None,
                           Query(description="Scenario observations, MEASURE=VALUE@YYYY-MM-DD")] = None,
        holder: Annotated[str | None, Query(description="Organization: CURIE, IRI, label or alias")] = None,
        group: Annotated[bool, Query(description="With holder: provisions held by any organization of its group")]
        = False,
        termsAsOf: Annotated[str | None, Query(description="Take the terms as they stood on this date")] = None,
    ) -> dict[str, object]:
        try:
            date = make_date(at).toPython()
            terms = make_date(termsAsOf).toPython() if termsAsOf else None
        except TermError as exc:
            raise _bad_request(str(exc)) from exc
        job = RightsJob(at=date, events=tuple(event or ()), observations=tuple(observe or ()),
                        holder=holder or None, terms_as_of=terms, group=group,
                        max_results=request.app.state.config.max_results)
        return await run_in_pool(request, "rights", job)

    @app.get("/api/export", tags=["exports"], response_class=Response, responses=export_responses())
    async def export(
        request: Request,
        view: Annotated[str, Query(description="The view of the graph (all: every triple, RDF formats; the only "
                                               "view of odrl and odrl-jsonld)",
                                   json_schema_extra={"enum": list(get_args(ViewName))})],
        format: Annotated[str, Query(description="The file format",
                                     json_schema_extra={"enum": list(get_args(ExportFormat))})],
        agreementNodes: Annotated[str, Query(
            description="Alliance view: draw agreements as nodes linked to their parties instead of an edge per "
                        "pair of parties; multi-party: those of three or more parties, all: every one (bipartite)",
            json_schema_extra={"enum": list(get_args(AgreementNodes))})] = "none",
    ) -> Response:
        if agreementNodes not in get_args(AgreementNodes):
            raise _bad_request(f"the 'agreementNodes' parameter is {agreementNodes!r}; use one of "
                               f"{', '.join(get_args(AgreementNodes))}")
        file = await run_in_pool(
            request, "export", ExportJob(view=view, fmt=format, max_results=request.app.state.config.max_results,
                                         agreement_nodes=agreementNodes))
        headers = {"Content-Disposition": f'attachment; filename="alliance-kg-{view}{file.extension}"'}
        return Response(file.content, media_type=file.media_type, headers=headers)
