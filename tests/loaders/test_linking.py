"""Name resolution: tiers, ambiguity reports, LEIs, mentions."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from alliancekg.loaders.linking import NameIndex, Resolver, normalize, slugify
from alliancekg.ontology.namespaces import AKG, ENT


def resolver() -> Resolver:
    index = NameIndex()
    index.add(ENT.google, ["Google", "Google Cloud"], label="Google")
    index.add(ENT.alphabet, ["Alphabet"], label="Alphabet")
    index.add(ENT.microsoft, ["Microsoft", "Microsoft Corporation"], label="Microsoft", lei="INR2EJN1ERAN0W5ZP974")
    return Resolver(index)


def test_normalize_drops_case_punctuation_accents_and_legal_forms() -> None:
    assert normalize("Microsoft Corp.") == normalize("MICROSOFT CORPORATION") == "microsoft"
    assert normalize("Spôk Holdings, Inc.") == "spok"
    assert normalize("Inc.") == "inc"  # never empties a name made only of legal words
    assert slugify("微软") == "x"


def test_exact_normalized_and_lei_tiers() -> None:
    r = resolver()
    assert r.resolve("google cloud").how == "label"
    assert r.resolve("Google LLC").how == "normalized"
    match = r.resolve("MICROSOFT CORPORATION", lei="INR2EJN1ERAN0W5ZP974")
    assert (match.iri, match.how) == (ENT.microsoft, "lei")


def test_new_names_get_one_node_reused_later() -> None:
    r = resolver()
    first = r.resolve("Groq Inc.", sources=[ENT.x])
    again = r.resolve("GROQ")
    assert first.how == "new" and again.iri == first.iri
    assert (first.iri, RDF.type, AKG.Organization) in r.graph
    assert [m.name for m in r.new()] == ["Groq Inc."]


def test_ambiguous_names_are_reported_and_never_merged() -> None:
    r = resolver()
    match = r.resolve("Google/Alphabet")
    assert match.ambiguous and match.iri not in (ENT.google, ENT.alphabet)
    assert set(match.candidates) == {ENT.google, ENT.alphabet}
    assert set(r.graph.objects(match.iri, AKG.candidateMatch)) == {ENT.google, ENT.alphabet}
    assert r.resolve("Google/Alphabet").iri == match.iri
    assert [m.name for m in r.ambiguous()] == ["Google/Alphabet"]


def test_alternatives_pointing_to_one_node_resolve_to_it() -> None:
    r = resolver()
    assert r.resolve("Google/Google Cloud").how == "parts"
    assert r.resolve("Microsoft / Nonexistent Unit").iri == ENT.microsoft


def test_unknown_names_without_minting() -> None:
    assert resolver().resolve("Nobody Ltd", mint=False) is None


def test_mentions_find_known_names_as_whole_words_only() -> None:
    r = resolver()
    assert r.mentions("2019 Microsoft 1B") == [ENT.microsoft]
    assert r.mentions("Microsoftish deal") == []
    assert r.mentions("Google and Microsoft", exclude=[ENT.google]) == [ENT.microsoft]


def test_index_from_graph_reads_labels_aliases_and_leis() -> None:
    g = Graph()
    g.add((ENT.a, RDF.type, AKG.CorporateGroup))
    g.add((ENT.a, RDFS.label, Literal("Acme")))
    g.add((ENT.a, AKG.alias, Literal("Acme Group")))
    g.add((ENT.a, AKG.lei, Literal("529900GRZ2BQY5ZM9N49")))
    index = NameIndex.from_graph(g)
    assert index.lookup("acme group") == ("label", {ENT.a})
    assert index.leis["529900GRZ2BQY5ZM9N49"] == ENT.a
