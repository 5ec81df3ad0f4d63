"""The bundled datasets on the real files: counts, resolution, provenance, idempotent reloads."""

from __future__ import annotations

import csv
import filecmp
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from alliancekg.data import DATA_DIR
from alliancekg.graph.build import load_into
from alliancekg.graph.store import OxigraphStore
from alliancekg.loaders.datasets import DATASET_GRAPHS, Bundle, build_bundle, curated_graph, dataset_inputs
from alliancekg.loaders.linking import NameIndex
from alliancekg.ontology.namespaces import AGR, AKG, ENT

ALLIANCES = DATA_DIR / "alliances" / "alliances.csv"


def names_in_alliances() -> set[str]:
    names = set()
    with ALLIANCES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for group in row["parties_roles"].split(" | "):
                names.add(re.sub(r"\s*\(.*\)\s*$", "", group).strip())
    return names


# -- copies ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("copy", "original"), [
    ("alliances/alliances.csv", "ai-alliances/alliances.csv"),
    ("alliances/msft-openai-2025-clauses.csv", "ai-alliances/msft-openai-2025-clauses.csv"),
    ("epoch/ai_companies_funding_rounds_2026-08.csv", "epoch-ai-companies/ai_companies_funding_rounds_2026-08.csv"),
    ("cuad/master_clauses.csv", "cuad/master_clauses.csv"),
    ("gleif/direct-child-relationships_INR2EJN1ERAN0W5ZP974.json",
     "gleif/api-json/relationships/direct-child-relationships_INR2EJN1ERAN0W5ZP974.json"),
])
def test_bundled_copies_match_the_shared_files(shared_datasets: Path, copy: str, original: str) -> None:
    assert filecmp.cmp(DATA_DIR / copy, shared_datasets / original, shallow=False)


def test_every_data_folder_has_a_source_note() -> None:
    for folder in ("alliances", "epoch", "gleif", "cuad"):
        assert (DATA_DIR / folder / "SOURCES.md").is_file(), folder


# -- alliances.csv ------------------------------------------------------------------------------
def test_every_deal_becomes_one_agreement(bundle: Bundle) -> None:
    network = bundle.files["network/alliances"].graph
    with ALLIANCES.open(encoding="utf-8") as handle:
        ids = [row["deal_id"] for row in csv.DictReader(handle)]
    assert len(ids) == len(set(ids)) == 43
    curated = curated_graph()
    for deal_id in ids:
        defined = (AGR[deal_id], RDF.type, AKG.Agreement)
        assert (defined in network) != (defined in curated), deal_id  # in exactly one place
    in_deal_files = [d for d in ids if (AGR[d], RDF.type, AKG.Agreement) in curated]
    # The 7 msft-openai rows, 8 headline OpenAI and Anthropic deals, 8 more OpenAI compute deals and 8
    # deals beyond OpenAI (Google–Anthropic, the xAI vehicle, Meta–Scale, Nebius, IREN, Intel, Groq).
    assert len(in_deal_files) == 31
    assert len(set(network.subjects(RDF.type, AKG.Agreement))) == 43 - len(in_deal_files)


def test_every_organization_of_alliances_resolves_to_one_node(bundle: Bundle) -> None:
    by_name = {m.name: m for m in bundle.matches}
    for group in names_in_alliances():
        for name in [n.strip() for n in group.split(", ")] if group not in by_name else [group]:
            if name in ("SK Telecom / Samsung SDS", "C&T", "Heavy Industries", "SPV"):
                continue  # rewritten by the mapping into named organizations
            assert name in by_name, name
    iris = {}
    for match in bundle.matches:
        iris.setdefault(match.name, set()).add(match.iri)
    assert all(len(nodes) == 1 for nodes in iris.values())
    assert by_name["OpenAI nonprofit"].iri == ENT["openai-foundation"]
    assert by_name["Amazon/AWS"].iri == by_name["Amazon Web Services"].iri == ENT.amazon


def test_ambiguous_names_are_kept_apart_and_reported(bundle: Bundle) -> None:
    ambiguous = {m.name: set(m.candidates) for m in bundle.matches if m.ambiguous}
    assert ambiguous == {
        "Google/Alphabet": {ENT.google, ENT.alphabet},
        "SoftBank Group / SoftBank Corp.": {ENT.softbank, ENT["softbank-corp"]},
    }


