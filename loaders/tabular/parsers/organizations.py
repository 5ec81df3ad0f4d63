"""Parsers of organizations: ``org`` (one), ``mentions`` (known ones named in a text), ``parties`` (with roles)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from alliancekg.loaders.guards import shown
from alliancekg.loaders.tabular.parsers import invalid
from alliancekg.loaders.tabular.state import Cell
from alliancekg.loaders.tabular.text import PARENTHESES, split_party
from alliancekg.ontology.namespaces import AKG


def parse_org(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """The organization named (or, ``by: lei``, identified) by the value."""
    lei = raw if spec.get("by") == "lei" else None
    match = cell.run.resolver.resolve(raw, lei=lei, sources=cell.scope.sources, mint=not spec.get("must_exist"))
    if match is None:
        return invalid(spec, cell, f"no known organization for {shown(raw)}")
    return [match.iri]


def parse_mentions(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """The known organizations named in the text (except the one of the ``exclude`` column)."""
    resolver = cell.run.resolver
    exclude = []
    if spec.get("exclude"):
        match = resolver.resolve(cell.scope.value(spec["exclude"]), mint=False)
        exclude = [match.iri] if match else []
    return list(resolver.mentions(raw, exclude=exclude))


def parse_parties(raw: str, spec: dict[str, Any], cell: Cell) -> list[Any]:
    """Organizations of one party entry, with their roles when written as ``Name (role; role)``."""
    run = cell.run
    names_spec = spec.get("names") or {}
    roles_spec = spec.get("roles")
    roles_text = ""
    names_text = raw
    if roles_spec:
        parts = split_party(raw)
        if parts is None:
            return invalid(spec, cell, f"party {shown(raw)} is not written as 'Name (role; role)'")
        names_text, roles_text = parts
    for phrase in names_spec.get("cut_at") or []:
        names_text = names_text.split(phrase)[0]
    if names_spec.get("drop_parentheses"):
        names_text = " ".join(PARENTHESES.sub(" ", names_text).split())
    if any(word.lower() in names_text.lower() for word in names_spec.get("drop_if_contains") or []):
        return []
    rewrites: dict[str, Any] = names_spec.get("rewrites") or {}
    names = rewrites.get(names_text, names_text)
    if isinstance(names, str):
        separator = names_spec.get("separator")
        names = [n for n in names.split(separator)] if separator else [names]
    orgs: list[URIRef] = []
    roles: list[URIRef] = []
    for name in names:
        name = name.strip().strip(",;").strip()
        if not name or len(name) > int(names_spec.get("max_length", 150)):
            continue
        org = run.resolver.resolve(name, sources=cell.scope.sources).iri
        orgs.append(org)
        also = spec.get("also")
        if also and not cell.node.skip(run.mapping.iri(also)):
            run.add(cell.node.subject, run.mapping.iri(also), org, cell.row.line, cell.column)
        if roles_spec:
            roles.append(party_role(org, roles_text, roles_spec, cell))
    return roles if roles_spec else orgs


def party_role(org: URIRef, roles_text: str, spec: dict[str, Any], cell: Cell) -> URIRef:
    """The party-role node of ``org`` in the current agreement, typed from the role wording."""
    run = cell.run
    org_local = str(org).rsplit("/", 1)[-1]
    node = run.mapping.iri(spec.get("id", "rol:{local}-{org}").replace("{local}", cell.node.local)
                           .replace("{org}", org_local))
    run.graph.add((node, RDF.type, AKG.PartyRole))
    run.graph.add((node, AKG.playedBy, org))
    run.graph.add((node, RDFS.label, Literal(f"{run.resolver.index.labels.get(org, org_local)} "
                                             f"({roles_text})" if roles_text else org_local)))
    run.node_lines.setdefault(str(node), cell.row.line)
    for item in roles_text.split(spec.get("separator", ";")):
        item = item.strip()
        if not item:
            continue
        run.graph.add((node, AKG.role, Literal(item)))
        for rule in spec.get("types") or []:
            if run.pattern("search", rule["pattern"], item, (rule, "pattern"), cell.row, ignore_case=True):
                run.graph.add((node, AKG.roleType, run.mapping.iri(rule["role"])))
                if rule.get("stop"):
                    break
    return node
