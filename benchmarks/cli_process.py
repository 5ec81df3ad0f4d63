"""``alliancekg query NAME`` as a user runs it: a whole process on the bundled graph, against a bare one.

The bundled graph is built once into ``OUT/bundled-store`` (``alliancekg --store DIR build``, what ``make
build`` does into the default store); each catalog query then runs ``runs`` times as a fresh
``alliancekg --store DIR query NAME`` process.  The yardstick is the smallest process that answers the
same query: ``python -c`` importing pyoxigraph, opening the store read-only and running the query's text
with its default parameters written in.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

#: The catalog queries timed as whole processes.
QUERIES = ("equity-stake", "organization-deals")
#: The issue's target for a whole ``alliancekg query`` process, in seconds.
CLI_SECONDS = 0.3

BARE = ("import sys, pyoxigraph; s = pyoxigraph.Store.read_only(sys.argv[1]); "
        "print(sum(1 for _ in s.query(sys.argv[2], use_default_graph_as_union=True)))")


def alliancekg() -> str:
    """The ``alliancekg`` script installed beside this Python."""
    return str(Path(sys.executable).parent / "alliancekg")


def ensure_bundled_store(out: Path) -> Path:
    """``OUT/bundled-store``, built from the bundled data unless it is there already."""
    store = out / "bundled-store"
    if not store.is_dir():
        subprocess.run([alliancekg(), "--store", str(store), "build"], check=True, capture_output=True, timeout=3600)
    return store


def default_text(name: str) -> str:
    """Catalog query ``name`` with its default parameters written in and its prefixes declared.

    Examples
    --------
    >>> "ent:microsoft" in default_text("equity-stake") or "microsoft" in default_text("equity-stake")
    True
    """
    from alliancekg.graph.sparql.binding import inline_bindings
    from alliancekg.graph.sparql.lexer import bind_values, complete_prefixes
    from alliancekg.graph.store.terms import to_oxigraph
    from alliancekg.ontology.namespaces import PREFIXES
    from alliancekg.queries.catalog import load_catalog

    query = load_catalog()[name]
    terms = {k: to_oxigraph(v) for k, v in query.bindings({}).items()}
    text = complete_prefixes(query.text, PREFIXES)
    return inline_bindings(text, terms) or bind_values(text, terms)


def wall_seconds(command: list[str], runs: int) -> dict[str, object]:
    """Median and minimum wall time of ``runs`` runs of ``command`` (after one untimed run), and its exit status."""
    subprocess.run(command, capture_output=True, timeout=600, check=False)
    samples, status = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, timeout=600, check=False)
        samples.append(time.perf_counter() - started)
        status = status or completed.returncode
    return {"median_s": statistics.median(samples), "min_s": min(samples), "runs": runs, "status": status}


def measure(out: Path, runs: int = 10, queries: tuple[str, ...] = QUERIES) -> dict[str, object]:
    """Each of ``queries`` as an ``alliancekg query`` process and as a bare pyoxigraph process."""
    store = ensure_bundled_store(out)
    measured: dict[str, object] = {}
    for name in queries:
        measured[name] = {"cli": wall_seconds([alliancekg(), "--store", str(store), "query", name], runs),
                          "bare": wall_seconds([sys.executable, "-c", BARE, str(store), default_text(name)], runs)}
    return {"store": "bundled graph", "runs": runs, "queries": measured}


__all__ = ["CLI_SECONDS", "QUERIES", "default_text", "ensure_bundled_store", "measure", "wall_seconds"]
