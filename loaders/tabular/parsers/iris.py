"""Parsers of addresses: ``iri`` (an http(s) address, optionally a described source) and ``curie``."""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from alliancekg.loaders.guards import shown
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Cell, Run
from alliancekg.loaders.tabular.templates import split
from alliancekg.loaders.tabular.text import parse_source_note, publisher_domain
from alliancekg.ontology.namespaces import AKG, PUB


def parse_iri(run: Run, raw: str, row: Row, column: str | None) -> URIRef | None:
    """``raw`` as an http(s) IRI, or None after reporting it at ``row`` and ``column``."""
    raw = raw.strip()
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", raw):
        run.problem(row, f"{shown(raw)} is not an http(s) address", column)
        return None
    return URIRef(raw)


def parse_iri_value(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """An http(s) address; with ``describe``, typed as a source with its publisher and date."""
    iri = parse_iri(cell.run, raw, cell.row, cell.column)
    if iri is None:
        return []
    describe = spec.get("describe")
    if describe:
        describe_source(iri, raw, describe, cell)
    return [iri]


def parse_curie(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """A CURIE of the project's prefixes, expanded."""
    return [cell.run.mapping.iri(raw)]


def describe_source(iri: URIRef, raw: str, describe: dict[str, Any], cell: Cell) -> None:
    """Type a source and add its publisher and date, read from the same position of another column."""
    run, scope = cell.run, cell.scope
    run.graph.add((iri, RDF.type, AKG.Source))
    if id(describe) not in scope.described:  # split once per row, not once per address: linear in the cell
        urls = [u.strip() for u in split(run, scope.value(describe["urls"]), True)] if describe.get("urls") else []
        positions: dict[str, int] = {}
        for number, url in enumerate(urls):
            positions.setdefault(url, number)
        scope.described[id(describe)] = (positions, split(run, scope.value(describe["column"]), True))
    positions, notes = scope.described[id(describe)]
    position = positions.get(raw, -1)
    if 0 <= position < len(notes):
        year = scope.value(describe["year"])[:4] if describe.get("year") else ""
        describe_note(iri, raw, notes[position], cell, describe["column"], int(year) if year.isdigit() else None)


def describe_note(iri: URIRef, address: str, note: str, cell: Cell, column: str, year: int | None = None) -> None:
    """The source's publisher node, publication date (or undated), how the date was read and what it is, from
    its ``note`` in ``column`` (``year``: the deal's, for a day and month shown without one); a note in another
    form is reported at that column."""
    run = cell.run
    try:
        parsed = parse_source_note(note, year)
    except ValueError as exc:
        run.problem(cell.row, f"{shown(note.strip())}: {exc}", column)
        return
    domain = publisher_domain(parsed.publisher, address)
    publisher = PUB[domain]
    run.graph.add((iri, AKG.publisher, publisher))
    run.graph.add((publisher, RDF.type, AKG.Publisher))
    run.graph.add((publisher, RDFS.label, Literal(parsed.publisher)))
    run.graph.add((publisher, AKG.webDomain, Literal(domain)))
    if parsed.undated:
        run.graph.add((iri, AKG.undated, Literal(True)))
    else:
        run.graph.add((iri, AKG.publishedOn, Literal(parsed.date, datatype=XSD.date)))
    if parsed.precision:
        run.graph.add((iri, AKG.datePrecision, Literal(parsed.precision)))
    if parsed.basis:
        run.graph.add((iri, AKG.dateBasis, Literal(parsed.basis)))
    if parsed.comment:
        run.graph.add((iri, RDFS.comment, Literal(parsed.comment)))
