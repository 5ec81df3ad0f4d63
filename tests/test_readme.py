"""The examples of the README and of the documentation pages work as written."""

from __future__ import annotations

import ast
import importlib
import re
import shutil
from pathlib import Path

import pytest

from alliancekg.data import CONTEXT_FILE
from alliancekg.graph.build import load_into
from alliancekg.graph.store import OxigraphStore
from alliancekg.loaders.registry import yamlld_input
from alliancekg.queries.catalog import load_catalog
from tests.conftest import REPO

DOCS = REPO / "docs"
#: The README and every hand-written documentation page, by path relative to the repository.
PAGES = {path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8")
         for path in [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]}


def code_blocks(language: str) -> list[tuple[str, str]]:
    """Every fenced block of ``language`` in the pages, with the page it is on."""
    return [(page, block) for page, text in PAGES.items()
            for block in re.findall(rf"^```{language}\n(.*?)^```", text, re.S | re.M)]


def test_the_data_format_example_loads(built_store_path: Path, tmp_path: Path) -> None:
    text = PAGES["docs/reference/data-format.md"]
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    (tmp_path / "deals").mkdir()
    shutil.copy(CONTEXT_FILE, tmp_path / "context.jsonld")
    path = tmp_path / "deals" / "example.yaml"
    path.write_text(example, encoding="utf-8")
    store_dir = tmp_path / "store"
    shutil.copytree(built_store_path, store_dir)
    with OxigraphStore(store_dir) as store:
        report = load_into(store, [yamlld_input(path, name="user/example")], reason=False)
        assert store.query("ASK { ?p akg:holder ent:microsoft ; akg:counterparty ent:example-lab }").boolean
    assert report.triples > 20


def test_every_query_named_in_the_readme_and_the_docs_is_in_the_catalog() -> None:
    catalog = load_catalog()
    named: dict[str, str] = {}
    for page, text in PAGES.items():
        for name in re.findall(r"alliancekg query ([a-z][a-z0-9-]+)(?![a-z0-9.-])", text):
            named[name] = page
    competency = PAGES["docs/reference/queries.md"].split("## Competency questions", 1)[1].split("\n## ", 1)[0]
    for name in re.findall(r"\| `([a-z][a-z0-9-]+)`(?: --param [^|]*)? \|\n", competency):
        named[name] = "docs/reference/queries.md"
    assert "equity-stake" in named
    assert "rights-at" in named
    assert {name: page for name, page in named.items() if name not in catalog} == {}


@pytest.mark.parametrize(("page", "block"), code_blocks("python"), ids=lambda v: v if v.endswith(".md") else "")
def test_every_name_a_python_example_imports_exists(page: str, block: str) -> None:
    """The Python examples import names that exist under the modules they name."""
    imports = [node for node in ast.walk(ast.parse(block)) if isinstance(node, ast.ImportFrom)]
    assert imports, page
    for node in imports:
        module = importlib.import_module(node.module)
        for alias in node.names:
            assert hasattr(module, alias.name), f"{page}: from {node.module} import {alias.name}"
