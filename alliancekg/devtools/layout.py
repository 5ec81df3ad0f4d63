"""The project's layout, checked: each folder's job, its imports, the flow they follow, mirrored tests.

``python -m alliancekg.devtools.layout`` prints every folder with its one-line job and the folders
it imports, and exits non-zero when

- an import runs against the flow sources → loaders → store → quality/build → rights/network/queries
  → server/CLI (a module imports one of a later stage; lazy imports inside functions count too),
- modules import each other in a cycle at import time (module-level imports), or
- a module that defines a function or class has no mirrored test file (``graph/store/swap.py``
  → ``tests/graph/store/test_swap.py``; a package's ``__init__.py`` → ``test_<package>.py`` in
  the package's test folder, as ``tests/graph/network/views/test_views.py``), unless listed in
  :data:`UNMIRRORED` (modules still waiting for tests of their own).
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

#: Folders (as packages) in the order data flows through them, with their job. A module belongs
#: to the longest package name that prefixes it; it may import its own stage and earlier ones.
STAGES: tuple[tuple[str, int, str], ...] = (
    ("alliancekg.ontology", 0, "the vocabulary: OWL ontology, alignments, SHACL shapes, namespaces"),
    ("alliancekg.data", 0, "the curated sources: YAML-LD deals, CSV tables, their provenance"),
    ("alliancekg.graph.store.terms", 0, "RDF terms: rdflib <-> pyoxigraph, validated constructors, display"),
    ("alliancekg.graph.store.results", 0, "the answer of a query (rows, boolean or triples), store-independent"),
    ("alliancekg.loaders.tabular", 1, "the mapping engine: CSV/JSON rows to RDF by a YAML mapping"),
    ("alliancekg.loaders", 1, "reading sources: YAML-LD, RDF files, mapped tables, Wikidata, with guards"),
    ("alliancekg.graph.sparql", 2, "SPARQL text: lexer, prefixes, parameter binding, SERVICE/LOAD guard"),
    ("alliancekg.graph.store", 2, "the triple store: interface, embedded Oxigraph, remote, bulk, swap"),
    ("alliancekg.graph.quality", 3, "checks before a store is written: SHACL shapes, HermiT reasoning"),
    ("alliancekg.graph.build", 3, "the pipeline: loaders -> quality checks -> store"),
    ("alliancekg.graph.rights", 4, "who holds which rights when: evaluation, scenarios, observations"),
    ("alliancekg.graph.network", 4, "NetworkX views of the store, their analyses and file exports"),
    ("alliancekg.queries", 4, "the catalog of named SPARQL queries and running them"),
    ("alliancekg.graph", 4, "the knowledge graph's layers (sub-folders)"),
    ("alliancekg.server", 5, "the HTTP service: SPARQL protocol, Graph Store protocol, web page, workers"),
    ("alliancekg.devtools", 6, "developer tools: this layout check, server processes for tests and benchmarks"),
    ("alliancekg", 5, "the command line (Typer) and its output"),
)

#: Modules that define functions or classes but have no mirrored test file yet (each is a debt).
UNMIRRORED: frozenset[str] = frozenset()

#: Top-level packages and where they live in a source checkout.
TOP_PACKAGES = ("alliancekg", "alliancekg.ontology", "alliancekg.data", "alliancekg.loaders", "alliancekg.graph",
                "alliancekg.queries", "alliancekg.server")


@dataclass(frozen=True)
class Module:
    """One module: its import name, its file and the ``alliancekg`` modules it imports."""

    name: str
    path: Path
    imports: frozenset[str] = frozenset()
    lazy_imports: frozenset[str] = frozenset()
    defines: bool = False

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


@dataclass
class Report:
    """What the check found: flow violations, cycles, modules without a mirrored test."""

    against_flow: list[tuple[str, str]] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)
    unmirrored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.against_flow or self.cycles or self.unmirrored)


def home(module: str) -> tuple[str, int, str]:
    """The stage entry a module belongs to (longest matching package name).

    Examples
    --------
    >>> home("alliancekg.graph.store.embedded")[0], home("alliancekg.graph.store.terms")[1]
    ('alliancekg.graph.store', 0)
    >>> home("alliancekg.commands.build")[0]
    'alliancekg'
    """
    matches = [entry for entry in STAGES if module == entry[0] or module.startswith(entry[0] + ".")]
    if not matches:
        raise ValueError(f"{module} belongs to no documented folder")
    return max(matches, key=lambda entry: len(entry[0]))


def imported_names(tree: ast.Module, name: str, is_package: bool, known: Iterable[str]) -> tuple[set[str], set[str]]:
    """The ``alliancekg`` modules a module's syntax tree imports: (at import time, inside functions).

    ``from package import module`` counts as importing the module when ``known`` has it.

    Examples
    --------
    >>> tree = ast.parse("import alliancekg.graph.store\\ndef f():\\n    from alliancekg.server import app")
    >>> imported_names(tree, "alliancekg.x", False, {"alliancekg.server.app"})
    ({'alliancekg.graph.store'}, {'alliancekg.server.app'})
    """
    known = set(known)
    top, lazy = set(), set()
    package = name if is_package else name.rpartition(".")[0]

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in child.names]
            for target in targets:
                if target == "alliancekg" or target.startswith("alliancekg."):
                    (lazy if inner else top).add(target)
            visit(child, inner)

    visit(tree, False)
    return top, lazy - top


def package_folders() -> dict[str, Path]:
    """Where each top-level package's folder is (as installed; editable installs point at the checkout)."""
    folders = {}
    for name in TOP_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise ImportError(f"{name} is not installed")
        folders[name] = Path(next(iter(spec.submodule_search_locations)))
    return folders


