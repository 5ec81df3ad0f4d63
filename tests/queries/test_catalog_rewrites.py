"""Rewritten catalog queries answer exactly as their originals in ``tests/data/catalog-queries-before/``.

One comparison for every rewrite (for speed on large graphs, or for Virtuoso): the same rows with the
same multiplicities, each term with its datatype and language, GROUP_CONCAT columns with their items
sorted (SPARQL leaves their order open); on the bundled data and on small edge-case graphs.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from alliancekg.graph.rights.observations import ScenarioObservation, measures
from alliancekg.graph.rights.scenarios import ScenarioEvent, event_types, save_scenario
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology import ONTOLOGY_FILE
from alliancekg.ontology.namespaces import AKG
from alliancekg.queries.catalog import load_catalog
from alliancekg.queries.run import sorted_list

BEFORE = Path(__file__).resolve().parents[1] / "data" / "catalog-queries-before"
EX = "https://example.org/"
ENT = "https://w3id.org/alliance-kg/id/ent/"

#: Every rewritten catalog query whose original is kept.
REWRITTEN = ("agi-constraints", "agi-exposure", "freedoms", "money-flows", "organization-conflicts",
             "organization-deals", "product-hosting", "rights-at")
#: Queries compared on the bundled data for every organization rather than with their defaults.
PER_ORGANIZATION = ("organization-conflicts", "organization-deals")
#: Columns joined with GROUP_CONCAT, with their separators.
CONCATENATED = {"sources": " | ", "qualifications": " | ", "roles": "; ", "dealTypes": ", ", "others": ", ",
                "holders": " | ", "openConditions": " | "}
SCENARIO = "https://w3id.org/alliance-kg/scenario/"
#: rights-at on the bundled data: its defaults, dates before, between and after the agreements, and
#: terms as they stood before some of them (each holder is added by ``_bundled_params``).
RIGHTS_AT_CASES = ({}, {"at": "2024-01-01"}, {"at": "2025-06-01"}, {"at": "2028-01-01"}, {"at": "2031-01-01"},
                   {"at": "2027-01-01", "termsAsOf": "2023-06-01"}, {"at": "2027-01-01", "termsAsOf": "2025-10-28"})


@dataclass(frozen=True)
class EdgeCase:
    """A rewritten query, the edge-case graph and parameter values it is compared on.

    ``rows`` and ``distinct`` are how many rows the original answers there, with and without their
    multiplicities, so that the graph is known to exercise the comparison; ``optional`` names columns
    the graph both fills and leaves out.
    """

    query: str
    graph: str
    params: dict[str, str]
    rows: int
    distinct: int
    optional: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        """The test id: query, graph and the last segment of each parameter value."""
        values = "-".join(value.rsplit("/", 1)[-1] for value in self.params.values())
        return f"{self.query}-on-{Path(self.graph).stem}-{values}"


EDGE_CASES = (
    EdgeCase("money-flows", "edge-cases.ttl", {"a": f"{EX}a", "b": f"{EX}b"}, 36, 36),
    EdgeCase("product-hosting", "edge-cases.ttl", {"company": f"{EX}a"}, 11, 11),
    EdgeCase("agi-constraints", "agi-and-rights-edge-cases.ttl", {"holder": f"{ENT}alpha"}, 95, 53,
             ("appliesUntil", "qualification", "asset")),
    EdgeCase("agi-constraints", "agi-and-rights-edge-cases.ttl", {"holder": f"{ENT}beta"}, 30, 16),
    EdgeCase("agi-exposure", "agi-and-rights-edge-cases.ttl", {"holder": f"{ENT}alpha"}, 15, 15, ("endDate",)),
    EdgeCase("agi-exposure", "agi-and-rights-edge-cases.ttl", {"holder": f"{ENT}beta"}, 6, 6),
    EdgeCase("freedoms", "agi-and-rights-edge-cases.ttl", {"holder": f"{ENT}alpha"}, 11, 11,
             ("counterparty", "qualifications")),
    EdgeCase("freedoms", "agi-and-rights-edge-cases.ttl", {"holder": f"{ENT}beta"}, 2, 2),
    # a1 twice (two dates), a2 and a4 twice (two labels), a3 once: seven different rows.
    EdgeCase("organization-deals", "organization-deals-edge-cases.ttl", {"org": f"{EX}edge/acme"}, 7, 7),
)


def _original(name: str) -> str:
    return (BEFORE / f"{name}.rq").read_text(encoding="utf-8")


def _term(column: str, term: Node) -> tuple[str, str, str | None, str | None]:
    """A term as its kind, text, datatype and language; a joined list with its items sorted."""
    if column in CONCATENATED:
        term = sorted_list(term, CONCATENATED[column])
    if isinstance(term, Literal):
        return ("literal", str(term), term.datatype and str(term.datatype), term.language)
    return (type(term).__name__, str(term), None, None)


def _answers(store: OxigraphStore, text: str, bindings: dict[str, Node]) -> Counter:
    """The rows of ``text`` with their multiplicities, unbound columns left out."""
    return Counter(tuple(sorted((column, _term(column, value)) for column, value in row.items() if value is not None))
                   for row in store.query(text, bindings).rows)


def _compare(store: OxigraphStore, name: str, params: dict[str, str]) -> Counter:
    """The original's answers, once the rewritten query is seen to give the same."""
    query = load_catalog()[name]
    bindings = dict(query.bindings(params))
    original = _answers(store, _original(name), bindings)
    assert _answers(store, query.text, bindings) == original, (name, params)
    return original


