"""Building the store: load every input, validate (SHACL, then OWL with HermiT), write atomically.

The embedded store is built in a fresh directory beside the target and swapped in by renames
once everything is written, so a failed or killed build leaves the previous store untouched;
the next build (or any open of the store) removes what a killed one left.
A remote store is written graph by graph, each replacement atomic on the server.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, URIRef

from alliancekg.graph.quality.reasoning import ConsistencyReport, ReasonerUnavailable, check_consistency
from alliancekg.graph.quality.shacl import number_violations, shacl_violations, violations_to_problems
from alliancekg.graph.store import KnowledgeStore, OxigraphStore, fresh_directory, swap_in
from alliancekg.graph.store.version import bump_store_version
from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.registry import Input, bundled_inputs
from alliancekg.loaders.yamlld import LoadedFile
from alliancekg.ontology import load_ontology


@dataclass
class BuildReport:
    """What a build or load did."""

    location: str
    graphs: dict[str, int] = field(default_factory=dict)
    shacl_violations: int = 0
    consistency: ConsistencyReport | None = None
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        """Total triples written."""
        return sum(self.graphs.values())


@dataclass
class Prepared:
    """Inputs read, merged and validated, ready to be written."""

    graphs: dict[URIRef, Graph]
    consistency: ConsistencyReport | None


def user_graph_name(path: Path | str) -> str:
    """The graph name of a file that ``alliancekg load`` loads: ``user/`` and its stem, percent-encoded
    where the stem holds what an IRI cannot (a space, ``<``, ``>``, quotes…).

    Examples
    --------
    >>> user_graph_name("deals/msft-openai-2025.yaml"), user_graph_name("my deal>v2.yaml")
    ('user/msft-openai-2025', 'user/my%20deal%3Ev2')
    >>> user_graph_name("société.yaml")
    'user/société'
    """
    stem = Path(path).stem
    return "user/" + "".join(ch if ch.isalnum() or ch in "-._~" else quote(ch, safe="") for ch in stem)


def graph_problems(inputs: Sequence[Input]) -> list[Problem]:
    """Inputs whose graph is not a valid IRI, or that would land in the same graph as another one."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for item in inputs:
        try:
            ox.NamedNode(str(item.graph))
        except ValueError as exc:
            problems.append(Problem(item.name, f"its graph <{item.graph}> is not a valid IRI ({exc}); rename the file"))
            continue
        if str(item.graph) in seen:
            problems.append(Problem(item.name, f"would replace {seen[str(item.graph)]} in the same graph "
                                               f"<{item.graph}>: load files with different names"))
        seen.setdefault(str(item.graph), item.name)
    return problems


def read_inputs(inputs: Sequence[Input]) -> tuple[dict[URIRef, Graph], list[LoadedFile]]:
    """Read every input, collecting the problems of all of them before failing."""
    graphs: dict[URIRef, Graph] = {}
    files: list[LoadedFile] = []
    problems = graph_problems(inputs)
    if problems:
        raise LoadError(problems)
    for item in inputs:
        try:
            loaded = item.read()
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        graphs[item.graph] = loaded.graph
        files.append(loaded)
    if problems:
        raise LoadError(problems)
    return graphs, files


def validate_graphs(graphs: dict[URIRef, Graph], files: Sequence[LoadedFile], *, context: Graph | None = None,
                    reason: bool = True) -> ConsistencyReport | None:
    """SHACL-validate the union of ``graphs`` (plus ``context`` data already in the store), then
    check OWL consistency with HermiT; raise :class:`LoadError` on any problem."""
    union = Graph()
    for graph in graphs.values():
        union += graph
    if context is not None:
        union += context
    loaded = Graph()
    for graph in graphs.values():
        loaded += graph
    numbers = number_violations(loaded)  # before pySHACL and HermiT, which cannot compare or read them
    if numbers:
        raise LoadError(violations_to_problems(numbers, files, union))
    ontology = load_ontology()
    violations = shacl_violations(union, ontology=ontology)
    if violations:
        raise LoadError(violations_to_problems(violations, files, union))
    if not reason:
        return None
    try:
        report = check_consistency(union + ontology)
    except ReasonerUnavailable:
        raise
    if not report.consistent:
        raise LoadError([Problem("data", f"OWL 2 DL reasoner (HermiT) finds the data {report.message}")])
    return report


def prepare(inputs: Sequence[Input] | None = None, *, reason: bool = True) -> Prepared:
    """Read and validate ``inputs`` (default: the bundled ones) without writing anything."""
    graphs, files = read_inputs(bundled_inputs() if inputs is None else inputs)
    return Prepared(graphs, validate_graphs(graphs, files, reason=reason))


def build_store(path: Path | str, inputs: Sequence[Input] | None = None, *, reason: bool = True) -> BuildReport:
    """Build the embedded store at ``path`` from ``inputs`` (default: all bundled data), atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> report = build_store(pathlib.Path(tempfile.mkdtemp()) / "store", reason=False)
    >>> report.graphs["https://w3id.org/alliance-kg/graph/deals/msft-openai-2025"] > 500
    True
    """
    started = time.perf_counter()
    path = Path(path)
    prepared = prepare(inputs, reason=reason)
    with fresh_directory(path) as fresh:
        store = OxigraphStore(fresh)
        report = BuildReport(location=str(path), consistency=prepared.consistency)
        for iri, graph in prepared.graphs.items():
            store.bulk_add(iri, graph)
            report.graphs[str(iri)] = len(graph)
        store.flush()
        bump_store_version(fresh)
        store.close()
        swap_in(fresh, path)
    report.seconds = time.perf_counter() - started
    return report


def load_into(store: KnowledgeStore, inputs: Sequence[Input], *, reason: bool = True) -> BuildReport:
    """Replace the graphs of ``inputs`` in an existing store, validated together with the rest of it.

    Every input is read and the whole is validated first; then all graphs are replaced in one
    transaction, so the store holds either all of them or none.
    """
    started = time.perf_counter()
    graphs, files = read_inputs(inputs)
    context = existing_data(store, exclude=set(graphs))
    consistency = validate_graphs(graphs, files, context=context, reason=reason)
    report = BuildReport(location=store.location, consistency=consistency)
    store.replace_graphs(graphs)
    for iri, graph in graphs.items():
        report.graphs[str(iri)] = len(graph)
    report.seconds = time.perf_counter() - started
    return report


def write_graphs(store: KnowledgeStore, prepared: Prepared) -> BuildReport:
    """Write prepared graphs into any store (used for remote endpoints), each replacement atomic."""
    report = BuildReport(location=store.location, consistency=prepared.consistency)
    for iri, graph in prepared.graphs.items():
        store.replace_graph(iri, graph)
        report.graphs[str(iri)] = len(graph)
    return report


EXISTING_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def existing_data(store: KnowledgeStore, exclude: set[URIRef]) -> Graph:
    """The store's data graphs other than ``exclude``, as one rdflib graph (for validation)."""
    graph = Graph()
    for iri in store.data_graphs():
        if iri in exclude:
            continue
        result = store.query(EXISTING_QUERY, {"g": iri})
        for triple in result.triples:
            graph.add(triple)
    return graph
