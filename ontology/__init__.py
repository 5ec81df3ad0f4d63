"""The alliance-kg vocabulary (OWL 2 DL), its alignments and its SHACL shapes."""

from __future__ import annotations

if __name__ != "alliancekg.ontology":  # one import name per module
    raise ImportError(f"import alliancekg.ontology, not {__name__}: this folder is the package alliancekg.ontology")

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from alliancekg.ontology.namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph, Namespace

_HERE = resources.files(__name__)

#: The OWL 2 DL ontology.
ONTOLOGY_FILE = Path(str(_HERE / "alliance.ttl"))
#: SKOS mappings to ODRL, FIBO, PROV-O, ORG, OWL-Time, schema.org and GLEIF (not imported).
ALIGNMENTS_FILE = Path(str(_HERE / "alignments.ttl"))
#: SHACL shapes every loaded dataset must pass.
SHAPES_FILE = Path(str(_HERE / "shapes.ttl"))


def load_ontology(*, with_alignments: bool = False) -> Graph:
    """Parse the ontology (and optionally its alignments) into a new rdflib graph.

    Examples
    --------
    >>> from alliancekg.ontology.namespaces import AKG
    >>> g = load_ontology()
    >>> (AKG.Agreement, None, None) in g
    True
    """
    from rdflib import Graph

    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    if with_alignments:
        graph.parse(ALIGNMENTS_FILE, format="turtle")
    return graph


def load_shapes() -> Graph:
    """Parse the SHACL shapes into a new rdflib graph."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(SHAPES_FILE, format="turtle")
    return graph


def __getattr__(name: str) -> Namespace:
    """``AKG``, the vocabulary's rdflib namespace, made on first use (rdflib is imported only then)."""
    if name == "AKG":
        from alliancekg.ontology import namespaces

        return namespaces.AKG
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AKG",
    "ALIGNMENTS_FILE",
    "ONTOLOGY_FILE",
    "PREFIXES",
    "SHAPES_FILE",
    "load_ontology",
    "load_shapes",
]
