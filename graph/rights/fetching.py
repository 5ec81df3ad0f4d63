"""Reading provisions and their conditions from a store, for the whole network or a few holders.

The rights engine needs, for every provision, its kind, agreement, start, holders, end and start
conditions, supersessions and qualifications.  One query joining all of that made Oxigraph
evaluate property paths and a ``FILTER NOT EXISTS`` on every provision; here each fact is read
by a flat query of its own and joined in Python.  The most specific kind of a provision is found
from the (small) class hierarchy instead of a per-provision path.

On the embedded store the answers are read as pyoxigraph terms, without building rdflib terms.
With ``holders`` every query is restricted to the provisions those organizations hold: a
``VALUES`` row of IRIs written by pyoxigraph itself (a :class:`pyoxigraph.NamedNode` validates
its IRI), so answering for one holder reads only that holder's provisions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from alliancekg.graph.store import KnowledgeStore, OxigraphStore, QueryError
from alliancekg.graph.store.terms import to_rdflib
from alliancekg.ontology.namespaces import PREFIXES

_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

#: Marks where a query is restricted to the provisions of some holders.
SCOPE = "#SCOPE"

PROVISION_TYPES_QUERY = """
SELECT ?provision ?label ?agreement ?type WHERE {
  #SCOPE
  ?agreement akg:hasProvision ?provision .
  ?provision rdfs:label ?label ; a ?type .
}
"""
KIND_CLASSES_QUERY = "SELECT ?class ?label WHERE { ?class rdfs:subClassOf* akg:Provision ; rdfs:label ?label }"
SUBCLASS_QUERY = "SELECT ?sub ?super WHERE { ?sub rdfs:subClassOf ?super }"
HOLDERS_QUERY = """
SELECT ?provision ?holder ?holderLabel WHERE {
  #SCOPE
  ?provision akg:holder ?holder . OPTIONAL { ?holder rdfs:label ?holderLabel }
}
"""
COUNTERPARTIES_QUERY = "SELECT ?provision ?counterparty WHERE { #SCOPE\n ?provision akg:counterparty ?counterparty }"
OWN_STARTS_QUERY = "SELECT ?provision ?start WHERE { #SCOPE\n ?provision akg:startDate ?start }"
AGREEMENT_DATES_QUERY = """
SELECT ?agreement ?effective ?announced WHERE {
  { SELECT DISTINCT ?agreement WHERE { #SCOPE
    ?agreement akg:hasProvision ?provision } }
  OPTIONAL { ?agreement akg:effectiveDate ?effective }
  OPTIONAL { ?agreement akg:announcedDate ?announced }
}
"""
CONDITION_FIELDS = """
  OPTIONAL { ?condition akg:onDate ?date }
  OPTIONAL { ?condition akg:eventType ?eventType }
  OPTIONAL { ?condition akg:operand ?operand }
  OPTIONAL { ?condition akg:measure ?measure }
  OPTIONAL { ?condition akg:threshold ?threshold }
  OPTIONAL { ?condition rdfs:label ?label }
