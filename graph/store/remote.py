"""A remote SPARQL 1.1 server as a :class:`~alliancekg.graph.store.interface.KnowledgeStore`.

Queries go through SPARQLWrapper: SPARQL JSON results for SELECT and ASK, Turtle for
CONSTRUCT and DESCRIBE, read back with pyoxigraph's parsers.  Each query names its dataset
with the protocol's parameters: the data graphs as ``default-graph-uri`` and every graph
as ``named-graph-uri``, so scenario graphs stay out of the default graph exactly as in the
embedded store.  Prefixes the project defines are declared for the server, and bound
parameters are written into the patterns as validated terms, as the embedded store does
(:func:`~alliancekg.graph.sparql.binding.inline_bindings`: a sub-``SELECT`` sees them, which a
``VALUES`` row at the top is not, on Virtuoso); where a term cannot go, they become a ``VALUES``
row at the start of the ``WHERE`` group (see :mod:`alliancekg.graph.sparql.lexer`).

Writes go through the Graph Store Protocol (``PUT`` replaces one graph atomically) when a
``gsp_endpoint`` is known, else through one SPARQL Update per graph
(``DROP SILENT GRAPH g ; INSERT DATA { GRAPH g { ... } }``, one transaction on the server).

Settings can also come from the environment, for commands given only ``--endpoint``:
``ALLIANCEKG_UPDATE_ENDPOINT``, ``ALLIANCEKG_GSP_ENDPOINT``, and either
``ALLIANCEKG_ENDPOINT_TOKEN`` (sent as ``Authorization: Bearer``) or
``ALLIANCEKG_ENDPOINT_USER`` with ``ALLIANCEKG_ENDPOINT_PASSWORD`` (HTTP Basic, or HTTP Digest
when ``ALLIANCEKG_ENDPOINT_AUTH=digest``, as Virtuoso's ``/sparql-auth`` asks).

Only the project's own graphs (IRIs under ``https://w3id.org/alliance-kg/``) are listed, counted and
named in queries: servers keep graphs of their own (Virtuoso's ``virtrdf#`` and others).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import NamedTuple
from urllib.error import URLError

import httpx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node
from SPARQLWrapper import DIGEST, JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from alliancekg.graph.sparql.binding import inline_bindings
from alliancekg.graph.sparql.lexer import bind_values, complete_prefixes, query_form, tokenize
from alliancekg.graph.store.embedded import _replace_graph_update, result_from_oxigraph
from alliancekg.graph.store.interface import KnowledgeStore, StoreError, is_scenario_graph
from alliancekg.graph.store.results import QueryResult, Triple
from alliancekg.graph.store.terms import to_oxigraph, to_rdflib
from alliancekg.ontology.namespaces import BASE, PREFIXES

XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_BOOLEAN_DIGITS = {"1": "true", "0": "false"}
#: What graph answers (CONSTRUCT, DESCRIBE) are asked for, best first.
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, */*;q=0.1"


class Digest(NamedTuple):
    """A user and password sent with HTTP Digest authentication (Virtuoso's ``/sparql-auth``)."""

    user: str
    password: str


#: ``(user, password)`` for HTTP Basic, :class:`Digest` for HTTP Digest, or a token for ``Authorization: Bearer``.
Auth = Digest | tuple[str, str] | str

#: The project's named graphs.  ``GRAPH ?g { }`` would be cheaper, but Virtuoso answers it with one
#: unbound row; the filter leaves out the graphs a server keeps for itself.
GRAPHS_QUERY = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{BASE}\")) }}"
#: Blank node labels every parser takes (a subset of N-Triples' own).
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
#: Triples per SPARQL update request; larger writes are staged (see ``RemoteStore._replace_staged``).
#: Virtuoso compiles each inserted triple into SQL and refuses more than 10,000 lines of it.
CHUNK_TRIPLES = 500
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStoreError(StoreError, OSError):
    """The remote server refused a request or could not be reached."""


def auth_from_environment(environ: Mapping[str, str] | None = None) -> Auth | None:
    """Credentials for the remote server from ``ALLIANCEKG_ENDPOINT_*`` variables, if any.

    Examples
    --------
    >>> auth_from_environment({"ALLIANCEKG_ENDPOINT_USER": "u", "ALLIANCEKG_ENDPOINT_PASSWORD": "p",
    ...                        "ALLIANCEKG_ENDPOINT_AUTH": "digest"})
    Digest(user='u', password='p')
    """
    environ = os.environ if environ is None else environ
    if environ.get("ALLIANCEKG_ENDPOINT_TOKEN"):
        return environ["ALLIANCEKG_ENDPOINT_TOKEN"]
    if environ.get("ALLIANCEKG_ENDPOINT_USER"):
        scheme = environ.get("ALLIANCEKG_ENDPOINT_AUTH", "basic").strip().lower()
        if scheme not in ("basic", "digest"):
            raise ValueError(f"ALLIANCEKG_ENDPOINT_AUTH must be basic or digest, not {scheme!r}")
        user, password = environ["ALLIANCEKG_ENDPOINT_USER"], environ.get("ALLIANCEKG_ENDPOINT_PASSWORD", "")
        return Digest(user, password) if scheme == "digest" else (user, password)
    return None


def prepare_query(sparql: str, bindings: Mapping[str, Node] | None = None) -> str:
    """The text sent to the server: project prefixes declared, ``bindings`` written into the patterns.

    Bound variables become their validated terms, as on the embedded store; where a term cannot
    be written (the variable is assigned with ``AS`` or ``VALUES``, or tested with ``BOUND``),
    the bindings become a ``VALUES`` row at the start of the ``WHERE`` group.

    Examples
    --------
    >>> from rdflib import Literal
    >>> print(prepare_query("SELECT ?x WHERE { ?x akg:percent ?p }", {"p": Literal(27)}))
    PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
    SELECT ?x WHERE { ?x akg:percent "27"^^<http://www.w3.org/2001/XMLSchema#integer>
    BIND("27"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?p)
    }
    >>> print(prepare_query("SELECT ?p WHERE { BIND(1 AS ?p) }", {"p": Literal(27)}))
    SELECT ?p WHERE { VALUES (?p) { ("27"^^<http://www.w3.org/2001/XMLSchema#integer>) }
     BIND(1 AS ?p) }
    """
    text = complete_prefixes(sparql, PREFIXES)
    if not bindings:
        return text
    terms = {name: to_oxigraph(value) for name, value in bindings.items()}
    inlined = inline_bindings(text, terms)
    return inlined if inlined is not None else bind_values(text, terms)


def _ntriples(triples: Iterable[Triple]) -> bytes:
    """pyoxigraph's N-Triples serialization of validated terms."""
    items = [_oxigraph_triple(triple) for triple in triples]
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
        ``(user, password)`` for HTTP Basic, :class:`Digest` for HTTP Digest, or a bearer token
        (default: from the environment).
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
        if isinstance(self.auth, Digest):
            client.setHTTPAuth(DIGEST)
            client.setCredentials(*self.auth)
        elif isinstance(self.auth, tuple):
            client.setCredentials(*self.auth)
        elif self.auth:
            client.addCustomHttpHeader("Authorization", f"Bearer {self.auth}")
        client.setQuery(text)
        return client

    def _http(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.auth}"} if isinstance(self.auth, str) else {}
        auth: httpx.Auth | tuple[str, str] | None = None
        if isinstance(self.auth, Digest):
            auth = httpx.DigestAuth(*self.auth)
        elif isinstance(self.auth, tuple):
            auth = self.auth
        return httpx.Client(timeout=self.timeout, headers=headers, auth=auth)

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
        if form in ("CONSTRUCT", "DESCRIBE"):
            # N-Triples first: Virtuoso's Turtle writes a whole xsd:decimal as a bare number (an xsd:integer).
            client.addCustomHttpHeader("Accept", GRAPH_ACCEPT)
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
        named = every if data and uses_named_graphs(text) else None
        form, body, media_type = self._raw_query(text, default_graphs=data or None, named_graphs=named)
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
        if not self.gsp_endpoint:
            self.replace_graphs({graph: triples})
            return
        target = to_oxigraph(URIRef(str(graph)))
        response = self._send("PUT", self.gsp_endpoint, params={"graph": target.value}, content=_ntriples(triples),
                              headers={"Content-Type": "application/n-triples"})
        if response.status_code >= 300:
            raise RemoteStoreError(f"PUT of graph <{target.value}> to {self.gsp_endpoint} failed "
                                   f"({response.status_code}): {response.text.strip()[:500]}")

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]]) -> None:
        """One graph by Graph Store ``PUT`` when there is a GSP endpoint; otherwise all in one SPARQL
        update request (one transaction on the server), staged in chunks when large."""
        if len(graphs) == 1 and self.gsp_endpoint:
            ((graph, triples),) = graphs.items()
            self.replace_graph(graph, triples)
            return
        lists = {to_oxigraph(URIRef(str(graph))): [_oxigraph_triple(t) for t in triples]
                 for graph, triples in graphs.items()}
        if sum(len(triples) for triples in lists.values()) <= CHUNK_TRIPLES:
            if lists:
                self._update(" ;\n".join(_graph_update(target, _serialize(triples))
                                          for target, triples in lists.items()))
            return
        self._replace_staged(lists)

    def _replace_staged(self, graphs: Mapping[ox.NamedNode, list[ox.Triple]]) -> None:
        """Write each graph in chunks into a staging graph, then move them all in place in one request.

        Servers cap the size of one update (Virtuoso refuses an update that compiles to over 10,000 lines of SQL, a few
        thousand triples); the staging graphs are outside the project's namespace, so readers never
        see them, and the final ``MOVE`` request is one transaction.
        """
        staging = {target: ox.NamedNode(f"urn:alliance-kg:staging:{uuid.uuid4()}") for target in graphs}
        try:
            for target, triples in graphs.items():
                for chunk in blank_node_chunks(triples, CHUNK_TRIPLES):
                    text = _graph_update(staging[target], _serialize(chunk))
                    self._update(text.partition(" ;\n")[2])  # no DROP: chunks add to the staging graph
            self._update(" ;\n".join(f"MOVE SILENT GRAPH {staging[target]} TO GRAPH {target}" if triples
                                      else f"DROP SILENT GRAPH {target}" for target, triples in graphs.items()))
        except RemoteStoreError:
            for graph in staging.values():
                with contextlib.suppress(RemoteStoreError):
                    self._update(f"DROP SILENT GRAPH {graph}")
            raise

    def drop_graph(self, graph: URIRef) -> None:
        target = to_oxigraph(URIRef(str(graph)))
        if self.gsp_endpoint:
            response = self._send("DELETE", self.gsp_endpoint, params={"graph": target.value})
            if response.status_code >= 300 and response.status_code != 404:
                raise RemoteStoreError(f"DELETE of graph <{target.value}> failed ({response.status_code}): "
                                       f"{response.text.strip()[:500]}")
            return
        self._update(f"DROP SILENT GRAPH {target}")


