"""Namespaces: the prefixes as text, the rdflib namespaces made on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from alliancekg.ontology import namespaces


def test_prefixes_name_the_namespaces_rdflib_names() -> None:
    standard = {"rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS}
    assert {prefix: namespaces.PREFIXES[prefix] for prefix in standard} == {p: str(n) for p, n in standard.items()}
    assert namespaces.PREFIXES["akg"] == "https://w3id.org/alliance-kg/ontology#"
    assert namespaces.PREFIXES["ent"] == namespaces.NAMESPACE_IRIS["ENT"] == namespaces.ID + "ent/"


def test_every_namespace_is_an_rdflib_namespace_of_its_iri() -> None:
    for name, iri in namespaces.NAMESPACE_IRIS.items():
        namespace = getattr(namespaces, name)
        assert isinstance(namespace, Namespace) and str(namespace) == iri
    assert str(namespaces.AKG.Agreement) == namespaces.NAMESPACE_IRIS["AKG"] + "Agreement"
    with pytest.raises(AttributeError):
        namespaces.NO_SUCH_NAMESPACE  # noqa: B018


def test_the_prefixes_do_not_import_rdflib() -> None:
    code = "import sys\nfrom alliancekg.ontology.namespaces import PREFIXES\nprint('rdflib' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert completed.stdout.strip() == "False"
