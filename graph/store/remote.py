"""A remote SPARQL 1.1 server as a :class:`~alliancekg.graph.store.embedded.KnowledgeStore`.

Queries go through SPARQLWrapper: SPARQL JSON results for SELECT and ASK, Turtle for
CONSTRUCT and DESCRIBE, read back with pyoxigraph's parsers.  Each query names its dataset
with the protocol's parameters: the data graphs as ``default-graph-uri`` and every graph
as ``named-graph-uri``, so scenario graphs stay out of the default graph exactly as in the
embedded store.  Prefixes the project defines are declared for the server, and bound
parameters become a ``VALUES`` row of validated terms at the start of the ``WHERE`` group
(see :mod:`alliancekg.graph.sparql.lexer`).

Writes go through the Graph Store Protocol (``PUT`` replaces one graph atomically) when a
``gsp_endpoint`` is known, else through one SPARQL Update per graph
(``DROP SILENT GRAPH g ; INSERT DATA { GRAPH g { ... } }``, one transaction on the server).

Settings can also come from the environment, for commands given only ``--endpoint``:
``ALLIANCEKG_UPDATE_ENDPOINT``, ``ALLIANCEKG_GSP_ENDPOINT``, and either
``ALLIANCEKG_ENDPOINT_TOKEN`` (sent as ``Authorization: Bearer``) or
``ALLIANCEKG_ENDPOINT_USER`` with ``ALLIANCEKG_ENDPOINT_PASSWORD`` (HTTP Basic).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from urllib.error import URLError

import httpx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from alliancekg.graph.sparql.lexer import bind_values, complete_prefixes, query_form, tokenize
from alliancekg.graph.store.embedded import _replace_graph_update, result_from_oxigraph
from alliancekg.graph.store.interface import KnowledgeStore, StoreError, is_scenario_graph
from alliancekg.graph.store.results import QueryResult, Triple
from alliancekg.graph.store.terms import to_oxigraph, to_rdflib
from alliancekg.ontology.namespaces import PREFIXES

#: Either ``(user, password)`` for HTTP Basic or a token string for ``Authorization: Bearer``.
Auth = tuple[str, str] | str

GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStoreError(StoreError, OSError):
    """The remote server refused a request or could not be reached."""


def auth_from_environment(environ: Mapping[str, str] | None = None) -> Auth | None:
    """Credentials for the remote server from ``ALLIANCEKG_ENDPOINT_*`` variables, if any."""
    environ = os.environ if environ is None else environ
    if environ.get("ALLIANCEKG_ENDPOINT_TOKEN"):
        return environ["ALLIANCEKG_ENDPOINT_TOKEN"]
    if environ.get("ALLIANCEKG_ENDPOINT_USER"):
        return environ["ALLIANCEKG_ENDPOINT_USER"], environ.get("ALLIANCEKG_ENDPOINT_PASSWORD", "")
    return None


def prepare_query(sparql: str, bindings: Mapping[str, Node] | None = None) -> str:
    """The text sent to the server: project prefixes declared, ``bindings`` as a ``VALUES`` row.

    Examples
    --------
    >>> from rdflib import Literal
    >>> print(prepare_query("SELECT ?x WHERE { ?x akg:percent ?p }", {"p": Literal(27)}))
    PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
    SELECT ?x WHERE { VALUES (?p) { ("27"^^<http://www.w3.org/2001/XMLSchema#integer>) }
     ?x akg:percent ?p }
    """
    text = complete_prefixes(sparql, PREFIXES)
    if bindings:
        text = bind_values(text, {name: to_oxigraph(value) for name, value in bindings.items()})
    return text


def _ntriples(triples: Iterable[Triple]) -> bytes:
    """pyoxigraph's N-Triples serialization of validated terms."""
    items = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples]
    return ox.serialize(items, format=ox.RdfFormat.N_TRIPLES) if items else b""


class RemoteStore(KnowledgeStore):
    """Any SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB, Virtuoso, QLever, this project's own).

    Parameters
    ----------
    endpoint
        The query endpoint URL.
    update_endpoint
        Where SPARQL updates go (default: ``$ALLIANCEKG_UPDATE_ENDPOINT``, else ``endpoint``).
    gsp_endpoint
        The Graph Store Protocol URL, used to replace graphs when given (default:
        ``$ALLIANCEKG_GSP_ENDPOINT``).
    auth
        ``(user, password)`` for HTTP Basic or a bearer token (default: from the environment).
    timeout
        Seconds to wait for any answer.
    """

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, gsp_endpoint: str | None = None,
                 auth: Auth | None = None, timeout: float = 120.0) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or os.environ.get("ALLIANCEKG_UPDATE_ENDPOINT") or endpoint
        self.gsp_endpoint = gsp_endpoint or os.environ.get("ALLIANCEKG_GSP_ENDPOINT") or None
        self.auth = auth if auth is not None else auth_from_environment()
        self.timeout = timeout
        self.location = endpoint

    # -- HTTP plumbing --------------------------------------------------------------
    def _wrapper(self, text: str) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setOnlyConneg(True)
        client.setTimeout(int(self.timeout))
        if isinstance(self.auth, tuple):
            client.setCredentials(*self.auth)
        elif self.auth:
            client.addCustomHttpHeader("Authorization", f"Bearer {self.auth}")
        client.setQuery(text)
        return client

    def _http(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.auth}"} if isinstance(self.auth, str) else {}
        basic = self.auth if isinstance(self.auth, tuple) else None
        return httpx.Client(timeout=self.timeout, headers=headers, auth=basic)

    def _send(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            with self._http() as client:
                response = client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise RemoteStoreError(f"{method} {url} failed: {exc}") from exc
        return response

    def _raw_query(self, text: str, *, default_graphs: list[str] | None = None,
                   named_graphs: list[str] | None = None) -> tuple[str, bytes, str]:
        """Send a prepared query; its form, the answer body and its media type."""
        form = query_form(tokenize(text))
        client = self._wrapper(text)
        client.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
        for graph in default_graphs or ():
            client.addDefaultGraph(graph)
        for graph in named_graphs or ():
            client.addNamedGraph(graph)
        try:
            answer = client.query()
            body = answer.response.read()
            media_type = (answer.response.info().get("content-type") or "").split(";")[0].strip().lower()
        except QueryBadFormed as exc:
            raise SyntaxError(f"the server at {self.endpoint} refused the query: {exc}") from exc
        except (SPARQLWrapperException, URLError, OSError) as exc:
            raise RemoteStoreError(f"query to {self.endpoint} failed: {exc}") from exc
        return form or "SELECT", body, media_type

    def _update(self, text: str) -> None:
        response = self._send("POST", self.update_endpoint, content=text.encode("utf-8"),
                              headers={"Content-Type": "application/sparql-update"})
        if response.status_code >= 300:
            raise RemoteStoreError(f"update at {self.update_endpoint} failed ({response.status_code}): "
                                   f"{response.text.strip()[:500]}")

    # -- reading -----------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        text = prepare_query(sparql, bindings)
        every = [str(g) for g in self.graphs()]
        data = [g for g in every if not is_scenario_graph(g)]
        form, body, media_type = self._raw_query(text, default_graphs=data or None,
                                                 named_graphs=every if data else None)
        return parse_answer(form, body, media_type)

    def graphs(self) -> list[URIRef]:
        form, body, media_type = self._raw_query(GRAPHS_QUERY)
        result = parse_answer(form, body, media_type)
        return sorted(URIRef(str(g)) for g in result.values("g") if isinstance(g, URIRef))

    def triple_count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return sum(self.triple_count(g) for g in self.data_graphs())
        form, body, media_type = self._raw_query(prepare_query(COUNT_QUERY, {"g": URIRef(str(graph))}))
        values = parse_answer(form, body, media_type).values("n")
        return int(values[0].toPython()) if values and values[0] is not None else 0

    # -- writing -----------------------------------------------------------------
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        target = to_oxigraph(URIRef(str(graph)))
        body = _ntriples(triples)
        if self.gsp_endpoint:
            response = self._send("PUT", self.gsp_endpoint, params={"graph": target.value}, content=body,
                                  headers={"Content-Type": "application/n-triples"})
            if response.status_code >= 300:
                raise RemoteStoreError(f"PUT of graph <{target.value}> to {self.gsp_endpoint} failed "
                                       f"({response.status_code}): {response.text.strip()[:500]}")
            return
        self._update(_graph_update(target, body))

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> None:
        """One graph as :meth:`replace_graph`; several in one SPARQL update request (one transaction
        on the server: the Graph Store Protocol has no request that replaces several graphs)."""
        if len(graphs) == 1:
            ((graph, triples),) = graphs.items()
            self.replace_graph(graph, triples)
        elif graphs:
            self._update(" ;\n".join(_graph_update(to_oxigraph(URIRef(str(graph))), _ntriples(triples))
                                      for graph, triples in graphs.items()))

    def drop_graph(self, graph: URIRef) -> None:
        target = to_oxigraph(URIRef(str(graph)))
        if self.gsp_endpoint:
            response = self._send("DELETE", self.gsp_endpoint, params={"graph": target.value})
            if response.status_code >= 300 and response.status_code != 404:
                raise RemoteStoreError(f"DELETE of graph <{target.value}> failed ({response.status_code}): "
                                       f"{response.text.strip()[:500]}")
            return
        self._update(f"DROP SILENT GRAPH {target}")


def _graph_update(target: ox.NamedNode, ntriples: bytes) -> str:
    """The SPARQL update that makes ``target`` hold exactly the serialized ``ntriples``."""
    quads = [ox.Quad(t.subject, t.predicate, t.object, target)
             for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)] if ntriples else []
    nquads = ox.serialize(ox.Dataset(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8") if quads else ""
    return _replace_graph_update(target, nquads)


def parse_answer(form: str, body: bytes, media_type: str) -> QueryResult:
    """Read a server's answer to a query of ``form`` into a :class:`QueryResult`."""
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
            quads = ox.parse(body, format=fmt or ox.RdfFormat.TURTLE)
            triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads]
            return QueryResult(kind="graph", triples=triples)
        fmt = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
        return result_from_oxigraph(ox.parse_query_results(body, fmt or ox.QueryResultsFormat.JSON))
    except SyntaxError as exc:
        raise RemoteStoreError(f"cannot read the server's {media_type or 'answer'}: {exc}") from exc


__all__ = ["Auth", "RemoteStore", "RemoteStoreError", "auth_from_environment", "parse_answer", "prepare_query"]
