"""Pages generated at build time (mkdocs-gen-files): nothing here is copied by hand.

- ``reference/cli.md``: the help of every command, from the Typer app itself;
- ``reference/api/``: one page per module of the installed ``alliancekg`` package, found by walking it,
  rendered by mkdocstrings, with a literate-nav ``SUMMARY.md``;
- ``reference/ontology/pylode.html``: the ontology rendered by pyLODE from ``alliance.ttl``;
- ``performance/results.md``: the benchmark tables of ``benchmarks/results.md``.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import tomllib
from pathlib import Path

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
ontology_reference()
benchmark_tables()
