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
from rdflib.namespace import XSD


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

    graph = _dates_as_datetimes(graph)
    with tempfile.TemporaryDirectory(prefix="alliancekg-owl-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        classes = len(list(world.classes()))
        individuals = len(list(world.individuals()))
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ConsistencyReport(False, f"inconsistent: {exc}", individuals, classes)
        finally:
            world.close()
    return ConsistencyReport(True, "consistent", individuals, classes)


def _dates_as_datetimes(graph: Graph) -> Graph:
    """Copy ``graph`` with xsd:date literals as midnight-UTC xsd:dateTime literals.

    xsd:date is outside the OWL 2 datatype map, which HermiT enforces; xsd:dateTime is in it,
    so this keeps every date in the check instead of ignoring unsupported datatypes.
    """
    converted = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.date:
            o = Literal(f"{o}T00:00:00Z", datatype=XSD.dateTime)
        converted.add((s, p, o))
    return converted
