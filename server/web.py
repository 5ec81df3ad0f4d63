"""The web page at ``/`` and the small JSON API it uses.

* ``GET /`` — the page: a YASGUI SPARQL editor on ``/sparql``, the query catalog one click
  away, results as a table and CONSTRUCT results as an interactive graph (Cytoscape.js).
* ``GET /api/catalog`` — the catalog queries: name, title, description, group, parameters
  and text.
* ``GET /api/catalog/{name}/sparql?param=value`` — the query text with its parameters
  bound server-side as the embedded store binds them (validated terms written into the
  patterns, see :mod:`~alliancekg.graph.sparql.binding`; a ``VALUES`` row where a term
  cannot go), ready to send to ``/sparql``.
* ``GET /api/docs`` — the OpenAPI description in Swagger UI, served from this server (works offline).

The editor, graph and Swagger UI libraries come from the npm registry: ``make web`` installs them
and copies their browser bundles into ``static/vendor/``, which is not under version control.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.responses import FileResponse, HTMLResponse

from alliancekg.graph.sparql.binding import inline_bindings
from alliancekg.graph.sparql.lexer import SparqlTextError, bind_values, complete_prefixes
from alliancekg.graph.store.terms import TermError, to_oxigraph
from alliancekg.ontology.namespaces import PREFIXES
from alliancekg.queries.catalog import CatalogError, CatalogQuery, load_catalog

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
#: Browser bundles the page needs, copied by ``make web``.
VENDOR_FILES = ("yasgui.min.js", "yasgui.min.css", "cytoscape.min.js")
#: Swagger UI bundles of ``/api/docs``, copied by ``make web``.
DOCS_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")


def vendor_ready(directory: Path = VENDOR_DIR, names: tuple[str, ...] = VENDOR_FILES) -> bool:
    """True once ``make web`` has put the bundles ``names`` (by default the editor and graph ones) in place."""
    return all((directory / name).is_file() for name in names)


def api_docs_page(openapi_url: str, title: str) -> HTMLResponse:
    """Swagger UI on ``openapi_url`` from the bundles this server serves, or how to install them."""
    if not vendor_ready(names=DOCS_FILES):
        return HTMLResponse(
            f"<!doctype html><title>{title}</title><p>The Swagger UI bundle is not installed (run "
            f"<code>make web</code>). The API description is at <a href='{openapi_url}'>{openapi_url}</a>.</p>")
    return get_swagger_ui_html(openapi_url=openapi_url, title=title,
                               swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                               swagger_css_url="/static/vendor/swagger-ui.css", swagger_favicon_url="data:,")


def catalog_entry(query: CatalogQuery) -> dict[str, object]:
    """The JSON description of one catalog query."""
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "group": query.group,
        "parameters": [
            {"name": p.name, "type": p.kind, "default": p.default, "description": p.description,
             "optional": p.optional}
            for p in query.parameters
        ],
        "text": query.text,
    }


def bound_query_text(query: CatalogQuery, values: dict[str, str]) -> str:
    """The text of ``query`` with ``values`` validated and bound, and project prefixes declared.

    Examples
    --------
    >>> from alliancekg.queries.catalog import parse_query_file
    >>> q = parse_query_file("# title: t\\n# param: n integer = 2\\nSELECT ?n WHERE { }", "t")
    >>> bound_query_text(q, {"n": "5"}).splitlines()[-2]
    'BIND("5"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?n)'
    """
    bindings = {name: to_oxigraph(term) for name, term in query.bindings(values).items()}
    text = complete_prefixes(query.text, PREFIXES)
    return inline_bindings(text, bindings) or bind_values(text, bindings)


def mount_web(app: FastAPI) -> None:
    """Add the page, its static files and the catalog API to ``app``."""

    @app.get("/api/catalog", tags=["catalog"])
    def catalog() -> list[dict[str, object]]:
        """All catalog queries with their parameters and text."""
        return [catalog_entry(q) for q in load_catalog().values()]

    @app.get("/api/prefixes", tags=["catalog"])
    def prefixes() -> dict[str, str]:
        """The prefixes every query of this service may use without declaring them."""
        return dict(PREFIXES)

    @app.get("/api/catalog/{name}/sparql", tags=["catalog"])
    def catalog_sparql(name: str, request: Request) -> dict[str, str]:
        """The catalog query ``name`` with its parameters (query string) bound."""
        queries = load_catalog()
        if name not in queries:
            raise HTTPException(404, f"no catalog query named {name!r}")
        try:
            text = bound_query_text(queries[name], dict(request.query_params))
        except (CatalogError, TermError, SparqlTextError) as exc:
            raise HTTPException(400, str(exc)) from None
        return {"name": name, "sparql": text}

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return api_docs_page(app.openapi_url or "/api/openapi.json", f"{app.title} · API")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


__all__ = ["DOCS_FILES", "STATIC_DIR", "VENDOR_DIR", "VENDOR_FILES", "api_docs_page", "bound_query_text",
           "catalog_entry", "mount_web",
           "vendor_ready"]
