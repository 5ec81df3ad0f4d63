"""SHACL validation of data against ``ontology/shapes.ttl`` (pySHACL), with errors that point
at the file, line and field that need fixing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from alliancekg.graph.tabular import compact
from alliancekg.loaders.errors import Problem
from alliancekg.loaders.yamlld import LoadedFile
from alliancekg.ontology import load_ontology, load_shapes

SH = Namespace("http://www.w3.org/ns/shacl#")

#: Control characters refused in text: C0 but tab and line breaks, DEL and C1 (NUL, ESC, CSI…).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result."""

    focus: Node
    path: Node | None
    message: str
    value: Node | None
    severity: str


def control_character_violations(data: Graph) -> list[Violation]:
    """Literals holding control characters (NUL, ESC…), which break XML exports and terminals.

    Tab, line feed and carriage return are text; the others are refused wherever data comes from.

    Examples
    --------
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:x"), URIRef("urn:label"), Literal("Evil\x1b[31m")))
    >>> control_character_violations(g)[0].message.split(";")[0]
    'text holds the control character U+001B at position 5'
    """
    violations = []
    for subject, predicate, value in data:
        found = CONTROL_CHARACTER.search(str(value)) if isinstance(value, Literal) else None
        if found:
            violations.append(Violation(
                focus=subject, path=predicate, value=value, severity="Violation",
                message=f"text holds the control character U+{ord(found.group()):04X} at position "
                        f"{found.start() + 1}; control characters other than tab and line breaks are not allowed",
            ))
    return violations


def shacl_violations(data: Graph, ontology: Graph | None = None, shapes: Graph | None = None) -> list[Violation]:
    """Validate ``data`` (with the ontology mixed in for class hierarchy) and list the violations.

    Text holding control characters is reported too (:func:`control_character_violations`).

    Examples
    --------
    >>> from rdflib import Literal
    >>> from alliancekg.ontology.namespaces import AKG, STK
    >>> g = Graph()
    >>> _ = g.add((STK.x, RDF.type, AKG.EquityStake)).add((STK.x, AKG.percent, Literal("140", datatype=RDF.XMLLiteral)))
    >>> sorted({v.message for v in shacl_violations(g)})[0]
    "a stake needs one issuer organization (field 'issuer')"
    """
    ontology = load_ontology() if ontology is None else ontology
    shapes = load_shapes() if shapes is None else shapes
    conforms, results, _ = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", abort_on_first=False,
        allow_warnings=True, advanced=True,
    )
    violations = control_character_violations(data)
    if conforms:
        return violations
    for result in results.subjects(RDF.type, SH.ValidationResult):
        violations.append(Violation(
            focus=results.value(result, SH.focusNode),
            path=results.value(result, SH.resultPath),
            message=str(results.value(result, SH.resultMessage) or "shape violated"),
            value=results.value(result, SH.value),
            severity=str(results.value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1],
        ))
    violations.sort(key=lambda v: (str(v.focus), str(v.path), v.message))
    return violations


def _anchor(node: Node, graph: Graph, lines: dict[str, int], depth: int = 0) -> tuple[Node, int | None]:
    """The nearest node with a known line: the node itself or who points at it (blank nodes: up to five
    levels; a node a table row made, such as a party named in a deal row: the row that names it)."""
    if str(node) in lines:
        return node, lines[str(node)]
    if (isinstance(node, BNode) and depth < 5) or depth == 0:
        for parent in graph.subjects(None, node):
            found, line = _anchor(parent, graph, lines, depth + 1)
            if line is not None:
                return found, line
    return node, None


def violations_to_problems(violations: Iterable[Violation], files: Iterable[LoadedFile], data: Graph) -> list[Problem]:
    """Turn violations into :class:`Problem` records naming the defining file, line and field."""
    files = list(files)
    problems = []
    for violation in violations:
        located = None
        for loaded in files:
            node, line = _anchor(violation.focus, loaded.graph, loaded.node_lines)
            if line is not None:
                located = (loaded, node, line)
                break
        path = violation.path if isinstance(violation.path, URIRef) else None
        if located:
            loaded, node, line = located
            field = loaded.field_names.get(str(path), compact(path)) if path else None
            line = loaded.line_of(str(node), field) or line
            problems.append(Problem(str(loaded.path), violation.message, line=line, field=field, node=compact(node)))
        else:
            where = files[0].path if len(files) == 1 else "data"
            field = compact(path) if path else None
            problems.append(Problem(str(where), violation.message, field=field, node=compact(violation.focus)))
    return problems
