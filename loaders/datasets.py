"""The bundled datasets of the alliance network, read in order with one name resolver.

Order matters: organizations are resolved against what is already known, so the curated deal
files and ``data/links/organizations.yaml`` come first, then alliances.csv, Epoch AI, GLEIF
(Level 1 before Level 2) and CUAD. Each dataset goes into its own named graph:

==========================  ===============================================================
graph (below .../graph/)     content
==========================  ===============================================================
``links/organizations``      canonical organizations, aliases, Wikidata and LEI links
``network/alliances``        the 43 deals of alliances.csv (roles, amounts, capacities)
``datasets/epoch``           Epoch AI funding rounds, their links to deals, disagreements
``datasets/gleif``           GLEIF entities (Microsoft's subsidiaries) and consolidation links
``datasets/cuad``            CUAD's 94 alliance-type contracts and their labelled clauses
==========================  ===============================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from alliancekg.data import DATA_DIR, DEALS_DIR
from alliancekg.loaders.epoch import Disagreement, cross_check, read_crosswalk
from alliancekg.loaders.linking import Match, NameIndex, Resolver
from alliancekg.loaders.registry import Input
from alliancekg.loaders.tabular import MAPPINGS_DIR, map_file
from alliancekg.loaders.yamlld import LoadedFile, load_yamlld
from alliancekg.ontology.namespaces import GRAPH

ORGANIZATIONS_FILE = DATA_DIR / "links" / "organizations.yaml"
ALLIANCES_FILE = DATA_DIR / "alliances" / "alliances.csv"
EPOCH_ROUNDS_FILE = DATA_DIR / "epoch" / "ai_companies_funding_rounds_2026-08.csv"
EPOCH_CROSSWALK_FILE = DATA_DIR / "epoch" / "crosswalk.csv"
GLEIF_DIR = DATA_DIR / "gleif"
GLEIF_RECORD_FILES = ("single_lei_record_INR2EJN1ERAN0W5ZP974.json", "direct-children_INR2EJN1ERAN0W5ZP974.json",
                      "ultimate-children_INR2EJN1ERAN0W5ZP974.json")
GLEIF_RELATIONSHIP_FILES = ("direct-child-relationships_INR2EJN1ERAN0W5ZP974.json",
                            "ultimate-child-relationships_INR2EJN1ERAN0W5ZP974.json")
CUAD_FILE = DATA_DIR / "cuad" / "master_clauses.csv"

#: Graph names of the bundled datasets, in load order.
DATASET_GRAPHS = ("links/organizations", "network/alliances", "datasets/epoch", "datasets/gleif", "datasets/cuad")


@dataclass
class Bundle:
    """Every bundled dataset mapped, with the resolver's report and the Epoch disagreements."""

    files: dict[str, LoadedFile] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def curated_graph() -> Graph:
    """The hand-curated deal files and the organization registry, merged."""
    graph = Graph()
    for path in sorted(DEALS_DIR.glob("*.yaml")):
        graph += load_yamlld(path).graph
    graph += load_yamlld(ORGANIZATIONS_FILE).graph
    return graph


def _merge(name: str, parts: list[LoadedFile], path: Path) -> LoadedFile:
    merged = LoadedFile(path=path, graph=Graph())
    for part in parts:
        merged.graph += part.graph
        for key, value in part.node_lines.items():
            merged.node_lines.setdefault(key, value)
        merged.field_names.update(part.field_names)
        merged.field_lines.update(part.field_lines)
    return merged


def build_bundle(existing: Graph | None = None) -> Bundle:
    """Map every bundled dataset (see the module docstring) against ``existing`` (default: curated data)."""
    known = curated_graph() if existing is None else existing
    resolver = Resolver(NameIndex.from_graph(known))
    bundle = Bundle()
    bundle.files["links/organizations"] = load_yamlld(ORGANIZATIONS_FILE)

    def step(name: str, data: Path, mapping: str) -> LoadedFile:
        result = map_file(data, MAPPINGS_DIR / mapping, resolver=resolver, existing=known)
        known.__iadd__(result.graph)
        bundle.rows[f"{name}:{data.name}"] = result.rows
        return result.loaded

    alliances = step("network/alliances", ALLIANCES_FILE, "alliances.yaml")
    bundle.files["network/alliances"] = alliances

    epoch = step("datasets/epoch", EPOCH_ROUNDS_FILE, "epoch-funding-rounds.yaml")
    checked, bundle.disagreements = cross_check(epoch.graph, known, read_crosswalk(EPOCH_CROSSWALK_FILE),
                                                EPOCH_CROSSWALK_FILE)
    epoch.graph += checked
    bundle.files["datasets/epoch"] = epoch

    gleif = [step("datasets/gleif", GLEIF_DIR / name, "gleif-lei-records.yaml") for name in GLEIF_RECORD_FILES]
    gleif += [step("datasets/gleif", GLEIF_DIR / name, "gleif-relationships.yaml") for name in GLEIF_RELATIONSHIP_FILES]
    bundle.files["datasets/gleif"] = _merge("datasets/gleif", gleif, GLEIF_DIR / GLEIF_RECORD_FILES[0])

    bundle.files["datasets/cuad"] = step("datasets/cuad", CUAD_FILE, "cuad.yaml")
    bundle.matches = list(resolver.matches.values())
    return bundle


@lru_cache(maxsize=1)
def bundled() -> Bundle:
    """The bundle of the shipped data, mapped once per process."""
    return build_bundle()


def _reader(name: str) -> Callable[[], LoadedFile]:
    return lambda: bundled().files[name]


def dataset_inputs() -> list[Input]:
    """The bundled datasets as inputs of ``alliancekg build`` (registered in the loader registry)."""
    return [Input(name, GRAPH[name], _reader(name)) for name in DATASET_GRAPHS]




def mapped_input(path: Path | str, mapping: Path | str, existing: Graph, *, name: str | None = None) -> Input:
    """An analyst's CSV or JSON file mapped with ``mapping``, as an input for ``alliancekg load``.

    Names are resolved against ``existing`` (the store's data), and nodes that already exist there
    only get what they lack when the mapping says ``on_existing: fill``. The graph is
    ``.../graph/user/<file stem>`` unless ``name`` is given.
    """
    path = Path(path)
    name = name or f"user/{path.stem}"
    holder: dict[str, LoadedFile] = {}

    def read() -> LoadedFile:
        if "file" not in holder:
            holder["file"] = map_file(path, mapping, existing=existing).loaded
        return holder["file"]

    return Input(name, GRAPH[name], read)


__all__ = ["DATASET_GRAPHS", "Bundle", "build_bundle", "bundled", "curated_graph", "dataset_inputs", "mapped_input"]
