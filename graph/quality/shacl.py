"""SHACL validation of data against ``ontology/shapes.ttl`` (pySHACL), with errors that point
at the file, line and field that need fixing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from alliancekg.graph.store.terms import compact
from alliancekg.loaders.errors import Problem
from alliancekg.loaders.yamlld import LoadedFile
from alliancekg.ontology import load_ontology, load_shapes

SH = Namespace("http://www.w3.org/ns/shacl#")

#: Control characters refused in text: C0 but tab and line breaks, DEL and C1 (NUL, ESC, CSI…).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Most digits a number may have (amounts in cents, percentages and compute counts need far fewer).
MAX_NUMBER_DIGITS = 30
#: XSD's lexical forms: decimals and integers are digits with an optional sign and point, no exponent.
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_FLOATING = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN")
_INTEGER_TYPES = {XSD[name] for name in (
    "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger", "long", "int",
    "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_NUMBER_FORMS = {XSD.decimal: _DECIMAL, XSD.double: _FLOATING, XSD.float: _FLOATING} | {
    datatype: _INTEGER for datatype in _INTEGER_TYPES}


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
    >>> print(sorted({v.message for v in shacl_violations(g)})[0])
    a stake needs one issuer organization (field 'issuer')
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


def number_problem(value: Literal) -> str | None:
    """Why the numeric literal ``value`` is refused (not XSD's lexical form, or too many digits), or None.

    rdflib and SHACL accept what Python's ``Decimal`` reads (``1e400``, ``Infinity``, ``NaN``, on
    which pySHACL's range checks fail); the OWL reasoner does not, and a number of thousands of
    digits is no amount: both are refused here.  Literals rdflib cannot read at all are left to
    SHACL, whose shapes say what the field needs.

    Examples
    --------
    >>> number_problem(Literal("1e400", datatype=XSD.decimal))  # rdflib writes it out in full
    'a number of 401 digits is more than the limit of 30'
    >>> number_problem(Literal("1e3", datatype=XSD.decimal, normalize=False))
    "'1e3' is not an xsd:decimal: write the digits, without an exponent"
    >>> number_problem(Literal("NaN", datatype=XSD.decimal))
    "'NaN' is not an xsd:decimal: write the digits, without an exponent"
    >>> number_problem(Literal("250000000000.50", datatype=XSD.decimal)) is None
    True
    """
    form = _NUMBER_FORMS.get(value.datatype)  # type: ignore[arg-type]
    if form is None or value.ill_typed:
        return None
    text = str(value)
    mantissa = re.split(r"[eE]", text, maxsplit=1)[0]
    digits = sum(ch.isdigit() for ch in mantissa)
    if digits > MAX_NUMBER_DIGITS:
        return f"a number of {digits:,} digits is more than the limit of {MAX_NUMBER_DIGITS}"
    if form.fullmatch(text.strip()) is None:
        kind = "xsd:" + str(value.datatype).rsplit("#", 1)[-1]
        hint = "the digits, without an exponent" if form is not _FLOATING else "a number"
        return f"{text[:40]!r} is not an {kind}: write {hint}"
    return None


def number_violations(data: Graph) -> list[Violation]:
    """The numeric literals of ``data`` that :func:`number_problem` refuses, as violations.

    Examples
    --------
    >>> from alliancekg.ontology.namespaces import AKG
    >>> g = Graph()
    >>> _ = g.add((AKG.x, AKG.amount, Literal("9" * 5000, datatype=XSD.decimal)))
    >>> [v.message for v in number_violations(g)]
    ['a number of 5,000 digits is more than the limit of 30']
    """
    violations = []
    for subject, predicate, value in data:
        if isinstance(value, Literal) and value.datatype in _NUMBER_FORMS:
            message = number_problem(value)
            if message is not None:
                violations.append(Violation(subject, predicate, message, value, "Violation"))
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
