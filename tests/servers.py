"""Fixtures for the SPARQL service tests: stores on disk, live servers on loopback, the shared data folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from alliancekg.devtools.processes import free_port, stop_process, wait_for_http
from alliancekg.graph.store import OxigraphStore
from alliancekg.graph.store.results import QueryResult
from alliancekg.ontology.namespaces import GRAPH, SCENARIO

AKG_PERCENT = URIRef("https://w3id.org/alliance-kg/ontology#percent")

#: The small dataset most protocol tests run on: two data graphs and one scenario graph.
DATA_A = GRAPH["test/a"]
DATA_B = GRAPH["test/b"]
SCENARIO_S = SCENARIO["test/s"]

#: Separators the catalog's GROUP_CONCATs join with (their order is undefined in SPARQL).
GROUP_SEPARATORS = (" | ", "; ", ", ")
#: Values that would break a query or an update if pasted into its text instead of bound.
HOSTILE = ['quote " inside', "} ) } DROP ALL ; #", "line\nbreak", "back\\slash", "'''", "<urn:x>", "é \U0001f600"]


def sample_graphs() -> dict[URIRef, list[tuple]]:
    """The small dataset of the remote-store comparisons, hostile values included, by graph."""
    return {
        DATA_A: [(URIRef("urn:ex:msft"), AKG_PERCENT, Literal(27)),
                 (URIRef("urn:ex:msft"), RDFS.label, Literal("Microsoft"))],
        DATA_B: [(URIRef("urn:ex:openai"), RDFS.label, Literal("OpenAI", lang="en"))]
        + [(URIRef("urn:ex:openai"), URIRef("urn:ex:note"), Literal(v)) for v in HOSTILE],
        SCENARIO_S: [(URIRef("urn:ex:msft"), AKG_PERCENT, Literal(99))],
    }


def fill(store: object, graphs: dict[URIRef, list[tuple]]) -> None:
    """Write ``graphs`` into ``store``, one graph at a time."""
    for graph, triples in graphs.items():
        store.replace_graph(graph, triples)


def copy_store(source: OxigraphStore, target: object) -> None:
    """Every graph of ``source`` written to ``target`` in one call (a remote store stages large writes)."""
    graphs = {}
    for graph in source.graphs():
        rows = source.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph}).rows
        graphs[graph] = [(r["s"], r["p"], r["o"]) for r in rows]
    target.replace_graphs(graphs)


def normalized(result: QueryResult) -> object:
    """A comparable form of a result: rows as sorted tuples, blank node labels erased, graphs as rdflib graphs."""
    if result.kind == "graph":
        graph = Graph()
        for triple in result.triples:
            graph.add(triple)
        return graph
    if result.kind == "ask":
        return result.boolean

    def cell(term: object) -> object:
        if isinstance(term, BNode):
            return "_:b"
        if isinstance(term, Literal) and any(sep in str(term) for sep in GROUP_SEPARATORS):
            # GROUP_CONCAT has no defined order in SPARQL (the catalog joins with " | ", "; " or ", ").
            return tuple(sorted(re.split("|".join(map(re.escape, GROUP_SEPARATORS)), str(term))))
        return term

    rows = [tuple(cell(row.get(v)) for v in result.variables) for row in result.rows]
    return result.variables, sorted(rows, key=repr)


def assert_same(remote: QueryResult, embedded: QueryResult, what: str) -> None:
    """Two answers are the same modulo row order, blank node labels and the order of joined lists."""
    assert remote.kind == embedded.kind, what
    left, right = normalized(remote), normalized(embedded)
    if remote.kind == "graph":
        assert isomorphic(left, right), what
    elif left != right:
        only_remote, only_embedded = _row_differences(left, right)
        raise AssertionError(f"{what}: rows only on the remote store {only_remote[:5]}, "
                             f"only on the embedded store {only_embedded[:5]}")


def _row_differences(left: object, right: object) -> tuple[list, list]:
    """Rows (or the whole answer, when they are not row lists) found on one side and not the other."""
    if not (isinstance(left, tuple) and isinstance(right, tuple)):
        return [left], [right]
    if left[0] != right[0]:
        return [("columns", left[0])], [("columns", right[0])]
    remote, embedded = Counter(left[1]), Counter(right[1])
    return list((remote - embedded).elements()), list((embedded - remote).elements())


def run_cli(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    """``alliancekg ARGS`` in a child process with ``env`` added to this process's environment."""
    return subprocess.run([sys.executable, "-m", "alliancekg", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **env})