"""
CONDITION_KINDS = "akg:DateCondition akg:EventCondition akg:AnyOfCondition akg:AllOfCondition akg:ThresholdCondition"
#: Every condition of the data (conditions no provision uses are never looked up).
ALL_CONDITIONS_QUERY = (
    "SELECT ?condition ?kind ?date ?eventType ?operand ?measure ?threshold ?label WHERE {\n"
    f"  VALUES ?kind {{ {CONDITION_KINDS} }}\n  ?condition a ?kind .{CONDITION_FIELDS}}}"
)
#: The conditions the scoped provisions use, down their operands.
SCOPED_CONDITIONS_QUERY = (
    "SELECT DISTINCT ?condition ?kind ?date ?eventType ?operand ?measure ?threshold ?label WHERE {\n  #SCOPE\n"
    "  ?provision akg:endsWhen|akg:startsWhen ?top .\n  ?top akg:operand* ?condition .\n"
    f"  VALUES ?kind {{ {CONDITION_KINDS} }}\n  ?condition a ?kind .{CONDITION_FIELDS}}}"
)
END_CONDITIONS_QUERY = "SELECT ?provision ?condition WHERE { #SCOPE\n ?provision akg:endsWhen ?condition }"
START_CONDITIONS_QUERY = "SELECT ?provision ?condition WHERE { #SCOPE\n ?provision akg:startsWhen ?condition }"
#: Agreements and provisions that end a provision, one query per way (a UNION of the four made
#: Oxigraph join every candidate with every provision).
SUPERSESSION_QUERIES = (
    ("superseded", "SELECT ?provision ?by ?on WHERE { #SCOPE\n ?agreement akg:hasProvision ?provision . "
                   "?by akg:supersedes ?provision ; a akg:Agreement ; akg:effectiveDate ?on }"),
    ("revoked", "SELECT ?provision ?by ?on WHERE { #SCOPE\n ?agreement akg:hasProvision ?provision . "
                "?by akg:revokes ?provision ; akg:effectiveDate ?on }"),
    ("superseded", "SELECT ?provision ?by ?on WHERE { #SCOPE\n ?agreement akg:hasProvision ?provision . "
                   "?by akg:supersedes ?agreement ; akg:effectiveDate ?on }"),
)
#: Provisions that supersede a provision, with the replacing provision's own starts and its
#: agreement's effective dates: :func:`replacement_dates` takes the first if any, else the second
#: (a ``FILTER NOT EXISTS`` inside a ``UNION`` branch cannot see the other branch's variables, and
#: Virtuoso fails to compile ``COALESCE`` over the two optional dates with ``FILTER(BOUND)``).
REPLACING_QUERY = """SELECT ?provision ?replacing ?by ?own ?effective WHERE { #SCOPE
  ?agreement akg:hasProvision ?provision .
  ?replacing akg:supersedes ?provision .
  ?by akg:hasProvision ?replacing .
  OPTIONAL { ?replacing akg:startDate ?own }
  OPTIONAL { ?by akg:effectiveDate ?effective }
}"""
QUALIFICATIONS_QUERY = """
SELECT ?provision ?text WHERE {
  #SCOPE
  { ?provision akg:subjectTo/akg:text ?text }
  UNION { ?provision akg:paymentTerms ?terms . BIND(CONCAT("payment terms: ", STR(?terms)) AS ?text) }
}
"""

Term = object  # a pyoxigraph term, or an rdflib term from another store
Row = dict[str, Term]


def scoped(text: str, holders: Collection[str] | None) -> str:
    """``text`` restricted to the provisions ``holders`` hold (unchanged with ``holders`` None).

    Examples
    --------
    >>> print(scoped("SELECT * { #SCOPE\\n ?provision ?p ?o }", ["urn:x:a"]).splitlines()[0])
    SELECT * { VALUES ?scopeHolder { <urn:x:a> } ?provision akg:holder ?scopeHolder .
    >>> "#SCOPE" in scoped("SELECT * { #SCOPE\\n ?s ?p ?o }", None)
    False
    """
    if holders is None:
        return text.replace(SCOPE, "")
    iris = " ".join(str(ox.NamedNode(iri)) for iri in sorted(holders))
    return text.replace(SCOPE, f"VALUES ?scopeHolder {{ {iris} }} ?provision akg:holder ?scopeHolder .")


def rows(store: KnowledgeStore, text: str) -> Iterator[Row]:
    """The rows of ``text`` as dicts of terms (unbound variables absent).

    The embedded store gives pyoxigraph terms straight from its answer; other stores give rdflib terms.
    """
    if isinstance(store, OxigraphStore):
        try:
            solutions = store.oxigraph.query(text, prefixes=PREFIXES, **store.dataset_options())
        except (RuntimeError, OSError) as exc:
            raise QueryError(str(exc)) from exc
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield {name: value for name, value in zip(names, solution, strict=True) if value is not None}
    else:
        yield from store.query(text).rows


def key(term: Term) -> str:
    """An IRI as its string, a blank node as ``_:id``, a literal as its lexical form."""
    if isinstance(term, ox.BlankNode | BNode):
        return f"_:{term.value if isinstance(term, ox.BlankNode) else term}"
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def replacement_dates(found: Iterable[Row]) -> Iterator[tuple[Term, Term, Term]]:
    """``(provision, by, on)`` from the rows of :data:`REPLACING_QUERY`: the replacing provision's
    own start, else (only when it has none) its agreement's effective date.

    Examples
    --------
    >>> rows = [{"provision": "p", "replacing": "r1", "by": "a1", "own": "2027-05-01", "effective": "2027-01-01"},
    ...         {"provision": "p", "replacing": "r2", "by": "a2", "effective": "2028-01-01"},
    ...         {"provision": "p", "replacing": "r3", "by": "a3"}]
    >>> list(replacement_dates(rows))
    [('p', 'a1', '2027-05-01'), ('p', 'a2', '2028-01-01')]
    """
    owns: dict[tuple[Term, Term, Term], set[Term]] = defaultdict(set)
    effectives: dict[tuple[Term, Term, Term], set[Term]] = defaultdict(set)
    for row in found:
        at = (row["provision"], row["replacing"], row["by"])
        owns[at].update([row["own"]] if "own" in row else ())
        effectives[at].update([row["effective"]] if "effective" in row else ())
    for (provision, replacing, by), own in owns.items():
        for on in own or effectives[(provision, replacing, by)]:
            yield provision, by, on


def iri(term: Term) -> URIRef:
    """An IRI term as an rdflib ``URIRef`` (what scenario events and observations carry)."""
    return URIRef(term.value) if isinstance(term, ox.NamedNode) else term  # type: ignore[return-value]


def date_of(term: Term | None) -> dt.date | None:
    """The date a literal stands for (``xsd:date``, or anything rdflib reads as a date); else None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype.value == _XSD_DATE:
            try:
                return dt.date.fromisoformat(term.value)
            except ValueError:
                return None
        term = to_rdflib(term)
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, dt.date) else None