def _bundled_params(store: OxigraphStore, name: str) -> Iterator[dict[str, str]]:
    """The parameter values a query is compared with on the bundled data."""
    if name == "rights-at":
        yield from RIGHTS_AT_CASES
        for holder in _holders(store):
            yield {"holder": holder, "at": "2028-06-01"}
            yield {"holder": holder, "at": "2028-06-01", "termsAsOf": "2025-12-31"}
        return
    if name not in PER_ORGANIZATION:
        yield {}
        return
    orgs = store.query("SELECT DISTINCT ?o WHERE { { ?a akg:party ?o } UNION { ?a akg:hasPartyRole/akg:playedBy ?o } }")
    assert len(orgs.rows) > 100
    for row in orgs.rows:
        yield {"org": str(row["o"])}


def _holders(store: OxigraphStore) -> list[str]:
    """Every holder of a provision in ``store``."""
    return sorted(str(row["h"]) for row in store.query("SELECT DISTINCT ?h WHERE { ?p akg:holder ?h }").rows)


@pytest.fixture(scope="module")
def scenario_store(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    """A writable copy of the bundled store with saved scenarios: AGI verified in 2028, AGI declared
    in 2027, and every event type in 2027 with 2 GW delivered and every other measure far reached."""
    path = tmp_path_factory.mktemp("scenarios") / "store"
    shutil.copytree(built_store_path, path)
    opened = OxigraphStore(path)
    every_measure = [ScenarioObservation(dt.date(2027, 6, 30), measure, Decimal(2 if "gw" in measure else 10**6))
                     for measure in measures(opened)]
    save_scenario(opened, "agi-2028", [ScenarioEvent(dt.date(2028, 1, 1), AKG.AGIVerified)])
    save_scenario(opened, "agi-declared-2027", [ScenarioEvent(dt.date(2027, 3, 1), AKG.AGIDeclared)])
    save_scenario(opened, "every-event-2027",
                  [ScenarioEvent(dt.date(2027, 1, 15), kind) for kind in event_types(opened)], every_measure)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def edge_stores() -> Iterator[dict[str, OxigraphStore]]:
    """One store per edge-case graph, each with the ontology beside it."""
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    stores = {}
    for graph in sorted({case.graph for case in EDGE_CASES}):
        opened = OxigraphStore()
        opened.replace_graph(URIRef(f"{EX}graph/ontology"), ontology)
        opened.replace_graph(URIRef(f"{EX}graph/{Path(graph).stem}"), Graph().parse(BEFORE / graph, format="turtle"))
        stores[graph] = opened
    yield stores
    for opened in stores.values():
        opened.close()


@pytest.mark.parametrize("name", REWRITTEN)
def test_the_original_is_kept_and_differs(name: str) -> None:
    assert load_catalog()[name].text.strip() != _original(name).strip()


@pytest.mark.parametrize("name", REWRITTEN)
def test_a_rewritten_query_answers_as_its_original_on_the_bundled_data(store: OxigraphStore, name: str) -> None:
    answered = [_compare(store, name, params) for params in _bundled_params(store, name)]
    assert any(answered)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["agi-2028", "agi-declared-2027", "every-event-2027"])
def test_rights_at_answers_as_its_original_under_scenarios(scenario_store: OxigraphStore, scenario: str) -> None:
    answered = [_compare(scenario_store, "rights-at", {"at": at, "scenario": SCENARIO + scenario, **holder})
                for at in ("2026-06-01", "2028-06-01", "2031-01-01")
                for holder in [{}] + [{"holder": holder} for holder in _holders(scenario_store)]]
    assert sum(map(len, answered)) > 0 and len({frozenset(answer) for answer in answered}) > 3


@pytest.mark.parametrize("case", EDGE_CASES, ids=lambda case: case.id)
def test_a_rewritten_query_answers_as_its_original_on_an_edge_case_graph(
        edge_stores: dict[str, OxigraphStore], case: EdgeCase) -> None:
    answers = _compare(edge_stores[case.graph], case.query, case.params)
    assert (sum(answers.values()), len(answers)) == (case.rows, case.distinct)


@pytest.mark.parametrize("case", [case for case in EDGE_CASES if case.optional], ids=lambda case: case.id)
def test_the_edge_cases_fill_and_leave_out_each_optional_column(
        edge_stores: dict[str, OxigraphStore], case: EdgeCase) -> None:
    rows = [dict(row) for row in _compare(edge_stores[case.graph], case.query, case.params)]
    for column in case.optional:
        assert any(column in row for row in rows) and any(column not in row for row in rows), column