def _oxigraph_triple(triple: Triple | ox.Triple) -> ox.Triple:
    if not isinstance(triple, ox.Triple):
        subject, predicate, obj = triple
        triple = ox.Triple(to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(obj))
    written = written_literal(triple.object)
    return triple if written is triple.object else ox.Triple(triple.subject, triple.predicate, written)


def written_literal(term: object) -> object:
    """``term`` as it is sent to a server: a whole ``xsd:decimal`` gets a fractional part (``27`` → ``27.0``).

    Same value, another lexical form: Virtuoso stores a whole decimal written without a point,
    in ``INSERT { } WHERE { }``, as an ``xsd:integer``; ``27.0`` it keeps as ``xsd:decimal``.

    Examples
    --------
    >>> written_literal(ox.Literal("27", datatype=XSD_DECIMAL)).value
    '27.0'
    >>> written_literal(ox.Literal("-3.5", datatype=XSD_DECIMAL)).value
    '-3.5'
    """
    if isinstance(term, ox.Literal) and term.datatype == XSD_DECIMAL and "." not in term.value:
        return ox.Literal(f"{term.value.strip()}.0", datatype=XSD_DECIMAL)
    return term


def _serialize(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""


def blank_node_chunks(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """``triples`` in chunks of about ``size``, every triple sharing a blank node in the same chunk.

    A blank node label names one node only within one update request, so triples joined through
    blank nodes must travel together; a group larger than ``size`` makes one larger chunk.

    Examples
    --------
    >>> b, p = ox.BlankNode("b"), ox.NamedNode("urn:p")
    >>> triples = [ox.Triple(ox.NamedNode("urn:a"), p, b), ox.Triple(ox.NamedNode("urn:c"), p, ox.Literal("x")),
    ...            ox.Triple(b, p, ox.Literal("y"))]
    >>> [len(chunk) for chunk in blank_node_chunks(triples, 2)]
    [2, 1]
    """
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        blanks = [t for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        if len(blanks) == 2:
            parent[root(blanks[0])] = root(blanks[1])
        elif blanks:
            root(blanks[0])
    groups: dict[object, list[ox.Triple]] = {}
    for index, triple in enumerate(triples):
        blank = next((t for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)), None)
        groups.setdefault(root(blank) if blank is not None else index, []).append(triple)
    chunks: list[list[ox.Triple]] = [[]]
    for group in groups.values():
        if chunks[-1] and len(chunks[-1]) + len(group) > size:
            chunks.append([])
        chunks[-1].extend(group)
    return [chunk for chunk in chunks if chunk]


def uses_named_graphs(text: str) -> bool:
    """Whether a query has a ``GRAPH`` pattern, the only part of it that reads the named graphs.

    The named graphs are sent only then: Virtuoso describes a resource from every graph of the
    dataset, named ones included, so ``DESCRIBE`` would otherwise see the scenario graphs.

    Examples
    --------
    >>> uses_named_graphs("DESCRIBE <urn:x>"), uses_named_graphs("SELECT * { GRAPH ?g { ?s ?p ?o } }")
    (False, True)
    """
    return any(token.kind == "word" and token.text.upper() == "GRAPH" for token in tokenize(text))


def _graph_update(target: ox.NamedNode, ntriples: bytes) -> str:
    r"""The SPARQL update that makes ``target`` hold exactly the serialized ``ntriples``.

    ``INSERT { ... } WHERE { }`` rather than ``INSERT DATA``: both give blank nodes fresh labels,
    and Virtuoso refuses blank nodes in ``INSERT DATA``.

    Examples
    --------
    >>> print(_graph_update(ox.NamedNode("urn:g"), b'_:b <urn:p> "x" .\n'))
    DROP SILENT GRAPH <urn:g> ;
    INSERT { GRAPH <urn:g> {
    _:b <urn:p> "x" .
    } } WHERE { }
    """
    quads = [ox.Quad(t.subject, t.predicate, t.object, target)
             for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)] if ntriples else []
    nquads = ox.serialize(ox.Dataset(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8") if quads else ""
    update = _replace_graph_update(target, nquads)
    head, _, rest = update.partition(f"INSERT DATA {{ GRAPH {target} {{")
    return f"{head}INSERT {{ GRAPH {target} {{{rest} WHERE {{ }}" if rest else update


def parse_answer(form: str, body: bytes, media_type: str) -> QueryResult:
    """Read a server's answer to a query of ``form`` into a :class:`QueryResult`."""
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
            quads = ox.parse(body, format=fmt or ox.RdfFormat.TURTLE)
            triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads]
            return QueryResult(kind="graph", triples=triples)
        fmt = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
        fmt = fmt or ox.QueryResultsFormat.JSON
        if fmt == ox.QueryResultsFormat.JSON:
            body = normalise_json_answer(body)
        result = result_from_oxigraph(ox.parse_query_results(body, fmt))
    except SyntaxError as exc:
        raise RemoteStoreError(f"cannot read the server's {media_type or 'answer'}: {exc}") from exc
    return ask_from_rows(result) if form == "ASK" and result.kind == "select" else result


def normalise_json_answer(body: bytes) -> bytes:
    """SPARQL JSON results in the forms every parser and comparison expects (Virtuoso's habits undone).

    Blank node labels Virtuoso sends as ``nodeID://b1`` get labels N-Triples accepts (the same in
    every answer, so that one node read by two queries is one node), and
    ``xsd:boolean`` values it sends as ``"1"``/``"0"`` get the canonical ``"true"``/``"false"``
    (the same values: both are lexical forms of the two booleans).

    Examples
    --------
    >>> body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "bnode", "value": "nodeID://b1"}}]}}'
    >>> b"nodeID" in normalise_json_answer(body)
    False
    >>> flag = b'{"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1"}'
    >>> answer = b'{"head": {"vars": ["f"]}, "results": {"bindings": [{"f": ' + flag + b'}]}}'
    >>> b'"true"' in normalise_json_answer(answer)
    True
    """
    try:
        answer = json.loads(body)
    except ValueError:
        return body  # the parser names the error
    changed = False
    for row in answer.get("results", {}).get("bindings", []) if isinstance(answer, dict) else []:
        for term in row.values() if isinstance(row, dict) else ():
            if not isinstance(term, dict):
                continue
            value = str(term.get("value", ""))
            if term.get("type") == "bnode" and not _BNODE_LABEL.fullmatch(value):
                term["value"] = blank_node_label(value)
                changed = True
            elif term.get("datatype") == XSD_BOOLEAN.value and value in _BOOLEAN_DIGITS:
                term["value"] = _BOOLEAN_DIGITS[value]
                changed = True
    return json.dumps(answer).encode("utf-8") if changed else body


def blank_node_label(value: str) -> str:
    """A blank node label N-Triples accepts for a server's label ``value``, the same for the same value.

    Examples
    --------
    >>> blank_node_label("nodeID://b10007"), blank_node_label("nodeID://b10007") == blank_node_label("b:10007")
    ('vb10007', False)
    """
    rest = value.removeprefix("nodeID://")
    if rest != value and _BNODE_LABEL.fullmatch(rest):
        return f"v{rest}"
    return f"h{hashlib.sha256(value.encode('utf-8')).hexdigest()[:24]}"


def ask_from_rows(result: QueryResult) -> QueryResult:
    """An ASK answer from the one-row, one-column table Virtuoso sends instead (``__ASK_RETVAL`` 1 or 0).

    Examples
    --------
    >>> from rdflib import Literal
    >>> ask_from_rows(QueryResult("select", ["__ASK_RETVAL"], [{"__ASK_RETVAL": Literal(1)}])).boolean
    True
    """
    if len(result.variables) != 1 or len(result.rows) > 1:
        raise RemoteStoreError(f"the server answered an ASK query with a table of {result.variables}")
    value = result.rows[0].get(result.variables[0]) if result.rows else None
    return QueryResult(kind="ask", boolean=value is not None and str(value) not in ("0", "false"))


__all__ = ["Auth", "Digest", "RemoteStore", "RemoteStoreError", "ask_from_rows", "auth_from_environment",
           "blank_node_chunks", "blank_node_label", "normalise_json_answer", "parse_answer", "prepare_query",
           "written_literal"]
