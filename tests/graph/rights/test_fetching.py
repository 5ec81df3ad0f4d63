"""Reading provisions for the whole network or for some holders: the same provisions either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from alliancekg.graph.rights.evaluation import fetch_provisions
from alliancekg.graph.rights.fetching import most_specific_kinds, scoped
from alliancekg.graph.rights.groups import group_members
from alliancekg.graph.store import OxigraphStore
from alliancekg.ontology.namespaces import AKG

HOSTILE = Path(__file__).resolve().parents[2] / "data" / "hostile" / "rights-scope-holders.txt"
AGR, PRV, ORG = URIRef("urn:x:agreement"), URIRef("urn:x:provision"), URIRef("urn:x:org")


def holders_of(store: OxigraphStore) -> list[str]:
    return sorted(str(r["org"]) for r in store.query("SELECT DISTINCT ?org WHERE { ?p akg:holder ?org }").rows)


def test_one_holders_provisions_are_those_of_the_whole_network(store: OxigraphStore) -> None:
    everything = fetch_provisions(store)
    holders = holders_of(store)
    assert holders
    for holder in holders:
        expected = {p.iri: p for p in everything if holder in p.holders}
        assert {p.iri: p for p in fetch_provisions(store, {holder})} == expected, holder


def test_a_groups_provisions_come_once_each(store: OxigraphStore) -> None:
    everything = fetch_provisions(store)
    holder = next(h for h in holders_of(store) if len(group_members(store, h)) > 1)
    members = {node for node, _ in group_members(store, holder)}
    found = fetch_provisions(store, members)
    assert len({p.iri for p in found}) == len(found)
    assert {p.iri: p for p in found} == {p.iri: p for p in everything if members.intersection(p.holders)}


def test_the_most_specific_kind_is_kept() -> None:
    memory = OxigraphStore()
    triples = [(AGR, AKG.hasProvision, PRV), (PRV, RDFS.label, Literal("a right")), (PRV, RDF.type, AKG.Provision),
               (PRV, RDF.type, AKG.Right), (AKG.Right, RDFS.subClassOf, AKG.Provision),
               (AKG.Right, RDFS.label, Literal("right")), (AKG.Provision, RDFS.label, Literal("provision")),
               (PRV, AKG.holder, ORG), (AGR, AKG.effectiveDate, Literal("2025-10-28", datatype=URIRef(
                   "http://www.w3.org/2001/XMLSchema#date")))]
    memory.replace_graph(URIRef("https://w3id.org/alliance-kg/graph/test"), triples)
    (provision,) = fetch_provisions(memory)
    assert provision.kind == "right" and provision.start.isoformat() == "2025-10-28"
    assert provision.holders == (str(ORG),)
    assert fetch_provisions(memory, {"urn:x:nobody"}) == []


def test_kinds_below_another_type_are_dropped_and_unrelated_ones_kept() -> None:
    kinds = {"urn:A": ["a"], "urn:B": ["b"], "urn:C": ["c"]}
    supers = {"urn:B": {"urn:A"}}
    assert most_specific_kinds(["urn:A", "urn:B", "urn:C"], kinds, supers) == ["b", "c"]


@pytest.mark.parametrize("holder", HOSTILE.read_text(encoding="utf-8").splitlines())
def test_a_holder_that_is_not_an_iri_is_refused(holder: str) -> None:
    with pytest.raises(ValueError):
        scoped("SELECT * { #SCOPE\n ?provision ?p ?o }", [holder])
