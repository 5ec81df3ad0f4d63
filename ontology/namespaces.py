"""Namespaces of alliance-kg: the vocabulary, the identifiers of things, and named graphs.

The vocabulary lives at ``https://w3id.org/alliance-kg/ontology#`` (prefix ``akg``).
Things described by the data get IRIs below ``https://w3id.org/alliance-kg/id/``, one
path segment per kind (``ent/`` organizations and bodies, ``agr/`` agreements, ``prv/``
provisions, ``ast/`` assets, ``stk/`` equity stakes, ``cnd/`` conditions, ``amt/``
monetary amounts, ``clm/`` claims, ``cfl/`` conflicts, ``evt/`` events, ``rol/`` party roles,
``rnd/`` funding rounds, ``qty/`` quantities, ``pub/`` publishers of sources).  Each loaded file
goes into its own named graph below ``https://w3id.org/alliance-kg/graph/``; scenarios of
hypothetical events go into graphs below ``https://w3id.org/alliance-kg/scenario/`` and are
never part of the default graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Namespace

BASE = "https://w3id.org/alliance-kg/"
ID = BASE + "id/"

#: The namespace IRIs, as text: the rdflib ``Namespace`` objects of the same names (``AKG``,
#: ``ENT``…) are made from these when first used, so that code that needs only the IRIs (the
#: store, ``alliancekg query``) does not import rdflib.
NAMESPACE_IRIS: dict[str, str] = {
    "AKG": BASE + "ontology#",
    "ENT": ID + "ent/",
    "AGR": ID + "agr/",
    "PRV": ID + "prv/",
    "AST": ID + "ast/",
    "STK": ID + "stk/",
    "CND": ID + "cnd/",
    "AMT": ID + "amt/",
    "CLM": ID + "clm/",
    "CFL": ID + "cfl/",
    "EVT": ID + "evt/",
    "ROL": ID + "rol/",
    "RND": ID + "rnd/",
    "QTY": ID + "qty/",
    "FLW": ID + "flw/",
    "PUB": ID + "pub/",
    "GRAPH": BASE + "graph/",
    "SCENARIO": BASE + "scenario/",
    "ODRL": "http://www.w3.org/ns/odrl/2/",
    "ORG": "http://www.w3.org/ns/org#",
    "TIME": "http://www.w3.org/2006/time#",
    "SDO": "https://schema.org/",
    "WD": "http://www.wikidata.org/entity/",
    "LEI": "https://lei.info/",
}

# The rdflib namespaces, made by __getattr__ below when first imported.
AKG: Namespace
ENT: Namespace
AGR: Namespace
PRV: Namespace
AST: Namespace
STK: Namespace
CND: Namespace
AMT: Namespace
CLM: Namespace
CFL: Namespace
EVT: Namespace
ROL: Namespace
RND: Namespace
QTY: Namespace
FLW: Namespace
PUB: Namespace
GRAPH: Namespace
SCENARIO: Namespace
ODRL: Namespace
ORG: Namespace
TIME: Namespace
SDO: Namespace
WD: Namespace
LEI: Namespace

#: Prefixes known to every query, CLI parameter and serialization of the project.
PREFIXES: dict[str, str] = {
    **{name.lower(): NAMESPACE_IRIS[name] for name in ("AKG", "ENT", "AGR", "PRV", "AST", "STK", "CND", "AMT",
                                                       "CLM", "CFL", "EVT", "ROL", "RND", "QTY", "FLW", "PUB")},
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": NAMESPACE_IRIS["WD"],
}


def __getattr__(name: str) -> Namespace:
    """The rdflib ``Namespace`` named ``name`` (``AKG``, ``ENT``…), made on first use.

    Examples
    --------
    >>> from alliancekg.ontology.namespaces import AKG
    >>> AKG.Agreement
    rdflib.term.URIRef('https://w3id.org/alliance-kg/ontology#Agreement')
    """
    if name not in NAMESPACE_IRIS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace

    namespace = globals()[name] = Namespace(NAMESPACE_IRIS[name])
    return namespace


__all__ = [
    "AGR", "AKG", "AMT", "AST", "BASE", "CFL", "CLM", "CND", "ENT", "EVT", "FLW", "GRAPH", "ID", "LEI",
    "NAMESPACE_IRIS", "ODRL", "ORG", "PREFIXES", "PRV", "PUB", "QTY", "RND", "ROL", "SCENARIO", "SDO", "STK",
    "TIME", "WD",
]
