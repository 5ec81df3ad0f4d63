"""Pages generated at build time (mkdocs-gen-files): nothing here is copied by hand.

- ``reference/cli.md``: the help of every command, from the Typer app itself;
- ``reference/api/``: one page per module of the installed ``alliancekg`` package, found by walking it,
  rendered by mkdocstrings, with a literate-nav ``SUMMARY.md``;
- ``reference/http-routes.md`` and ``reference/openapi.json``: the server's ``/api`` routes, from FastAPI;
- ``reference/ontology/pylode.html``: the ontology rendered by pyLODE from ``alliance.ttl``;
- ``performance/results.md``: the benchmark tables of ``benchmarks/results.md``.
"""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mkdocs_gen_files
import typer
from typer.cli import get_docs_for_click

from alliancekg.cli import app

ROOT = Path(__file__).resolve().parent.parent


def cli_reference() -> str:
    """The Markdown help of the ``alliancekg`` command and all its sub-commands."""
    command = typer.main.get_command(app)
    ctx = typer.Context(command, info_name="alliancekg")
    return get_docs_for_click(obj=command, ctx=ctx, name="alliancekg", title="Command line reference")


def top_packages() -> list[str]:
    """The import packages the project installs, as ``pyproject.toml`` maps them to folders."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return sorted(config["tool"]["setuptools"]["package-dir"])


def public_modules() -> list[str]:
    """Every public module of the installed packages, sub-packages included, sorted by name."""
    names: set[str] = set()
    for top in top_packages():
        package = importlib.import_module(top)
        names.add(top)
        for info in pkgutil.walk_packages(package.__path__, f"{top}.", onerror=lambda name: None):
            if not any(part.startswith("_") for part in info.name.split(".")):
                names.add(info.name)
    return sorted(names)


def has_python(name: str) -> bool:
    """Whether a package holds Python code (data folders are importable but empty)."""
    module = importlib.import_module(name)
    return bool(getattr(module, "__file__", None))


def api_reference() -> None:
    """One page per module under ``reference/api/`` and the section's navigation."""
    nav = mkdocs_gen_files.Nav()
    for name in public_modules():
        if not has_python(name):
            continue
        parts = tuple(name.split("."))
        doc_path = Path(*parts, "index.md") if hasattr(importlib.import_module(name), "__path__") else Path(
            *parts[:-1], f"{parts[-1]}.md")
        nav[parts] = doc_path.as_posix()
        with mkdocs_gen_files.open(Path("reference/api", doc_path), "w") as page:
            page.write(f"# `{name}`\n\n::: {name}\n    options:\n      show_root_heading: false\n")
    with mkdocs_gen_files.open("reference/api/SUMMARY.md", "w") as summary:
        summary.writelines(nav.build_literate_nav())


def app_factory() -> Callable[..., Any]:
    """The server's ``create_app``, found by walking the package (the one module defining it)."""
    for name in public_modules():
        factory = getattr(importlib.import_module(name), "create_app", None)
        if callable(factory) and factory.__module__ == name:
            return factory
    raise LookupError("no module of the package defines create_app")


def openapi_markdown(schema: dict[str, Any]) -> str:
    """The ``/api`` routes of an OpenAPI description as Markdown: one section per route, a table of parameters."""
    out = ["# HTTP API: the `/api` routes", "",
           "Generated from the server's OpenAPI description (served at `/api/openapi.json`, browsable at",
           "`/api/docs`); the [SPARQL endpoint and Graph Store Protocol](http-api.md) are described by hand,",
           "as OpenAPI cannot state content negotiation. The description itself: [openapi.json](openapi.json).", ""]
    for path, operations in sorted(schema["paths"].items()):
        for method, operation in operations.items():
            out += [f"## `{method.upper()} {path}`", ""]
            if operation.get("description"):
                out += [operation["description"].strip(), ""]
            parameters = operation.get("parameters", [])
            if parameters:
                out += ["| parameter | in | required | meaning |", "| --- | --- | --- | --- |"]
                out += [f"| `{p['name']}` | {p['in']} | {'yes' if p.get('required') else 'no'} | "
                        f"{p.get('description', '').replace('|', '&#124;')} |" for p in parameters]
                out.append("")
    return "\n".join(out) + "\n"


def http_reference() -> None:
    """The ``/api`` routes, from the OpenAPI description of an application built (not started) here."""
    with tempfile.TemporaryDirectory() as scratch:
        schema = app_factory()(Path(scratch) / "store").openapi()
    with mkdocs_gen_files.open("reference/openapi.json", "w") as file:
        json.dump(schema, file, indent=1)
    with mkdocs_gen_files.open("reference/http-routes.md", "w") as page:
        page.write(openapi_markdown(schema))


def ontology_reference() -> None:
    """The ontology as pyLODE renders it, as a page of its own inside the site."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from pylode import OntPub  # its import sets the root logger to DEBUG on stderr: undone below

    for handler in set(root.handlers) - set(handlers):
        root.removeHandler(handler)
    root.setLevel(level)
    html = OntPub(str(ROOT / "ontology" / "alliance.ttl")).make_html()
    with mkdocs_gen_files.open("reference/ontology/pylode.html", "w") as page:
        page.write(html)


def benchmark_tables() -> None:
    """The benchmark tables, included from where ``make bench`` writes them."""
    text = (ROOT / "benchmarks" / "results.md").read_text(encoding="utf-8")
    with mkdocs_gen_files.open("performance/results.md", "w") as page:
        page.write(text)
    mkdocs_gen_files.set_edit_path("performance/results.md", "../benchmarks/results.md")


with mkdocs_gen_files.open("reference/cli.md", "w") as page:
    page.write(cli_reference())
api_reference()
http_reference()
ontology_reference()
benchmark_tables()
