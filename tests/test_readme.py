"""The README's examples work as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from alliancekg.data import CONTEXT_FILE
from alliancekg.graph.build import load_into
from alliancekg.graph.store import OxigraphStore
from alliancekg.loaders.registry import yamlld_input
from alliancekg.queries.catalog import load_catalog
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_data_format_example_loads(built_store_path: Path, tmp_path: Path) -> None:
    example = re.search(r"```yaml\n(.*?)```", README, re.S).group(1)
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


def test_every_query_named_in_the_readme_is_in_the_catalog() -> None:
    catalog = load_catalog()
    named = set(re.findall(r"alliancekg query ([a-z][a-z0-9-]+)(?![a-z0-9.-])", README))
    competency = README.split("### Competency questions", 1)[1].split("\n## ", 1)[0]
    named |= set(re.findall(r"\| `([a-z][a-z0-9-]+)`(?: --param [^|]*)? \|\n", competency))
    assert named, "no query names found"
    assert named <= set(catalog), named - set(catalog)
