"""OWL 2 DL consistency checking with owlready2 and the HermiT reasoner (needs Java).

The ontology and the data are written to N-Triples, loaded into a private owlready2 world and
classified by HermiT.  An inconsistency (an individual in two disjoint classes, a functional
property with two values, …) is reported with HermiT's explanation.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD


class ReasonerUnavailable(RuntimeError):
    """Java is not installed, so HermiT cannot run."""


@dataclass(frozen=True)
class ConsistencyReport:
    """The outcome of a HermiT run."""

    consistent: bool
    message: str
    individuals: int
    classes: int


def java_available() -> bool:
    """True when a ``java`` executable is on the PATH."""
    return shutil.which("java") is not None


def check_consistency(graph: Graph) -> ConsistencyReport:
    """Run HermiT over ``graph`` (ontology plus data) and report whether it is consistent.

    Examples
    --------
    >>> from alliancekg.ontology import load_ontology
    >>> check_consistency(load_ontology()).consistent  # doctest: +SKIP
    True
    """
    if not java_available():
        raise ReasonerUnavailable("HermiT needs Java: install a JRE (Debian: default-jre-headless)")
    import owlready2

    graph = _owl2_literals(graph)
    individuals = _count_individuals(graph)
    with tempfile.TemporaryDirectory(prefix="alliancekg-owl-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        classes = len(list(world.classes()))
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ConsistencyReport(False, f"inconsistent: {exc}".rstrip(": "), individuals, classes)
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerUnavailable(f"HermiT failed: {str(exc).strip()[:500]}") from exc
        finally:
            world.close()
    return ConsistencyReport(True, "consistent", individuals, classes)


#: Datatypes of the OWL 2 datatype map (the only ones HermiT accepts).
OWL2_DATATYPES = {
    str(XSD[name]) for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
        "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
        "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp",
    )
} | {
    "http://www.w3.org/2002/07/owl#real", "http://www.w3.org/2002/07/owl#rational",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral", "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
    "http://www.w3.org/2000/01/rdf-schema#Literal",
}


def _owl2_literals(graph: Graph) -> Graph:
    """Copy ``graph`` with literals moved into the OWL 2 datatype map, which HermiT enforces.

    xsd:date becomes a midnight-UTC xsd:dateTime (so dates stay comparable); other datatypes
    outside the map (xsd:gYearMonth…) keep their lexical form as xsd:string. Their properties
    have range rdfs:Literal in the ontology, so nothing is lost for the consistency check.
    """
    converted = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES:
            if o.datatype == XSD.date:
                o = Literal(f"{o}T00:00:00Z", datatype=XSD.dateTime)
            else:
                o = Literal(str(o), datatype=XSD.string)
        converted.add((s, p, o))
    return converted


def _count_individuals(graph: Graph) -> int:
    """Subjects typed with a class that is not part of the OWL/RDF vocabulary itself."""
    vocab = (str(OWL), str(RDF), str(RDFS))
    return len({s for s, o in graph.subject_objects(RDF.type) if not str(o).startswith(vocab)})
