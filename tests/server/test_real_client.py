"""A real SPARQL client (SPARQLWrapper) against the project's own server gets the CLI's rows for every catalog query."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.graph.store.terms import json_value, to_rdflib
from alliancekg.queries.catalog import load_catalog

pytestmark = pytest.mark.server

CATALOG = sorted(load_catalog())


#: Separators the catalog's GROUP_CONCATs join with (their order is undefined in SPARQL).
GROUP_SEPARATORS = re.compile(r" \| |; |, ")


def comparable(rows: list[dict[str, object]]) -> list[tuple]:
    """Rows as sorted tuples; GROUP_CONCAT lists (in no defined order) sorted too."""
    def cell(value: object) -> object:
        if isinstance(value, str) and GROUP_SEPARATORS.search(value):
            return tuple(sorted(GROUP_SEPARATORS.split(value)))
        return value

    return sorted((tuple(sorted((k, cell(v)) for k, v in row.items())) for row in rows), key=repr)


def cli_rows(store: Path, name: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["--store", str(store), "query", name, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def client_rows(server: str, name: str) -> list[dict[str, object]]:
    """Fetch the bound query text the web page uses, then run it with SPARQLWrapper."""
    bound = httpx.get(f"{server}/api/catalog/{name}/sparql", timeout=30)
    assert bound.status_code == 200, bound.text
    text = bound.json()["sparql"]
    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(POST)
    client.setQuery(text)
    if client.queryType in ("CONSTRUCT", "DESCRIBE"):
        client.setReturnFormat(TURTLE)
        data = client.query().response.read()
        return [{"subject": str(to_rdflib(t.subject)), "predicate": str(to_rdflib(t.predicate)),
                 "object": json_value(to_rdflib(t.object))}
                for t in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    if "boolean" in answer:
        return [{"boolean": answer["boolean"]}]
    parsed = ox.parse_query_results(json.dumps(answer), ox.QueryResultsFormat.JSON)
    variables = [v.value for v in parsed.variables]
    return [{v: json_value(to_rdflib(row[v])) for v in variables} for row in parsed]


def test_the_catalog_is_there() -> None:
    assert "equity-stake" in CATALOG
    assert len(CATALOG) >= 10


@pytest.mark.parametrize("name", CATALOG)
def test_sparqlwrapper_gets_the_cli_rows(built_server: str, built_store_path: Path, name: str) -> None:
    expected = cli_rows(built_store_path, name)
    served = client_rows(built_server, name)
    assert comparable(served) == comparable(expected)


def test_equity_stake_is_27_percent_over_the_wire(built_server: str) -> None:
    rows = client_rows(built_server, "equity-stake")
    assert any(row["percent"] == 27 for row in rows)