class LiveServer:
    """A web application served by uvicorn on a free loopback port, in a thread of the test process."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        from alliancekg.server.app import KEEP_ALIVE_SECONDS

        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on",
                                timeout_keep_alive=KEEP_ALIVE_SECONDS)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{self.port}", daemon=True)

    def start(self, timeout: float = 90.0) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the server stopped while starting")
            if time.monotonic() > deadline:
                raise TimeoutError("the server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(60)


def make_test_store(path: Path) -> Path:
    """Write the small test dataset into an on-disk store at ``path`` and close it."""
    store = OxigraphStore(path)
    store.replace_graph(DATA_A, [
        (URIRef("urn:ex:msft"), RDFS.label, Literal("Microsoft")),
        (URIRef("urn:ex:msft"), AKG_PERCENT, Literal(27)),
    ])
    store.replace_graph(DATA_B, [
        (URIRef("urn:ex:openai"), RDFS.label, Literal("OpenAI", lang="en")),
        (URIRef("urn:ex:openai"), URIRef("urn:ex:note"), Literal('tricky "}{# \\ \n value')),
    ])
    store.replace_graph(SCENARIO_S, [(URIRef("urn:ex:msft"), AKG_PERCENT, Literal(99))])
    store.close()
    return path


@pytest.fixture(scope="session")
def test_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only on-disk copy of the small test dataset, shared by the session."""
    return make_test_store(tmp_path_factory.mktemp("test-store") / "store")


@pytest.fixture
def serve_app() -> Iterator[Callable[[object], str]]:
    """Start web applications on loopback; each is stopped when the test ends. Returns their base URL."""
    servers: list[LiveServer] = []

    def start(app: object) -> str:
        server = LiveServer(app).start()
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def test_server(test_store_path: Path) -> Iterator[str]:
    """A read-only server (worker processes) over the small test dataset, for the whole session."""
    from alliancekg.server.app import create_app

    server = LiveServer(create_app(test_store_path, workers=2)).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def built_server(built_store_path: Path) -> Iterator[str]:
    """A read-only server over the project's built store, for the whole session."""
    from alliancekg.server.app import create_app

    server = LiveServer(create_app(built_store_path, workers=2)).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def oxigraph_cli() -> Path:
    """The ``oxigraph`` server binary from the PyPI package ``oxigraph``."""
    candidate = Path(sys.executable).parent / "oxigraph"
    found = candidate if candidate.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph CLI is missing: install the test extras (pip install -e '.[test]')")
    return Path(found)


@pytest.fixture
def oxigraph_server(oxigraph_cli: Path, tmp_path: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` on a fresh store and a free loopback port; its base URL."""
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    process = subprocess.Popen(
        [str(oxigraph_cli), "serve", "--location", str(tmp_path / "oxigraph-store"), "--bind", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/query", process=process)
        yield url
    finally:
        stop_process(process)
        log.close()


def _running_virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A real OpenLink Virtuoso (``virtuoso-t``) on a fresh database and free loopback ports.

    Skipped only when the binary is absent: ``make system-deps`` installs ``virtuoso-opensource``.
    """
    from tests.virtuoso import CONSOLE_BINARIES, SERVER_BINARIES, find_binary, start_virtuoso

    server, console = find_binary(SERVER_BINARIES), find_binary(CONSOLE_BINARIES)
    if server is None or console is None:
        pytest.skip("Virtuoso is not installed (virtuoso-t and isql-vt from the Debian package "
                    "virtuoso-opensource; `make system-deps` installs it)")
    running = start_virtuoso(server, console, tmp_path_factory.mktemp("virtuoso"), free_port(), free_port())
    yield running
    stop_process(running.process, timeout=60)


@pytest.fixture(scope="session")
def virtuoso_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The session's Virtuoso (see :func:`_running_virtuoso`)."""
    yield from _running_virtuoso(tmp_path_factory)


@pytest.fixture
def fresh_virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A Virtuoso of the test's own, on a database no other test wrote to (see ``VIRTUOSO_KNOWN_ISSUES``
    in ``tests/graph/store/test_virtuoso.py``: what an earlier write leaves changes some answers)."""
    yield from _running_virtuoso(tmp_path_factory)


@pytest.fixture
def virtuoso(virtuoso_process: object) -> Iterator[object]:
    """The session's Virtuoso with none of the project's graphs, before and after the test."""
    from alliancekg.graph.store.remote import Digest, RemoteStore
    from tests.virtuoso import PASSWORD, USER

    cleaner = RemoteStore(virtuoso_process.auth_endpoint, auth=Digest(USER, PASSWORD))
    for graph in cleaner.graphs():
        cleaner.drop_graph(graph)
    yield virtuoso_process
    for graph in cleaner.graphs():
        cleaner.drop_graph(graph)
