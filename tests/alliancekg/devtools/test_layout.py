"""The layout check: the real tree follows the documented flow, and wrong imports or cycles are caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.devtools import layout

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def modules() -> dict[str, layout.Module]:
    return layout.read_modules(layout.module_files(layout.package_folders()))


def synthetic(tmp_path: Path, sources: dict[str, str]) -> dict[str, layout.Module]:
    """Modules written to ``tmp_path`` from their text, read as the layout check reads the package."""
    files = {}
    for name, text in sources.items():
        path = tmp_path / (name.replace(".", "/") + ".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        files[name] = path
    return layout.read_modules(files)


def test_the_tree_follows_the_flow_without_cycles(modules: dict[str, layout.Module]) -> None:
    report = layout.check(modules, REPO)
    assert report.against_flow == []
    assert report.cycles == []
    assert report.unmirrored == []


def test_every_module_belongs_to_a_documented_folder(modules: dict[str, layout.Module]) -> None:
    assert "alliancekg.server.app" in modules and "alliancekg.graph.store.embedded" in modules
    assert {layout.home(name)[0] for name in modules} <= {entry[0] for entry in layout.STAGES}


def test_modules_still_waiting_for_tests_really_have_none(modules: dict[str, layout.Module]) -> None:
    """The list of debts only shrinks: a module that got its mirrored test must leave it."""
    for name in layout.UNMIRRORED:
        assert not layout.mirrored_test(modules[name], REPO).exists(), f"{name} has its test: drop it from UNMIRRORED"


def test_an_import_against_the_flow_is_caught(tmp_path: Path) -> None:
    modules = synthetic(tmp_path, {
        "alliancekg.loaders.sneaky": "from alliancekg.server.app import create_app\n",
        "alliancekg.graph.store.lazy": "def f():\n    from alliancekg.graph.rights.evaluation import rights_at\n",
        "alliancekg.server.fine": "from alliancekg.graph.store import open_store\n",
    })
    assert layout.against_flow(modules) == [
        ("alliancekg.graph.store.lazy", "alliancekg.graph.rights.evaluation"),
        ("alliancekg.loaders.sneaky", "alliancekg.server.app"),
    ]


def test_the_graph_importing_the_cli_is_caught(tmp_path: Path) -> None:
    modules = synthetic(tmp_path, {"alliancekg.graph.network.views.bad": "from alliancekg.output import rows_to_csv\n"})
    assert layout.against_flow(modules) == [("alliancekg.graph.network.views.bad", "alliancekg.output")]


def test_an_import_cycle_is_caught_but_a_lazy_import_breaks_it(tmp_path: Path) -> None:
    looped = synthetic(tmp_path / "a", {
        "alliancekg.server.one": "from alliancekg.server import two\n",
        "alliancekg.server.two": "from alliancekg.server.three import x\n",
        "alliancekg.server.three": "import alliancekg.server.one\n",
    })
    expected = ["alliancekg.server.one", "alliancekg.server.three", "alliancekg.server.two"]
    assert layout.import_cycles(looped) == [expected]
    broken = synthetic(tmp_path / "b", {
        "alliancekg.server.one": "from alliancekg.server import two\n",
        "alliancekg.server.two": "def f():\n    import alliancekg.server.one\n",
    })
    assert layout.import_cycles(broken) == []


def test_a_module_without_its_mirrored_test_is_reported(tmp_path: Path) -> None:
    modules = synthetic(tmp_path, {"alliancekg.loaders.new": "def parse():\n    return 1\n",
                                   "alliancekg.loaders.constants": "LIMIT = 3\n"})
    assert layout.unmirrored(modules, tmp_path) == ["alliancekg.loaders.new"]
    (tmp_path / "tests" / "alliancekg" / "loaders").mkdir(parents=True)
    (tmp_path / "tests" / "alliancekg" / "loaders" / "test_new.py").write_text("")
    assert layout.unmirrored(modules, tmp_path) == []


def test_the_command_prints_each_folder_its_job_and_imports(capsys: pytest.CaptureFixture[str]) -> None:
    status = layout.main([])
    printed = capsys.readouterr().out
    assert status == 0, printed
    assert "alliancekg.server: the HTTP service" in printed
    assert "[1] alliancekg.loaders:" in printed
    assert printed.rstrip().endswith("layout ok")