def most_specific_kinds(types: Collection[str], kinds: dict[str, list[str]],
                        supers: dict[str, set[str]]) -> list[str]:
    """The labels of the provision kinds among ``types`` that no other of ``types`` is a subclass of.

    ``kinds`` maps each subclass of ``akg:Provision`` to its labels, ``supers`` each class to
    every class above it (one or more ``rdfs:subClassOf`` steps).

    Examples
    --------
    >>> most_specific_kinds(["urn:Right", "urn:Provision"], {"urn:Right": ["right"], "urn:Provision": ["provision"]},
    ...                     {"urn:Right": {"urn:Provision"}})
    ['right']
    """
    found = []
    for kind in sorted(types):
        if kind in kinds and not any(other != kind and kind in supers.get(other, ()) for other in types):
            found.extend(kinds[kind])
    return found


def class_hierarchy(store: KnowledgeStore) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """The provision kinds with their labels, and every class's superclasses (transitively)."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for row in rows(store, KIND_CLASSES_QUERY):
        kinds[key(row["class"])].append(key(row["label"]))
    direct: dict[str, set[str]] = defaultdict(set)
    for row in rows(store, SUBCLASS_QUERY):
        direct[key(row["sub"])].add(key(row["super"]))
    supers: dict[str, set[str]] = {}
    for start in direct:
        reached: set[str] = set()
        frontier = [start]
        while frontier:
            for parent in direct.get(frontier.pop(), ()):
                if parent not in reached:
                    reached.add(parent)
                    frontier.append(parent)
        supers[start] = reached
    return dict(kinds), supers


__all__ = [
    "AGREEMENT_DATES_QUERY",
    "ALL_CONDITIONS_QUERY",
    "COUNTERPARTIES_QUERY",
    "END_CONDITIONS_QUERY",
    "HOLDERS_QUERY",
    "KIND_CLASSES_QUERY",
    "OWN_STARTS_QUERY",
    "PROVISION_TYPES_QUERY",
    "QUALIFICATIONS_QUERY",
    "REPLACING_QUERY",
    "SCOPE",
    "SCOPED_CONDITIONS_QUERY",
    "START_CONDITIONS_QUERY",
    "SUBCLASS_QUERY",
    "SUPERSESSION_QUERIES",
    "class_hierarchy",
    "date_of",
    "iri",
    "key",
    "most_specific_kinds",
    "replacement_dates",
    "rows",
    "scoped",
]
