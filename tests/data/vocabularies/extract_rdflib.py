"""Write ``rdflib-terms.ttl``: the W3C and schema.org terms that ``ontology/alignments.ttl`` uses,
each with its kind, taken from the term lists rdflib ships (``rdflib.namespace``).

rdflib generates each of those modules from the vocabulary's own file and groups the terms under
a comment naming their type (``# http://www.w3.org/2002/07/owl#Class``); schema.org's module has
no groups, so its kind follows schema.org's naming rule (types start with a capital letter,
properties with a small one). Run from the repository root after changing the alignments:

    .venv/bin/python tests/data/vocabularies/extract_rdflib.py
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import rdflib
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, TIME, DefinedNamespace

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
VOCABULARIES: dict[str, type[DefinedNamespace]] = {
    "http://www.w3.org/ns/prov#": PROV, "http://www.w3.org/ns/org#": ORG, "http://www.w3.org/2006/time#": TIME,
    "http://purl.org/dc/terms/": DCTERMS, "http://www.w3.org/2004/02/skos/core#": SKOS, "https://schema.org/": SDO,
}
_HEADING = re.compile(r"^\s*# (http\S+)$")
_TERM = re.compile(r"^\s*(\w+): (?:URIRef|\()")


def kinds(namespace: type[DefinedNamespace]) -> dict[str, URIRef]:
    """Each term's kind, from the type headings of the module rdflib generated."""
    found: dict[str, URIRef] = {}
    heading: URIRef | None = None
    for line in inspect.getsource(inspect.getmodule(namespace)).splitlines():
        if match := _HEADING.match(line):
            heading = URIRef(match.group(1))
        elif match := _TERM.match(line):
            name = match.group(1)
            found[name] = heading or (RDFS.Class if name[0].isupper() else RDF.Property)
    return found


def main() -> None:
    used = {o for o in Graph().parse(REPO / "ontology" / "alignments.ttl").objects() if isinstance(o, URIRef)}
    out = Graph()
    for base, namespace in VOCABULARIES.items():
        out.bind(namespace.__name__.lower(), base)
        known = kinds(namespace)
        for term in sorted(t for t in used if t.startswith(base)):
            name = term[len(base):]
            if name in known:
                out.add((term, RDF.type, known[name]))
    header = (f"# The alignments' W3C and schema.org terms with their kinds, from rdflib {rdflib.__version__}'s\n"
              "# rdflib.namespace term lists; written by extract_rdflib.py (see README.md).\n")
    (HERE / "rdflib-terms.ttl").write_text(header + out.serialize(format="turtle"), encoding="utf-8")


if __name__ == "__main__":
    main()
