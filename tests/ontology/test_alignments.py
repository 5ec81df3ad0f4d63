"""ontology/alignments.ttl says what it means: every external term exists in its vocabulary, a
class is mapped only to classes and a property only to properties, and exactMatch joins terms of
exactly the same kind (class and class, object property and object property, datatype property
and datatype property).

The vocabularies are term lists in tests/data/odrl and tests/data/vocabularies (see the README
there for where each comes from); the W3C and schema.org lists are also checked against the term
lists of the installed rdflib, so they cannot drift from an independent source."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME

from alliancekg.ontology import ALIGNMENTS_FILE, load_ontology
from alliancekg.ontology.namespaces import AKG, ODRL

DATA = Path(__file__).resolve().parents[1] / "data"
VOCABULARIES = DATA / "vocabularies"
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
#: Namespace -> the rdflib term list the extract was taken from (None: not an rdflib vocabulary).
NAMESPACES = {
    str(ODRL): None, "https://www.gleif.org/ontology/": None, "https://spec.edmcouncil.org/fibo/ontology/": None,
    str(PROV): PROV, str(ORG): ORG, str(TIME): TIME, str(DCTERMS): DCTERMS, str(SKOS): SKOS, str(SDO): SDO,
}
CLASSES = {OWL.Class, RDFS.Class}
PROPERTIES = {RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
PRECISE = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


def vocabulary_graph() -> Graph:
    graph = Graph()
    graph.parse(DATA / "odrl" / "ODRL22.ttl", format="turtle")
    for name in ("gleif.ttl", "fibo.ttl", "rdflib-terms.ttl"):
        graph.parse(VOCABULARIES / name, format="turtle")
    return graph


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return vocabulary_graph()


@pytest.fixture(scope="module")
def alignments() -> Graph:
    return Graph().parse(ALIGNMENTS_FILE, format="turtle")


def external(term: URIRef) -> bool:
    return not str(term).startswith(str(AKG))


def missing_terms(alignments: Graph, vocabulary: Graph) -> list[str]:
    """External terms of the mappings that their vocabulary does not define."""
    problems = []
    for term in sorted({t for s, p, o in alignments for t in (s, o) if p in MAPPINGS and isinstance(t, URIRef)}):
        if not external(term):
            continue
        if not any(str(term).startswith(ns) for ns in NAMESPACES):
            problems.append(f"{term}: no vocabulary file for its namespace")
        elif (term, None, None) not in vocabulary:
            problems.append(f"{term}: not in its vocabulary")
    return problems


def category(types: set) -> str | None:
    if types & CLASSES:
        return "class"
    if types & PROPERTIES:
        return "property"
    return None


def kind_problems(alignments: Graph, ontology: Graph, vocabulary: Graph) -> list[str]:
    """Mappings between a class and a property, and exactMatch between different kinds."""
    problems = []
    for s, p, o in sorted(alignments.triples((None, None, None))):
        if p not in MAPPINGS:
            continue
        kinds = [set(ontology.objects(t, RDF.type)) | set(vocabulary.objects(t, RDF.type)) for t in (s, o)]
        left, right = (category(k) for k in kinds)
        if left and right and left != right:
            problems.append(f"{s} {p} {o}: a {left} mapped to a {right}")
        if p == SKOS.exactMatch:
            shared = [k for k in PRECISE if k in kinds[0] and k in kinds[1]]
            if not shared:
                problems.append(f"{s} exactMatch {o}: not of the same kind "
                                f"({sorted(map(str, kinds[0] & set(PRECISE)))} vs {sorted(map(str, kinds[1]))})")
    return problems


# -- the real file -------------------------------------------------------------------------------

def test_every_external_term_exists(alignments: Graph, vocabulary: Graph) -> None:
    assert missing_terms(alignments, vocabulary) == []


def test_mappings_join_terms_of_the_same_kind(alignments: Graph, vocabulary: Graph) -> None:
    assert kind_problems(alignments, load_ontology(), vocabulary) == []


def test_every_aligned_alliance_term_is_in_the_ontology(alignments: Graph) -> None:
    ontology = load_ontology()
    subjects = {s for s, p, _ in alignments if p in MAPPINGS}
    assert subjects and all((s, RDF.type, None) in ontology for s in subjects), sorted(
        s for s in subjects if (s, RDF.type, None) not in ontology)


def test_holder_and_counterparty_are_not_equated_with_one_odrl_role(alignments: Graph) -> None:
    """ODRL's assignee is the party allowed in a permission but the party bound in a duty or
    prohibition, so neither alliance-kg role translates to one ODRL property."""
    for role in (AKG.holder, AKG.counterparty):
        for mapping in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch):
            assert not set(alignments.objects(role, mapping)) & {ODRL.assignee, ODRL.assigner}, (role, mapping)


def test_contracts_are_narrower_than_agreements(alignments: Graph) -> None:
    contract = URIRef("https://spec.edmcouncil.org/fibo/ontology/FND/Agreements/Contracts/Contract")
    assert (AKG.Agreement, SKOS.narrowMatch, contract) in alignments
    assert (AKG.Agreement, SKOS.closeMatch, contract) not in alignments


# -- the term lists --------------------------------------------------------------------------------

def test_rdflib_extract_matches_the_installed_rdflib() -> None:
    """Every W3C and schema.org term in the extract is in rdflib's own term list for its namespace."""
    extract = Graph().parse(VOCABULARIES / "rdflib-terms.ttl", format="turtle")
    terms = set(extract.subjects(RDF.type, None))
    assert terms
    for term in terms:
        namespace = next(ns for base, ns in NAMESPACES.items() if ns is not None and str(term).startswith(base))
        assert term in namespace, term