def test_roles_amounts_and_capacities_of_the_network(store: OxigraphStore) -> None:
    counts = store.query("""
        SELECT (COUNT(DISTINCT ?r) AS ?roles) (COUNT(DISTINCT ?m) AS ?amounts) (COUNT(DISTINCT ?q) AS ?quantities)
        WHERE { { ?a akg:hasPartyRole ?r } UNION { ?a akg:monetaryValue ?m . FILTER(STRSTARTS(STR(?m), STR(amt:))) }
                UNION { ?a akg:capacity ?q } }""").python_rows()[0]
    assert counts["roles"] >= 100 and counts["amounts"] >= 70 and counts["quantities"] >= 15
    nvidia_openai = store.query("""
        SELECT ?type WHERE { agr:nvidia-openai-2025-09-loi akg:hasPartyRole ?r . ?r akg:playedBy ent:nvidia ;
                             akg:roleType ?type }""").values("type")
    assert set(nvidia_openai) == {AKG.InvestorRole, AKG.SupplierRole}
    upper = store.query("ASK { agr:nvidia-openai-2025-09-loi akg:monetaryValue ?m . ?m akg:amount 100000000000.0 ; "
                        "akg:isUpperBound true ; akg:currency 'USD' }")
    assert upper.boolean


def test_the_microsoft_openai_chain_is_linked_by_supersedes_and_amends(store: OxigraphStore) -> None:
    chain = ["msft-openai-2019-investment", "msft-openai-2023-investment", "msft-openai-2025-01-rofr",
             "msft-openai-2025-09-mou", "msft-openai-2025-10-definitive", "msft-openai-2026-02-joint-statement",
             "msft-openai-2026-04-amendment"]
    reached = store.query("""
        SELECT DISTINCT ?earlier WHERE { agr:msft-openai-2026-04-amendment (akg:amends|akg:supersedes)+ ?earlier .
                                         ?earlier a akg:Agreement }""").values("earlier")
    assert {AGR[c] for c in chain[:-1]} <= set(reached)
    for later, earlier in zip(chain[5:], chain[4:], strict=False):
        assert store.query("ASK { ?later akg:amends ?earlier }", {"later": AGR[later], "earlier": AGR[earlier]}).boolean
    assert store.query("ASK { agr:msft-openai-2026-02-joint-statement akg:status akg:Reaffirmation }").boolean


def test_the_april_2026_amendment_replaces_the_exclusivities_and_the_revenue_share(store: OxigraphStore) -> None:
    replaced = set(store.query("SELECT ?p WHERE { agr:msft-openai-2026-04-amendment akg:supersedes ?p }").values("p"))
    prv = "https://w3id.org/alliance-kg/id/prv/"
    for local in ("exclusive-ip-until-agi", "azure-api-exclusivity-until-agi", "revenue-share-until-agi",
                  "third-party-api-products-azure-exclusive", "ip-models-products-2032"):
        assert URIRef(prv + local) in replaced
    assert URIRef(prv + "agi-expert-panel") not in replaced  # disputed: a conflict, not a silent choice
    conflict = store.query("SELECT (COUNT(?c) AS ?n) WHERE { cfl:agi-clause-after-2026-04 akg:claim ?c } ")
    assert conflict.python_rows()[0]["n"] == 3


# -- Epoch AI -------------------------------------------------------------------------------------
EPOCH_TOTALS = {"OpenAI": 182_750_000_000, "Anthropic": 139_404_000_000, "xAI": 37_000_000_000,
                "Mistral AI": 3_034_300_000}


def test_epoch_rounds_and_closed_equity_totals(store: OxigraphStore) -> None:
    rows = store.query("""
        SELECT ?company (SUM(?amount) AS ?total) (COUNT(?round) AS ?rounds) WHERE {
          ?round a akg:FundingRound ; akg:raisedBy/rdfs:label ?company ; akg:statusText "Closed" ;
                 akg:equityRaised/akg:amount ?amount }
        GROUP BY ?company""").python_rows()
    totals = {row["company"]: Decimal(str(row["total"])) for row in rows}
    for company, total in EPOCH_TOTALS.items():
        assert totals[company] == total, company
    assert store.query("SELECT (COUNT(?r) AS ?n) WHERE { ?r a akg:FundingRound }").python_rows()[0]["n"] == 47