def module_files(folders: Mapping[str, Path]) -> dict[str, Path]:
    """Every Python module of the packages in ``folders``, by import name."""
    files = {}
    for package, folder in folders.items():
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(folder).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            if any(part.startswith(".") or part in ("node_modules", "__pycache__") for part in parts):
                continue
            name = ".".join((package, *parts))
            if any(name.startswith(other + ".") or name == other for other in folders if other != package
                   and other.startswith(package + ".")):
                continue  # a sub-package that lives in a folder of its own
            files[name] = path
    return files


def read_modules(files: Mapping[str, Path]) -> dict[str, Module]:
    """Parse each file: what it imports and whether it defines a function or class."""
    modules = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        top, lazy = imported_names(tree, name, path.name == "__init__.py", files)
        defines = any(isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for node in tree.body)
        modules[name] = Module(name, path, frozenset(top - {name}), frozenset(lazy - {name}), defines)
    return modules


def against_flow(modules: Mapping[str, Module]) -> list[tuple[str, str]]:
    """Imports (importer, imported) where the imported module belongs to a later stage.

    Examples
    --------
    >>> graph = {"alliancekg.loaders.x": Module("alliancekg.loaders.x", Path("x.py"),
    ...                                         frozenset({"alliancekg.server.app"}))}
    >>> against_flow(graph)
    [('alliancekg.loaders.x', 'alliancekg.server.app')]
    """
    wrong = []
    for module in modules.values():
        stage = home(module.name)[1]
        for target in sorted(module.imports | module.lazy_imports):
            if home(target)[1] > stage:
                wrong.append((module.name, target))
    return sorted(wrong)


def import_cycles(modules: Mapping[str, Module]) -> list[list[str]]:
    """Groups of modules that import each other (directly or around a loop) at import time.

    Examples
    --------
    >>> a = Module("alliancekg.loaders.a", Path("a.py"), frozenset({"alliancekg.loaders.b"}))
    >>> b = Module("alliancekg.loaders.b", Path("b.py"), frozenset({"alliancekg.loaders.a"}))
    >>> import_cycles({a.name: a, b.name: b})
    [['alliancekg.loaders.a', 'alliancekg.loaders.b']]
    """
    graph = nx.DiGraph()
    for module in modules.values():
        graph.add_node(module.name)
        graph.add_edges_from((module.name, target) for target in module.imports if target in modules)
    return sorted(sorted(group) for group in nx.strongly_connected_components(graph) if len(group) > 1)


def mirrored_test(module: Module, root: Path) -> Path:
    """The test file that mirrors ``module`` (``root`` is the checkout holding ``tests/``)."""
    relative = module.path.resolve().relative_to(root.resolve())
    if module.is_package:
        return root / "tests" / relative.parent / f"test_{relative.parent.name}.py"
    return root / "tests" / relative.parent / f"test_{relative.stem}.py"


def unmirrored(modules: Mapping[str, Module], root: Path) -> list[str]:
    """Modules defining functions or classes whose mirrored test file is missing."""
    return sorted(m.name for m in modules.values() if m.defines and not mirrored_test(m, root).exists()
                  and m.name not in UNMIRRORED)


def check(modules: Mapping[str, Module], root: Path | None = None) -> Report:
    """Run every check; mirrored tests only when ``root`` (a checkout with ``tests/``) is given."""
    return Report(against_flow(modules), import_cycles(modules),
                  unmirrored(modules, root) if root is not None else [])


def describe(modules: Mapping[str, Module]) -> list[str]:
    """One line per folder: its name, its job, and the folders it imports."""
    folders: dict[str, set[str]] = {}
    for module in modules.values():
        own = home(module.name)[0]
        folders.setdefault(own, set()).update(home(t)[0] for t in module.imports | module.lazy_imports)
    jobs = {entry[0]: (entry[1], entry[2]) for entry in STAGES}
    lines = []
    for folder in sorted(folders, key=lambda f: (jobs[f][0], f)):
        stage, job = jobs[folder]
        uses = ", ".join(sorted(folders[folder] - {folder})) or "-"
        lines.append(f"[{stage}] {folder}: {job}\n      imports: {uses}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the layout and check it; 1 if any check fails."""
    modules = read_modules(module_files(package_folders()))
    root = package_folders()["alliancekg"].parent
    report = check(modules, root if (root / "tests").is_dir() else None)
    print("\n".join(describe(modules)))
    for importer, imported in report.against_flow:
        print(f"against the flow: {importer} imports {imported}")
    for group in report.cycles:
        print(f"import cycle: {' <-> '.join(group)}")
    for name in report.unmirrored:
        print(f"no mirrored test: {name} (expected {mirrored_test(modules[name], root).relative_to(root)})")
    print("layout ok" if report.ok else "layout check failed")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
