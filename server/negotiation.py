"""Content negotiation: which serialization answers which ``Accept`` header.

The media types each kind of answer can take are listed in the server's order of
preference; :func:`choose` picks the one the client ranks highest (q-values and
specificity as in RFC 9110), breaking ties by that order.
"""

from __future__ import annotations

import mimeparse

#: SELECT results: media type -> pyoxigraph ``QueryResultsFormat`` name.
SELECT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/json": "JSON",
    "application/xml": "XML",
}

#: ASK results (CSV and TSV have no boolean form).
ASK_TYPES: dict[str, str] = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/json": "JSON",
    "application/xml": "XML",
}

#: Graphs (CONSTRUCT, DESCRIBE, Graph Store GET, service description): media type -> ``RdfFormat`` name.
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}

#: Answer kinds and the media types they offer.
OFFERS: dict[str, dict[str, str]] = {"select": SELECT_TYPES, "ask": ASK_TYPES, "graph": GRAPH_TYPES}

#: Media types whose text is UTF-8 and should say so in ``Content-Type``.
TEXTUAL = {"text/turtle", "application/n-triples", "text/csv", "text/tab-separated-values"}


#: Values of the ``format`` URL parameter (``output`` is an alias): per answer kind, the media type it asks for.
#: A kind missing from a format cannot be answered in it (CSV has no form for ASK or for graphs).
FORMAT_PARAMETER: dict[str, dict[str, str]] = {
    "json": {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
             "graph": "application/ld+json"},
    "xml": {"select": "application/sparql-results+xml", "ask": "application/sparql-results+xml",
            "graph": "application/rdf+xml"},
    "csv": {"select": "text/csv"},
    "tsv": {"select": "text/tab-separated-values"},
    "turtle": {"graph": "text/turtle"},
    "ntriples": {"graph": "application/n-triples"},
    "jsonld": {"graph": "application/ld+json"},
    "rdfxml": {"graph": "application/rdf+xml"},
}


class NegotiationError(ValueError):
    """The ``Accept`` header (or the ``format`` parameter) could not be read."""


def choose(accept: str | None, offered: list[str] | dict[str, str]) -> str | None:
    """The offered media type the client prefers, or ``None`` if it accepts none of them.

    A missing or empty header accepts anything.

    Examples
    --------
    >>> choose("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
    'application/sparql-results+xml'
    >>> choose("*/*", GRAPH_TYPES)
    'text/turtle'
    >>> choose("text/html", GRAPH_TYPES) is None
    True
    """
    header = (accept or "").strip() or "*/*"
    # mimeparse breaks ties in favour of the last candidate: pass the preferred ones last.
    candidates = list(offered)[::-1]
    try:
        best = mimeparse.best_match(candidates, header)
    except (mimeparse.MimeTypeParseException, ValueError, IndexError) as exc:
        raise NegotiationError(f"malformed Accept header {accept!r}") from exc
    return best or None


def choose_per_kind(accept: str | None) -> dict[str, str | None]:
    """For each answer kind, the media type to answer with (``None``: not acceptable)."""
    return {kind: choose(accept, offered) for kind, offered in OFFERS.items()}


def media_types_for_format(name: str, parameter: str = "format") -> dict[str, str | None]:
    """For each answer kind, the media type the URL parameter ``format=name`` asks for (``None``: no such form).

    The parameter overrides the ``Accept`` header, so that a plain URL (``pandas.read_csv``, a
    browser link) chooses its format.

    Examples
    --------
    >>> media_types_for_format("csv")
    {'select': 'text/csv', 'ask': None, 'graph': None}
    >>> media_types_for_format("Turtle")["graph"]
    'text/turtle'
    >>> try:
    ...     media_types_for_format("xlsx")
    ... except NegotiationError as exc:
    ...     print(exc)
    the 'format' parameter is 'xlsx'; use one of json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml
    """
    offered = FORMAT_PARAMETER.get(name.strip().lower())
    if offered is None:
        raise NegotiationError(f"the {parameter!r} parameter is {name!r}; use one of {', '.join(FORMAT_PARAMETER)}")
    return {kind: offered.get(kind) for kind in OFFERS}


def content_type(media_type: str) -> str:
    """The ``Content-Type`` header value for ``media_type`` (with a charset where useful)."""
    return f"{media_type}; charset=utf-8" if media_type in TEXTUAL else media_type


def media_type_of(header: str | None) -> tuple[str, dict[str, str]]:
    """Split a ``Content-Type`` header into its lower-cased media type and parameters.

    Examples
    --------
    >>> media_type_of("Application/SPARQL-Query; charset=UTF-8")
    ('application/sparql-query', {'charset': 'UTF-8'})
    """
    if not header:
        return "", {}
    head, *params = header.split(";")
    parsed = {}
    for param in params:
        key, _, value = param.partition("=")
        if key.strip():
            parsed[key.strip().lower()] = value.strip().strip('"')
    return head.strip().lower(), parsed


__all__ = [
    "ASK_TYPES", "FORMAT_PARAMETER", "GRAPH_TYPES", "OFFERS", "SELECT_TYPES", "NegotiationError", "choose",
    "choose_per_kind", "content_type", "media_type_of", "media_types_for_format",
]