def test_epoch_cross_check_finds_the_known_disagreements(bundle: Bundle) -> None:
    found = {(str(d.round).rsplit("/", 1)[1], d.kind) for d in bundle.disagreements}
    # The curated SoftBank file gives both closings ($10B in all, then $22.5B), which Epoch's first and
    # final stages match; Epoch's $8.3B second stage matches no figure of the deal.
    assert found == {("epoch-openai-300b-stage-2", "amount"), ("epoch-openai-1b-disney", "status")}
    epoch = bundle.files["datasets/epoch"].graph
    assert len(set(epoch.subject_objects(AKG.correspondsTo))) == 14
    investors = {str(o).rsplit("/", 1)[1] for o in epoch.objects(None, AKG.investor)}
    assert {"microsoft", "nvidia", "amazon", "alphabet"} <= investors


# -- GLEIF ----------------------------------------------------------------------------------------
def test_gleif_subsidiaries_of_microsoft(store: OxigraphStore) -> None:
    direct = store.query("SELECT ?c WHERE { ?c akg:subsidiaryOf ent:microsoft ; akg:lei ?lei }").values("c")
    ultimate = store.query("SELECT ?c WHERE { ?c akg:ultimatelyConsolidatedBy ent:microsoft }").values("c")
    assert len(set(direct)) == 12 and len(set(ultimate)) == 14
    assert ENT["github-inc"] in direct
    assert store.query("ASK { ent:microsoft akg:jurisdiction 'US-WA' ; "
                       "akg:lei 'INR2EJN1ERAN0W5ZP974' ; "
                       "rdfs:seeAlso <https://lei.info/INR2EJN1ERAN0W5ZP974> }").boolean
    # An LEI record page is about the organization, not the organization: never owl:sameAs.
    assert not store.query("ASK { ?org owl:sameAs ?page FILTER(STRSTARTS(STR(?page), 'https://lei.info/')) }").boolean


def test_consolidation_is_aligned_to_gleif_level_2(store: OxigraphStore) -> None:
    """Both properties map to GLEIF's parent property, not to its relationship-record classes."""
    gleif_l2 = "https://www.gleif.org/ontology/L2/"
    parent = URIRef(gleif_l2 + "hasParentEntity")
    for prop in ("subsidiaryOf", "ultimatelyConsolidatedBy"):
        assert store.query(f"ASK {{ akg:{prop} skos:broadMatch ?m }}", {"m": parent}).boolean
    for record in ("DirectConsolidation", "UltimateConsolidation"):
        assert not store.query("ASK { ?p skos:closeMatch ?m }", {"m": URIRef(gleif_l2 + record)}).boolean


# -- CUAD -------------------------------------------------------------------------------------------
def test_cuad_alliance_contracts_and_their_clauses(bundle: Bundle, store: OxigraphStore) -> None:
    assert bundle.rows["datasets/cuad:master_clauses.csv"] == 94
    counts = {row["category"]: row["n"] for row in store.query("""
        SELECT ?category (COUNT(DISTINCT ?c) AS ?n) WHERE {
          ?c prov:wasDerivedFrom <https://github.com/TheAtticusProject/cuad> ; akg:hasProvision/akg:clauseId ?category }
        GROUP BY ?category""").python_rows()}
    # The counts of shared/datasets/cuad/SOURCE.md for the 94 alliance-type contracts.
    assert counts["Exclusivity"] == 37 and counts["Rofr/Rofo/Rofn"] == 23 and counts["Revenue/Profit Sharing"] == 43
    assert counts["Joint Ip Ownership"] == 19 and counts["Change Of Control"] == 26 and counts["Non-Compete"] == 35
    kinds = store.query("""SELECT DISTINCT ?k WHERE { ?p akg:clauseId "Rofr/Rofo/Rofn" ; a ?k }""").values("k")
    assert kinds == [AKG.RightOfFirstRefusal]
    few_parties = store.query("""
        SELECT ?c WHERE { ?c prov:wasDerivedFrom <https://github.com/TheAtticusProject/cuad> ; a akg:Agreement .
                          OPTIONAL { ?c akg:party ?p } } GROUP BY ?c HAVING (COUNT(DISTINCT ?p) < 2)""").rows
    assert few_parties == []


