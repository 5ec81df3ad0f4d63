"""The documentation site builds in strict mode, and the README stays a short tour whose links resolve."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

README = REPO / "README.md"
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
#: Markdown links and images: ``[text](target)``.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of one configuration into ``site`` (its working files beside the site)."""
    env = {**MKDOCS_ENV, "ALLIANCEKG_API_SRC": str(site.parent / f"{site.name}-api-src")}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        capture_output=True, text=True, env=env, cwd=config.parent, timeout=600, check=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's documentation site, built in strict mode (what ``make docs`` runs)."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(REPO / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def heading_anchors(markdown: str) -> set[str]:
    """The anchors Python-Markdown's ``toc`` gives the headings of a page (ASCII headings)."""
    anchors = set()
    for line in markdown.splitlines():
        if match := re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line):
            text = re.sub(r"[`*]", "", match.group(1)).lower()
            anchors.add(re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", text)).strip("-"))
    return anchors


@pytest.mark.slow
def test_the_site_builds_with_every_page(site: Path) -> None:
    pages = ["index.html", "tutorial/msft-openai/index.html", "how-to/add-a-deal/index.html",
             "how-to/load-your-csv/index.html", "how-to/remote-store/index.html",
             "how-to/export-to-gephi/index.html", "reference/http-api/index.html",
             "reference/data-format/index.html", "reference/mapping-language/index.html",
             "reference/http-routes/index.html", "reference/cli/index.html",
             "explanation/rights/index.html", "explanation/money/index.html", "performance/index.html",
             "performance/results/index.html"]
    missing = [page for page in pages if not (site / page).is_file()]
    assert not missing


@pytest.mark.slow
def test_the_cli_reference_is_generated_from_the_app(site: Path) -> None:
    from typer.main import get_command

    from alliancekg.cli import app

    html = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    commands = get_command(app).commands
    assert commands
    for name, command in commands.items():
        assert f"alliancekg {name}" in html
        for sub in getattr(command, "commands", {}):
            assert f"alliancekg {name} {sub}" in html


@pytest.mark.slow
def test_the_api_reference_covers_every_installed_package(site: Path) -> None:
    import tomllib

    packages = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    for package in packages:
        page = site / "reference" / "api" / Path(*package.split(".")) / "index.html"
        assert page.is_file(), package
    rights = site / "reference" / "api" / "alliancekg" / "cli" / "index.html"
    assert "doc-object" in rights.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_api_routes_page_is_generated_from_the_openapi_description(site: Path) -> None:
    import json

    schema = json.loads((site / "reference" / "openapi.json").read_text(encoding="utf-8"))
    html = (site / "reference" / "http-routes" / "index.html").read_text(encoding="utf-8")
    assert {"/api/rights", "/api/export", "/api/catalog"} <= set(schema["paths"])
    for path, operations in schema["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}" in html
    assert "Organization: CURIE, IRI, label or alias" in html


@pytest.mark.slow
def test_the_ontology_page_is_rendered_from_the_turtle_file(site: Path) -> None:
    from rdflib import OWL, RDF, Graph, URIRef

    graph = Graph().parse(REPO / "ontology" / "alliance.ttl")
    html = (site / "reference" / "ontology" / "pylode.html").read_text(encoding="utf-8")
    classes = [c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)]
    assert len(classes) > 20
    assert [c for c in classes if str(c) not in html] == []


def test_strict_mode_refuses_a_broken_link_and_a_broken_anchor(tmp_path: Path) -> None:
    """The project's ``validation`` settings turn both into build failures (not just notices)."""
    validation = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:", 1)[0])[
        "validation"]
    for broken in ("[gone](missing.md)", "[gone](other.md#no-such-heading)"):
        docs = tmp_path / "docs"
        docs.mkdir(exist_ok=True)
        (docs / "index.md").write_text(f"# Home\n\n{broken}\n", encoding="utf-8")
        (docs / "other.md").write_text("# Other\n\n## A heading\n", encoding="utf-8")
        config = tmp_path / "mkdocs.yml"
        config.write_text(yaml.safe_dump({"site_name": "t", "validation": validation}), encoding="utf-8")
        assert mkdocs_build(config, tmp_path / "site").returncode != 0, broken
    (docs / "index.md").write_text("# Home\n\n[fine](other.md#a-heading)\n", encoding="utf-8")
    assert mkdocs_build(config, tmp_path / "site").returncode == 0


def test_the_readme_is_a_short_tour() -> None:
    assert README.stat().st_size <= 15 * 1024


def test_every_relative_link_of_the_readme_resolves() -> None:
    text = README.read_text(encoding="utf-8")
    targets = [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]
    assert any(t.startswith("docs/") for t in targets), "the README links into the docs"
    for target in targets:
        path, _, anchor = target.partition("#")
        file = (REPO / path) if path else README
        assert file.exists(), target
        if anchor:
            assert anchor in heading_anchors(file.read_text(encoding="utf-8")), target


def test_every_docs_page_the_code_names_exists() -> None:
    """Docstrings, comments and help texts that send the reader to ``docs/...`` name a real page."""
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    named: dict[str, str] = {}
    for name in tracked:
        path = REPO / name
        if path.suffix in {".py", ".yaml", ".toml", ".rq", ".ttl"} and path.is_file() and name.split("/")[0] != "docs":
            for page in re.findall(r"\bdocs/[\w/.-]+\.md\b", path.read_text(encoding="utf-8", errors="replace")):
                named[page] = name
    assert named, "no docs/ page named in the code"
    missing = {page: where for page, where in named.items() if not (REPO / page).is_file()}
    assert not missing
