"""Reading the W3C SPARQL 1.1 Protocol / Graph Store Protocol test manifests (HTTP vocabulary in RDF).

Each test is a list of HTTP requests with expectations on the responses; see the ``SOURCE.md``
of the shared ``datasets/sparql11-protocol`` folder for the encoding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

#: Specific status codes the manifests name, by their local name in the ``hts:`` namespace.
STATUS_CODES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404, "BadRequest": 400}


@dataclass(frozen=True)
class Expected:
    """What a response must look like."""

    statuses: tuple[str, ...]
    format: str | None = None
    boolean: bool | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    location_variable: str | None = None

    def status_ok(self, status: int) -> bool:
        """True if ``status`` is one of the expected codes or classes."""
        for name in self.statuses:
            if name.startswith("StatusCode") and name.endswith("xx") and str(status)[0] == name[len("StatusCode")]:
                return True
            if STATUS_CODES.get(name) == status:
                return True
        return False


@dataclass(frozen=True)
class Request:
    """One HTTP request of a test."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expected: Expected


@dataclass(frozen=True)
class ProtocolTest:
    """One test: its name, the data to load first, and its requests in order."""

    id: str
    name: str
    kind: str
    requests: tuple[Request, ...]
    graph_data: tuple[tuple[Path, str], ...] = ()
    requires: tuple[str, ...] = ()
    approval: str | None = None
    comment: str = ""
    in_entries: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _list(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _headers(graph: Graph, node: Node) -> tuple[tuple[str, str], ...]:
    items = []
    for header in _list(graph, graph.value(node, HT.headers)):
        items.append((str(graph.value(header, HT.fieldName)), str(graph.value(header, HT.fieldValue))))
    return tuple(items)


def _request(graph: Graph, node: Node) -> Request:
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    expected_body = graph.value(response, HT.body)
    boolean = graph.value(response, MF.expectedBoolean)
    expected = Expected(
        statuses=tuple(sorted(_local(s) for s in graph.objects(response, MF.expectedStatus))),
        format=str(graph.value(response, MF.expectedFormat)) if graph.value(response, MF.expectedFormat) else None,
        boolean=boolean.toPython() if boolean is not None else None,
        headers=_headers(graph, response),
        body=str(graph.value(expected_body, CNT.chars)) if expected_body is not None else None,
        location_variable=str(graph.value(response, MF.expectedLocation) or "") or None,
    )
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=_headers(graph, node),
        body=body,
        expected=expected,
    )


def _manifest_graph(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle", publicID=path.resolve().as_uri())
    return graph


def read_manifest(path: Path) -> list[ProtocolTest]:
    """All tests of a manifest (following ``mf:include``), entries first, then unlisted test resources."""
    graph = _manifest_graph(path)
    manifest = URIRef(path.resolve().as_uri())
    tests: list[ProtocolTest] = []
    for include in _list(graph, graph.value(manifest, MF.include)):
        tests += read_manifest(Path(str(include).removeprefix("file://")))
    entries = _list(graph, graph.value(manifest, MF.entries))
    typed = [s for kind in (MF.ProtocolTest, MF.GraphStoreProtocolTest, MF.ServiceDescriptionTest)
             for s in graph.subjects(RDF.type, kind)]
    unlisted = sorted((t for t in typed if t not in entries), key=str)
    for node in [*entries, *unlisted]:
        action = graph.value(node, MF.action)
        requests = tuple(_request(graph, r) for r in _list(graph, graph.value(action, HT.requests))) if action else ()
        data = []
        for item in graph.objects(node, UT.graphData):
            file = Path(str(graph.value(item, UT.graph)).removeprefix("file://"))
            data.append((file, str(graph.value(item, RDFS.label))))
        comments = [str(c) for c in graph.objects(node, RDFS.comment)]
        tests.append(ProtocolTest(
            id=_local(node),
            name=str(graph.value(node, MF.name)),
            kind=_local(graph.value(node, RDF.type)),
            requests=requests,
            graph_data=tuple(sorted(data, key=lambda d: d[1])),
            requires=tuple(sorted(_local(r) for r in graph.objects(node, MF.requires))),
            approval=_local(graph.value(node, DAWGT.approval)) if graph.value(node, DAWGT.approval) else None,
            comment=min(comments, key=len) if comments else "",
            in_entries=node in entries,
        ))
    return tests


__all__ = ["Expected", "ProtocolTest", "Request", "read_manifest"]