def test_cuad_comparison_query_of_the_catalog(store: OxigraphStore) -> None:
    from alliancekg.queries.catalog import load_catalog

    query = load_catalog()["cuad-clause-frequency"]
    rows = {row["kind"]: row for row in store.query(query.text, query.bindings()).python_rows()}
    rofr = rows[str(AKG.RightOfFirstRefusal)]
    assert (rofr["cuadContracts"], rofr["cuadTotal"]) == (23, 94)
    assert "right of first refusal" in rofr["msftOpenAIProvisions"]


# -- provenance and idempotence ------------------------------------------------------------------
FACT_CLASSES = ("Agreement", "Provision", "EquityStake", "Claim", "Conflict", "FundingRound")


def test_no_fact_without_a_source(store: OxigraphStore) -> None:
    classes = " ".join(f"akg:{c}" for c in FACT_CLASSES)
    query = """
        SELECT ?fact ?class WHERE {
          VALUES ?class { CLASSES }
          ?fact a/rdfs:subClassOf* ?class .
          FILTER NOT EXISTS { ?fact prov:wasDerivedFrom ?source }
        }""".replace("CLASSES", classes)
    assert store.query(query).rows == []
    # Organizations that the datasets introduce carry the sources that name them.
    orphans = store.query("""
        SELECT ?org WHERE {
          GRAPH ?g { ?org a akg:Organization }
          FILTER(STRSTARTS(STR(?g), "https://w3id.org/alliance-kg/graph/network/")
                 || STRSTARTS(STR(?g), "https://w3id.org/alliance-kg/graph/datasets/")
                 || STRSTARTS(STR(?g), "https://w3id.org/alliance-kg/graph/links/"))
          FILTER NOT EXISTS { ?org prov:wasDerivedFrom ?source }
        }""").rows
    assert orphans == []


def test_mapping_twice_gives_the_same_triples() -> None:
    first, second = build_bundle(), build_bundle()
    for name in DATASET_GRAPHS:
        assert len(first.files[name].graph) == len(second.files[name].graph) > 0, name
        assert set(first.files[name].graph) == set(second.files[name].graph), name


def test_reloading_the_datasets_into_the_store_adds_nothing(writable_store: Path) -> None:
    with OxigraphStore(writable_store) as store:
        before = store.triple_count()
        load_into(store, dataset_inputs(), reason=False)
        assert store.triple_count() == before


def test_organization_links_to_wikidata_and_leis(bundle: Bundle) -> None:
    graph = Graph()
    for loaded in bundle.files.values():
        graph += loaded.graph
    graph += curated_graph()
    same = {(str(s).rsplit("/", 1)[1], str(o)) for s, o in graph.subject_objects(OWL.sameAs)}
    expected_qids = {"openai": "Q21708200", "anthropic": "Q116758847", "google": "Q95", "alphabet": "Q20800404",
                     "microsoft": "Q2283", "amazon": "Q3884", "nvidia": "Q182477", "meta": "Q380", "oracle": "Q19900",
                     "softbank": "Q201653"}
    for local, qid in expected_qids.items():
        assert (local, f"http://www.wikidata.org/entity/{qid}") in same, local
    assert not any(page.startswith("https://lei.info/") for _, page in same)
    see_also = {(str(s).rsplit("/", 1)[1], str(o)) for s, o in graph.subject_objects(RDFS.seeAlso)}
    assert ("microsoft", "https://lei.info/INR2EJN1ERAN0W5ZP974") in see_also
    assert ("nvidia", "https://lei.info/549300S4KLFTLO7GSQ80") in see_also
    assert (ENT.microsoft, AKG.lei, Literal("INR2EJN1ERAN0W5ZP974")) in graph
    assert NameIndex.from_graph(graph).leis["549300S4KLFTLO7GSQ80"] == ENT.nvidia


@pytest.mark.slow
def test_the_whole_bundle_passes_shacl_and_hermit_quickly(tmp_path: Path) -> None:
    import time

    from alliancekg.graph.build import build_store
    from alliancekg.graph.quality.reasoning import java_available

    if not java_available():
        pytest.skip("HermiT needs Java")
    started = time.perf_counter()
    report = build_store(tmp_path / "store")
    assert report.consistency is not None and report.consistency.consistent
    assert report.consistency.individuals > 1500
    assert {f"https://w3id.org/alliance-kg/graph/{name}" for name in DATASET_GRAPHS} <= set(report.graphs)
    assert time.perf_counter() - started < 60
