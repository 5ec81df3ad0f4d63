"""The bundled inputs that ``alliancekg build`` loads, each into its own named graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, URIRef

from alliancekg.data import DEALS_DIR
from alliancekg.loaders.yamlld import LoadedFile, load_yamlld
from alliancekg.ontology import ALIGNMENTS_FILE, ONTOLOGY_FILE
from alliancekg.ontology.namespaces import GRAPH


@dataclass(frozen=True)
class Input:
    """One thing to load: a name, the named graph it goes to, and how to read it."""

    name: str
    graph: URIRef
    read: Callable[[], LoadedFile]


def _read_ontology() -> LoadedFile:
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    graph.parse(ALIGNMENTS_FILE, format="turtle")
    return LoadedFile(path=ONTOLOGY_FILE, graph=graph)


def ontology_input() -> Input:
    """The ontology and its alignments, in graph ``.../graph/ontology``."""
    return Input("ontology", GRAPH["ontology"], _read_ontology)


def yamlld_input(path, name: str | None = None) -> Input:
    """A YAML-LD file, in graph ``.../graph/<name>`` (default: ``deals/<file stem>``)."""
    from pathlib import Path

    path = Path(path)
    name = name or f"deals/{path.stem}"
    return Input(name, GRAPH[name], lambda: load_yamlld(path))


#: Extra bundled inputs registered by other loaders (the alliance network, linked datasets).
EXTRA_INPUTS: list[Callable[[], list[Input]]] = []


def bundled_inputs() -> list[Input]:
    """Everything ``alliancekg build`` loads by default, in load order."""
    inputs = [ontology_input()]
    inputs += [yamlld_input(path) for path in sorted(DEALS_DIR.glob("*.yaml"))]
    for provider in EXTRA_INPUTS:
        inputs += provider()
    return inputs


def _register_datasets() -> None:
    """Register the alliance network and the linked datasets (issue 6) as extra bundled inputs."""
    from alliancekg.loaders.datasets import dataset_inputs

    if dataset_inputs not in EXTRA_INPUTS:
        EXTRA_INPUTS.append(dataset_inputs)


_register_datasets()