def test_the_checks_catch_the_old_mistakes(vocabulary: Graph) -> None:
    """The lines the audit found wrong, as they stood, are each reported."""
    old = Graph().parse(format="turtle", data="""
        @prefix akg: <https://w3id.org/alliance-kg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix schema: <https://schema.org/> .
        @prefix time: <http://www.w3.org/2006/time#> .
        @prefix gleif-L2: <https://www.gleif.org/ontology/L2/> .
        @prefix gleif-base: <https://www.gleif.org/ontology/Base/> .
        @prefix fibo-fnd-agr-ctr: <https://spec.edmcouncil.org/fibo/ontology/FND/Agreements/Contracts/> .
        akg:owner skos:closeMatch schema:owner .
        akg:FundingRound skos:broadMatch schema:InvestOrDeposit .
        akg:subsidiaryOf skos:closeMatch gleif-L2:hasParent , gleif-L2:DirectConsolidation .
        gleif-base:LegalEntityRelationship skos:broadMatch akg:subsidiaryOf .
        akg:ultimatelyConsolidatedBy skos:closeMatch gleif-L2:UltimateConsolidation .
        akg:effectiveDate skos:exactMatch fibo-fnd-agr-ctr:hasEffectiveDate .
        akg:onDate skos:exactMatch time:inXSDDate .
    """)
    missing = "\n".join(missing_terms(old, vocabulary))
    for term in ("schema.org/owner", "schema.org/InvestOrDeposit", "L2/hasParent:"):
        assert term in missing, term
    kinds = "\n".join(kind_problems(old, load_ontology(), vocabulary))
    assert "DirectConsolidation: a property mapped to a class" in kinds
    assert "UltimateConsolidation: a property mapped to a class" in kinds
    assert "LegalEntityRelationship" in kinds and "a class mapped to a property" in kinds
    assert "effectiveDate exactMatch" in kinds
    # time:inXSDDate is a datatype property, as akg:onDate: same kind, so only the meaning was
    # wrong there (a condition's date is not an instant's position); that line is now closeMatch.
    assert "onDate exactMatch" not in kinds
