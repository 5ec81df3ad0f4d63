"""The hand tokenizer against an independent parser (rdflib's SPARQL grammar).

For every query and update of the W3C SPARQL suites (shared ``datasets/w3c-sparql-tests``) that
rdflib parses, and for generated texts, the tokenizer must report what rdflib's parse tree holds:
the outbound operations (``SERVICE``, ``LOAD``), the prefixes declared and used (what
:func:`complete_prefixes` relies on) and whether a query names its dataset (``FROM``).  Texts
rdflib cannot parse are the negative syntax tests and features rdflib lacks; for them the guard
refuses (see ``test_service_guard.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from alliancekg.graph.sparql import lexer as sparql_text
from alliancekg.graph.sparql.guard import OUTBOUND, for_rdflib
from tests.conftest import shared_dir

SUITE = shared_dir() / "datasets" / "w3c-sparql-tests"

#: Files where the two readings legitimately differ, with the reason.
KNOWN = {
    "nps_inverse.rq": "rdflib's parse tree of the negated inverse path !^ex:pr holds no prefixed-name node",
}


def _nodes(tree: object) -> Iterator[CompValue]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)


def rdflib_reading(text: str, kind: str) -> dict[str, object] | None:
    """What rdflib's parse tree says, or ``None`` if rdflib cannot parse ``text``."""
    try:
        tree = (parseQuery if kind == "query" else parseUpdate)(for_rdflib(text))
    except Exception:
        return None
    nodes = list(_nodes(tree))
    names = {node.name for node in nodes}
    return {
        "outbound": {keyword for keyword, node in OUTBOUND.items() if node in names},
        "declared": {dict.get(node, "prefix", "") for node in nodes if node.name == "PrefixDecl"},
        "used": {dict.get(node, "prefix", "") for node in nodes if node.name == "pname"},
        "dataset": "DatasetClause" in names if kind == "query" else None,
    }


def tokenizer_reading(text: str, kind: str) -> dict[str, object]:
    """The same facts as :func:`rdflib_reading`, from the hand tokenizer."""
    tokens = sparql_text.tokenize(text)
    declared, used = set(), set()
    for index, token in enumerate(tokens):
        if token.kind == sparql_text.WORD and ":" in token.text and not token.text.startswith("_:"):
            prefix = token.text.split(":", 1)[0]
            (declared if index and tokens[index - 1].keyword == "PREFIX" else used).add(prefix)
    return {
        "outbound": set(OUTBOUND) & sparql_text.keywords(tokens),
        "declared": declared,
        "used": used,
        "dataset": sparql_text.has_dataset_clause(text) if kind == "query" else None,
    }


def suite_files() -> list[Path]:
    return sorted(SUITE.rglob("*.r[qu]")) if SUITE.is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not SUITE.is_dir(), reason="the shared W3C SPARQL test suites are not beside the repository")
def test_tokenizer_agrees_with_rdflib_on_the_w3c_suites() -> None:
    compared, disagreements = 0, []
    for path in suite_files():
        kind = "query" if path.suffix == ".rq" else "update"
        text = path.read_text(encoding="utf-8", errors="replace")
        expected = rdflib_reading(text, kind)
        if expected is None or path.name in KNOWN:
            continue
        compared += 1
        found = tokenizer_reading(text, kind)
        disagreements += [f"{path.name}: {key} {found[key]} != {expected[key]}" for key in expected
                          if found[key] != expected[key]]
    assert compared > 900
    assert disagreements == []


FRAGMENTS = [
    '"a"', "'b'", '"""x"y""z"""', '"""a""""b"', "'''q''''r'", '"\\"#"', '"\\u0022"', "<urn:x#y>", "<urn:x\\u0041#>",
    "?s", "?service", "ex:o", "ex:o.ex:p", "true", "1", "27", "1.5", ".", ";", ",", "# SERVICE <urn:c>\n",
    "#c\n", "SERVICE <urn:s> { ?a ?b ?c }", "OPTIONAL { ?s ?p ?o }", "FILTER(?s<ex:f(?o)&&?s>0)",
    "BIND(1 AS ?z)", "{ SELECT ?s WHERE { ?s ?p ?o } }", "VALUES ?v { 1 }", "ex:p", "a",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8), st.sampled_from([" ", "", "\n"]))
def test_tokenizer_agrees_with_rdflib_on_generated_queries(pieces: list[str], glue: str) -> None:
    text = "PREFIX ex: <urn:ex:> SELECT * WHERE { " + glue.join(pieces) + "\n}"
    expected = rdflib_reading(text, "query")
    if expected is None:
        return  # not a query for rdflib either
    assert tokenizer_reading(text, "query") == expected


def _first_where_part(tree: object) -> str | None:
    """Name of the first element of the outermost WHERE group in rdflib's parse of a query."""
    query = tree[1]
    where = dict.get(query, "where")
    parts = dict.get(where, "part") if isinstance(where, CompValue) else None
    return parts[0].name if parts else None


@pytest.mark.slow
@pytest.mark.skipif(not SUITE.is_dir(), reason="the shared W3C SPARQL test suites are not beside the repository")
def test_group_boundaries_agree_with_rdflib_on_the_w3c_suites() -> None:
    # bind_values puts its VALUES row first in the outermost WHERE group; add_using puts USING
    # before the WHERE of every DELETE/INSERT operation.  rdflib must read them there.
    from rdflib import Literal

    compared, disagreements = 0, []
    for path in suite_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        kind = "query" if path.suffix == ".rq" else "update"
        if rdflib_reading(text, kind) is None:
            continue
        if kind == "query":
            try:
                bound = sparql_text.bind_values(text, {"zzBound": ox.Literal("1")})
            except sparql_text.SparqlTextError:
                continue  # DESCRIBE without WHERE, CONSTRUCT WHERE: refused, not misplaced
            compared += 1
            try:
                tree = parseQuery(for_rdflib(bound))
            except Exception as exc:
                disagreements.append(f"{path.name}: the bound query no longer parses: {exc}")
                continue
            if _first_where_part(tree) != "InlineData" or Literal("1") not in _values(tree):
                disagreements.append(f"{path.name}: VALUES is not the first element of the WHERE group")
        else:
            if sparql_guard_names_dataset(text):
                continue
            with_using = sparql_text.add_using(text, [ox.NamedNode("urn:ex:g")], [])
            compared += 1
            try:
                modifies = [n for n in _nodes(parseUpdate(for_rdflib(with_using))) if n.name == "Modify"]
            except Exception as exc:
                disagreements.append(f"{path.name}: the update with USING no longer parses: {exc}")
                continue
            if not all("using" in n for n in modifies):
                disagreements.append(f"{path.name}: an operation did not get the USING clause")
    assert compared > 800
    assert disagreements == []


def _values(tree: object) -> list[object]:
    return [value for node in _nodes(tree) if node.name == "InlineData" for value in _flatten(node)]


def _flatten(node: object) -> Iterator[object]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (CompValue, dict)):
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)
        else:
            yield item


def sparql_guard_names_dataset(text: str) -> bool:
    from alliancekg.graph.sparql.guard import update_names_dataset

    return update_names_dataset(text)
