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

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/alliance-kg/"
AKG = Namespace(BASE + "ontology#")
ID = BASE + "id/"
ENT = Namespace(ID + "ent/")
AGR = Namespace(ID + "agr/")
PRV = Namespace(ID + "prv/")
AST = Namespace(ID + "ast/")
STK = Namespace(ID + "stk/")
CND = Namespace(ID + "cnd/")
AMT = Namespace(ID + "amt/")
CLM = Namespace(ID + "clm/")
CFL = Namespace(ID + "cfl/")
EVT = Namespace(ID + "evt/")
ROL = Namespace(ID + "rol/")
RND = Namespace(ID + "rnd/")
QTY = Namespace(ID + "qty/")
FLW = Namespace(ID + "flw/")
PUB = Namespace(ID + "pub/")
GRAPH = Namespace(BASE + "graph/")
SCENARIO = Namespace(BASE + "scenario/")

ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
SDO = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
LEI = Namespace("https://lei.info/")

#: Prefixes known to every query, CLI parameter and serialization of the project.
PREFIXES: dict[str, str] = {
    "akg": str(AKG),
    "ent": str(ENT),
    "agr": str(AGR),
    "prv": str(PRV),
    "ast": str(AST),
    "stk": str(STK),
    "cnd": str(CND),
    "amt": str(AMT),
    "clm": str(CLM),
    "cfl": str(CFL),
    "evt": str(EVT),
    "rol": str(ROL),
    "rnd": str(RND),
    "qty": str(QTY),
    "flw": str(FLW),
    "pub": str(PUB),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "wd": str(WD),
}

__all__ = [
    "AGR", "AKG", "AMT", "AST", "BASE", "CFL", "CLM", "CND", "ENT", "EVT", "FLW", "GRAPH", "ID", "LEI",
    "ODRL", "ORG", "PREFIXES", "PRV", "PUB", "QTY", "RND", "ROL", "SCENARIO", "SDO", "STK", "TIME", "WD",
]
