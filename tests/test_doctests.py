"""Every docstring example of the package runs, each module under its one import name (``alliancekg.*``)."""

from __future__ import annotations

import doctest
import importlib

import pytest

from alliancekg.devtools import layout

MODULES = sorted(name for name in layout.module_files(layout.package_folders()) if not name.endswith(".__main__"))


def examples() -> list[tuple[str, str]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for test in doctest.DocTestFinder(exclude_empty=True).find(module, name):
            if test.examples and test.name.startswith(name):
                found.append((name, test.name))
    return found


EXAMPLES = examples()


def test_doctests_are_collected_from_every_folder() -> None:
    folders = {name.split(".")[1] if name.count(".") else name for name, _ in EXAMPLES}
    assert {"graph", "loaders", "server", "queries", "ontology", "devtools"} <= folders, folders
    assert len(EXAMPLES) > 90


@pytest.mark.parametrize(("module_name", "test_name"), EXAMPLES, ids=[test for _, test in EXAMPLES])
def test_docstring_examples_run(module_name: str, test_name: str) -> None:
    module = importlib.import_module(module_name)
    (test,) = [t for t in doctest.DocTestFinder().find(module, module_name) if t.name == test_name]
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output: list[str] = []
    runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)
