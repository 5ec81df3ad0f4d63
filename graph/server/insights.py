"""JSON endpoints behind the web page's analyst views (read-only, parameters validated).

* ``GET /api/rights?at=YYYY-MM-DD&event=TYPE@DATE&holder=ORG&termsAsOf=YYYY-MM-DD`` — every
  provision's state at a date under a scenario (the same evaluation as ``alliancekg rights``);
* ``GET /api/rights/choices`` — the event types and organizations the form offers;
* ``GET /api/export?view=VIEW&format=FORMAT`` — a view of the graph as a file to download
  (GraphML, GEXF, Cytoscape.js JSON, DOT, node-link JSON, Turtle…), when the exports module is
  installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import Response

from alliancekg.graph.rights import rights_at
from alliancekg.graph.scenarios import ScenarioError, event_types, parse_event, slug
from alliancekg.graph.store import KnowledgeStore, OxigraphStore
from alliancekg.graph.terms import TermError, make_date


@contextmanager
def request_store(request: Request) -> Iterator[KnowledgeStore]:
    """The served store, read-only: the app's own object, or a fresh read-only handle on its directory."""
    source = request.app.state.store_source
    if isinstance(source, OxigraphStore):
        yield source
        return
    store = OxigraphStore(Path(source), read_only=True)
    try:
        yield store
    finally:
        store.close()


def _bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def mount_insights(app: FastAPI) -> None:
    """Add the analyst JSON endpoints to ``app`` (whose ``state.store_source`` names the store)."""

    @app.get("/api/rights/choices", tags=["rights"])
    def rights_choices(request: Request) -> dict[str, list[dict[str, str]]]:
        with request_store(request) as store:
            types = event_types(store)
            result = store.query(
                "SELECT DISTINCT ?org ?label WHERE { ?p akg:holder ?org . ?org rdfs:label ?label } ORDER BY ?label"
            )
        return {
            "eventTypes": [{"value": slug(label), "label": label} for label in sorted(types.values())],
            "holders": [{"value": str(row["org"]), "label": str(row["label"])} for row in result.rows],
        }

    @app.get("/api/rights", tags=["rights"])
    def rights(
        request: Request,
        at: Annotated[str, Query(description="Date to evaluate at, YYYY-MM-DD")],
        event: Annotated[list[str] | None, Query(description="Scenario events, TYPE@YYYY-MM-DD")] = None,
        holder: Annotated[str | None, Query(description="Organization IRI")] = None,
        termsAsOf: Annotated[str | None, Query(description="Take the terms as they stood on this date")] = None,
    ) -> dict[str, object]:
        try:
            date = make_date(at).toPython()
            terms = make_date(termsAsOf).toPython() if termsAsOf else None
        except TermError as exc:
            raise _bad_request(str(exc)) from exc
        with request_store(request) as store:
            try:
                known = event_types(store)
                events = sorted(parse_event(spec, known) for spec in event or [])
            except ScenarioError as exc:
                raise _bad_request(str(exc)) from exc
            states = rights_at(store, date, events, holder=holder or None, terms_as_of=terms)
        return {"at": date.isoformat(), "events": [str(e) for e in events],
                "provisions": [s.record() for s in states]}

    @app.get("/api/export", tags=["exports"])
    def export(request: Request, view: Annotated[str, Query()], format: Annotated[str, Query()]) -> Response:
        try:
            from alliancekg.graph.exports import export_bytes
        except ImportError as exc:  # pragma: no cover - exports module absent
            raise HTTPException(status_code=404, detail="exports are not available") from exc
        with request_store(request) as store:
            try:
                content, media_type = export_bytes(store, view, format)
            except (KeyError, ValueError) as exc:
                raise _bad_request(str(exc).strip("'\"")) from exc
        extension = {"graphml": "graphml", "gexf": "gexf", "cytoscape": "json", "dot": "dot", "node-link": "json",
                     "turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "svg": "svg", "png": "png",
                     "csv": "zip"}.get(format, "dat")
        headers = {"Content-Disposition": f'attachment; filename="alliance-kg-{view}.{extension}"'}
        return Response(content, media_type=media_type, headers=headers)
