"""The explorer pages and their JSON: organizations, deals and the money web over time.

* ``GET /org/{name}`` — an organization's page (CURIE, IRI, label or alias, resolved as
  ``alliancekg link resolve`` does; an unknown name is a 404 page); its data from
  ``GET /api/pages/org/{name}?at=YYYY-MM-DD&event=TYPE@DATE&observe=MEASURE=VALUE@DATE``;
* ``GET /deal/{curie}`` — an agreement's page; its data from ``GET /api/pages/deal/{curie}?at=…&event=…``;
* ``GET /money`` — the money web; its data from ``GET /api/pages/money?at=YYYY-MM-DD``.

The pages are Jinja2 templates (``templates/``) sharing one layout, ``explorer.html``: head, style sheet and
navigation; their scripts in ``static/`` fill them from the JSON.

The JSON is built by :mod:`~alliancekg.server.page_data` in the query workers, under the same
timeout, memory bound, lock and ``--max-results`` as ``/api/rights``.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Annotated

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from markupsafe import Markup
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from alliancekg.graph.store.terms import TermError, make_date
from alliancekg.server.insights import run_in_pool
from alliancekg.server.page_data import DealJob, MoneyJob, OrgJob, Scenario

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATES = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                                                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True))
PAGES = {"org": "org.html", "deal": "deal.html"}


def not_found_page(kind: str, message: str) -> str:
    """The HTML of a page that does not exist, saying why.

    Examples
    --------
    >>> "no organization is named &#x27;x&lt;&#x27;" in not_found_page("org", "no organization is named 'x<'")
    True
    """
    title = {"org": "Organization not found", "deal": "Agreement not found"}.get(kind, "Not found")
    return TEMPLATES.get_template("not_found.html").render(title=title, message=Markup(html.escape(message)))


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return make_date(value).toPython()
    except TermError as exc:
        raise HTTPException(400, f"{name}: {exc}") from None


def _scenario(at: str | None, event: list[str] | None, observe: list[str] | None) -> Scenario:
    return Scenario(_date(at, "at") or dt.date.today(), tuple(event or ()), tuple(observe or ()))


AtQuery = Annotated[str | None, Query(description="Date to evaluate rights at, YYYY-MM-DD (default: today)")]
EventQuery = Annotated[list[str] | None, Query(description="Scenario events, TYPE@YYYY-MM-DD")]
ObserveQuery = Annotated[list[str] | None, Query(description="Scenario observations, MEASURE=VALUE@YYYY-MM-DD")]


def mount_pages(app: FastAPI) -> None:
    """Add the explorer pages and their JSON endpoints to ``app`` (whose ``state.executor`` runs them)."""

    async def page(request: Request, kind: str, name: str) -> Response:
        try:
            await run_in_pool(request, "page_resolve", (kind, name))
        except HTTPException as exc:
            if exc.status_code != 404:
                raise
            return HTMLResponse(not_found_page(kind, str(exc.detail)), status_code=404)
        return TEMPLATES.TemplateResponse(request, PAGES[kind])

    @app.get("/org/{name:path}", include_in_schema=False, response_model=None)
    async def org_html(request: Request, name: str) -> Response:
        return await page(request, "org", name)

    @app.get("/deal/{name:path}", include_in_schema=False, response_model=None)
    async def deal_html(request: Request, name: str) -> Response:
        return await page(request, "deal", name)

    @app.get("/money", include_in_schema=False, response_model=None)
    async def money_html(request: Request) -> Response:
        return TEMPLATES.TemplateResponse(request, "money.html")

    @app.get("/api/pages/org/{name:path}", tags=["pages"])
    async def org_json(request: Request, name: str, at: AtQuery = None, event: EventQuery = None,
                       observe: ObserveQuery = None) -> dict[str, object]:
        """An organization: identity, deals, stakes, rights today and under the scenario, money, circular
        deals, conflicts (404: no organization has that name)."""
        job = OrgJob(name, _scenario(at, event, observe), dt.date.today(), request.app.state.config.max_results)
        return await run_in_pool(request, "page_org", job)

    @app.get("/api/pages/deal/{name:path}", tags=["pages"])
    async def deal_json(request: Request, name: str, at: AtQuery = None, event: EventQuery = None,
                        observe: ObserveQuery = None) -> dict[str, object]:
        """An agreement: its provisions' in-force intervals under the scenario, history chain, conflicts."""
        job = DealJob(name, _scenario(at, event, observe), request.app.state.config.max_results)
        return await run_in_pool(request, "page_deal", job)

    @app.get("/api/pages/money", tags=["pages"])
    async def money_json(request: Request,
                         at: Annotated[str | None, Query(description="As of this date, YYYY-MM-DD: only agreements "
                                                                     "in effect by then (default: every flow)")]
                         = None,
                         layout: Annotated[bool, Query(description="Also every node and flow ever recorded, "
                                                                   "to lay the web out once")] = False,
                         ) -> dict[str, object]:
        """The money web as it stood on a date, with its circular deals."""
        job = MoneyJob(_date(at, "at"), request.app.state.config.max_results, layout)
        return await run_in_pool(request, "page_money", job)


__all__ = ["PAGES", "TEMPLATES", "TEMPLATE_DIR", "mount_pages", "not_found_page"]
