"""Agreements as ODRL 2.2 policies (``odrl:Agreement``), and ODRL agreements read back.

Each agreement with at least one provision ODRL can state becomes an ``odrl:Agreement`` whose
IRI is the agreement's; each such provision becomes a rule whose IRI is the provision's:

==================================  ===============  ==============  ============  ============
provision kind (and subclasses)     rule             action          assignee      assigner
==================================  ===============  ==============  ============  ============
right, permission, power            ``permission``   ``use``         holder        counterparty
exclusivity                         ``prohibition``  ``grantUse``    counterparty  holder
prohibition                         ``prohibition``  ``use``         counterparty  holder
revenue share, purchase commitment  ``obligation``   ``compensate``  counterparty  holder
obligation                          ``obligation``   ``use``         counterparty  holder
==================================  ===============  ==============  ============  ============

In ODRL the assignee of a duty or prohibition is the party bound, and the assignee of a
permission the party allowed to act; in alliance-kg the holder is always the party that
benefits. So OpenAI, the counterparty of the revenue share it pays Microsoft, is the duty's
assignee. The ontology records no actions: ``use`` is ODRL's most general one, and the
provision's own kind is kept as ``dcterms:type``.

The asset a provision concerns is the rule's ``odrl:target`` (several assets: an
``odrl:AssetCollection`` they are ``odrl:partOf``). ODRL constraints say when a rule is in
effect, end conditions when a provision stops, so each end condition becomes its negation: a
date condition on D becomes ``dateTime lt D``, an event condition ``event lt TYPE`` (before the
event), *any-of* (ends at whichever comes first) the ``odrl:and`` of its operands' negations,
and *all-of* (ends once all hold) their ``odrl:or``. A start date becomes ``dateTime gteq D``.

What ODRL cannot say stays as alliance-kg annotations on the rule or policy: qualifications
(``akg:subjectTo``), survival (``akg:survives``), supersession and revocation, exclusivity,
inclusions and exclusions, amounts, sources and labels. Governance provisions (who decides or
consents) have no ODRL rule, since ODRL has none for a decision right; they are kept whole,
linked from the policy by ``akg:hasProvision``. An agreement with a rule whose holder the source
does not state is an ``odrl:Set`` (an ODRL agreement's rules need both parties). Agreements with
no rule at all are left out, since an ODRL policy needs one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from alliancekg.graph.store.results import Triple
from alliancekg.graph.store.terms import to_oxigraph, to_rdflib
from alliancekg.ontology.namespaces import AKG, ODRL, PREFIXES, PRV

ODRL_FORMATS = {
    "odrl": ("turtle", "text/turtle", ".ttl"),
    "odrl-jsonld": ("json-ld", "application/ld+json", ".jsonld"),
}
ODRL_PREFIXES = {**PREFIXES, "odrl": str(ODRL)}


@dataclass(frozen=True)
class RuleKind:
    """How a kind of provision is stated in ODRL."""

    link: URIRef  # odrl:permission, odrl:prohibition or odrl:obligation
    rule_class: URIRef
    action: URIRef
    bound_is_assignee: bool  # the counterparty (the party bound) is the assignee


PERMISSION = RuleKind(ODRL.permission, ODRL.Permission, ODRL.use, False)
#: Provision classes and their rules, most specific first (a provision takes the first that fits).
RULE_KINDS: tuple[tuple[URIRef, RuleKind], ...] = (
    (AKG.Exclusivity, RuleKind(ODRL.prohibition, ODRL.Prohibition, ODRL.grantUse, True)),
    (AKG.RevenueShare, RuleKind(ODRL.obligation, ODRL.Duty, ODRL.compensate, True)),
    (AKG.PurchaseCommitment, RuleKind(ODRL.obligation, ODRL.Duty, ODRL.compensate, True)),
    (AKG.Prohibition, RuleKind(ODRL.prohibition, ODRL.Prohibition, ODRL.use, True)),
    (AKG.Obligation, RuleKind(ODRL.obligation, ODRL.Duty, ODRL.use, True)),
    (AKG.Right, PERMISSION),
    (AKG.Permission, PERMISSION),
    (AKG.Power, PERMISSION),
)
#: Provision properties the rule itself states (everything else is copied as an annotation).
TRANSLATED = frozenset({RDF.type, AKG.holder, AKG.counterparty, AKG.concerns, AKG.endsWhen, AKG.startDate,
                        AKG.provisionOf})
#: Objects described in full beside the annotation that points at them.
DESCRIBED = frozenset({AKG.monetaryValue, AKG.capacity, AKG.subjectTo})


class NotExpressible(ValueError):
    """An ODRL policy that the alliance-kg model cannot state, with the reason."""


def _superclasses(ontology: Graph, cls: URIRef) -> set[Node]:
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


def rule_kind(types: Iterable[Node], ontology: Graph) -> RuleKind | None:
    """The ODRL rule for a provision of ``types``, or None when ODRL has none (governance).

    Examples
    --------
    >>> from alliancekg.ontology import load_ontology
    >>> onto = load_ontology()
    >>> rule_kind([AKG.RightOfFirstRefusal], onto).link == ODRL.permission
    True
    >>> rule_kind([AKG.GovernanceProvision], onto) is None
    True
    """
    closure: set[Node] = set()
    for cls in types:
        if isinstance(cls, URIRef):
            closure |= _superclasses(ontology, cls)
    for cls, kind in RULE_KINDS:
        if cls in closure:
            return kind
    return None


def _copy_description(source: Graph, node: Node, target: Graph, seen: set[Node] | None = None) -> None:
    """Copy ``node``'s triples, following blank nodes (a concise bounded description)."""
    seen = set() if seen is None else seen
    if node in seen:
        return
    seen.add(node)
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        if isinstance(o, BNode) or (p in DESCRIBED and isinstance(o, URIRef)):
            _copy_description(source, o, target, seen)


def _negated(data: Graph, condition: Node, out: Graph) -> BNode:
    """A constraint (or logical constraint) that holds exactly while ``condition`` does not."""
    node = BNode()
    types = set(data.objects(condition, RDF.type))
    label = data.value(condition, RDFS.label)
    if label is not None:
        out.add((node, RDFS.comment, Literal(f"until: {label}")))
    if AKG.DateCondition in types:
        on = data.value(condition, AKG.onDate)
        out.add((node, RDF.type, ODRL.Constraint))
        out.add((node, ODRL.leftOperand, ODRL.dateTime))
        out.add((node, ODRL.operator, ODRL.lt))
        out.add((node, ODRL.rightOperand, on))
    elif AKG.EventCondition in types:
        out.add((node, RDF.type, ODRL.Constraint))
        out.add((node, ODRL.leftOperand, ODRL.event))
        out.add((node, ODRL.operator, ODRL.lt))
        out.add((node, ODRL.rightOperand, data.value(condition, AKG.eventType)))
    elif AKG.AnyOfCondition in types or AKG.AllOfCondition in types:
        operands = sorted(data.objects(condition, AKG.operand), key=str)
        head = BNode()
        Collection(out, head, [_negated(data, operand, out) for operand in operands])
        out.add((node, RDF.type, ODRL.LogicalConstraint))
        out.add((node, ODRL["and"] if AKG.AnyOfCondition in types else ODRL["or"], head))
    else:
        raise ValueError(f"condition {condition} has no type ODRL can state: {sorted(map(str, types))}")
    return node


def _members(out: Graph, things: list[Node], collection_class: URIRef) -> Node:
    """``things[0]``, or a new collection of ``collection_class`` that every thing is part of."""
    if len(things) == 1:
        return things[0]
    collection = BNode()
    out.add((collection, RDF.type, collection_class))
    for thing in things:
        out.add((thing, ODRL.partOf, collection))
    return collection


def _describe_node(data: Graph, node: Node, cls: URIRef, out: Graph) -> None:
    out.add((node, RDF.type, cls))
    for label in data.objects(node, RDFS.label):
        out.add((node, RDFS.label, label))


def _add_rule(data: Graph, provision: URIRef, kind: RuleKind, types: set[Node], out: Graph) -> None:
    holders = sorted(data.objects(provision, AKG.holder), key=str)
    counterparties = sorted(data.objects(provision, AKG.counterparty), key=str)
    assets = sorted(data.objects(provision, AKG.concerns), key=str)
    out.add((provision, RDF.type, kind.rule_class))
    out.add((provision, ODRL.action, kind.action))
    bound, benefits = (counterparties, holders) if kind.bound_is_assignee else (holders, counterparties)
    if bound:
        out.add((provision, ODRL.assignee, _members(out, bound, ODRL.PartyCollection)))
    if benefits:
        out.add((provision, ODRL.assigner, _members(out, benefits, ODRL.PartyCollection)))
    for party in holders + counterparties:
        _describe_node(data, party, ODRL.Party, out)
    if assets:
        out.add((provision, ODRL.target, _members(out, assets, ODRL.AssetCollection)))
        for asset in assets:
            _describe_node(data, asset, ODRL.Asset, out)
    for condition in sorted(data.objects(provision, AKG.endsWhen), key=str):
        out.add((provision, ODRL.constraint, _negated(data, condition, out)))
    for start in data.objects(provision, AKG.startDate):
        node = BNode()
        out.add((provision, ODRL.constraint, node))
        for p, o in ((RDF.type, ODRL.Constraint), (ODRL.leftOperand, ODRL.dateTime), (ODRL.operator, ODRL.gteq),
                     (ODRL.rightOperand, start)):
            out.add((node, p, o))
    for cls in sorted(types, key=str):
        out.add((provision, DCTERMS.type, cls))
    kept = Graph()
    for p, o in data.predicate_objects(provision):
        if p not in TRANSLATED:
            kept.add((provision, p, o))
            if isinstance(o, BNode) or (p in DESCRIBED and isinstance(o, URIRef)):
                _copy_description(data, o, kept)
    out += kept


def _parties_known(data: Graph, provision: URIRef) -> bool:
    return (provision, AKG.holder, None) in data and (provision, AKG.counterparty, None) in data


def odrl_graph(data: Graph, ontology: Graph) -> Graph:
    """The ODRL policies of the agreements in ``data`` (``ontology`` gives the provision kinds).

    An agreement whose rules all know both parties is an ``odrl:Agreement``; one with a rule
    whose holder the source leaves unstated (``akg:holderUnstated``) is an ``odrl:Set``, the
    ODRL policy that needs no parties, and that rule has no assignee or assigner.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from alliancekg.ontology import load_ontology
    >>> data = Graph().parse(format="turtle", data='''
    ... @prefix akg: <https://w3id.org/alliance-kg/ontology#> .
    ... @prefix ex: <http://example.com/> .
    ... ex:a a akg:Agreement ; akg:hasProvision ex:r .
    ... ex:r a akg:RevenueShare ; akg:holder ex:msft ; akg:counterparty ex:openai ; akg:concerns ex:revenue .
    ... ''')
    >>> out = odrl_graph(data, load_ontology())
    >>> out.value(URIRef("http://example.com/r"), ODRL.assignee)  # the party that pays
    rdflib.term.URIRef('http://example.com/openai')
    """
    out = Graph(bind_namespaces="none")
    for prefix, namespace in ODRL_PREFIXES.items():
        out.bind(prefix, namespace)
    for agreement in sorted(set(data.subjects(RDF.type, AKG.Agreement)), key=str):
        provisions = sorted(data.objects(agreement, AKG.hasProvision), key=str)
        ruled = {p: k for p in provisions if (k := rule_kind(data.objects(p, RDF.type), ontology)) is not None}
        if not ruled:
            continue
        agreed = all(_parties_known(data, p) for p in ruled)
        out.add((agreement, RDF.type, ODRL.Agreement if agreed else ODRL.Set))
        for p, o in data.predicate_objects(agreement):
            if p != RDF.type:
                out.add((agreement, p, o))
                if isinstance(o, BNode) or (p in DESCRIBED and isinstance(o, URIRef)):
                    _copy_description(data, o, out)
        for provision in provisions:
            kind = ruled.get(provision)
            if kind is None:
                _copy_description(data, provision, out)
                for condition in data.objects(provision, AKG.endsWhen):
                    _copy_description(data, condition, out)
                    for operand in data.objects(condition, AKG.operand):
                        _copy_description(data, operand, out)
                continue
            out.add((agreement, kind.link, provision))
            _add_rule(data, provision, kind, set(data.objects(provision, RDF.type)), out)
    return out


def _reading_order(graph: Graph, triple: tuple[Node, Node, Node]) -> tuple[int, str, str, str]:
    """Policies first, then rules, other named things, and blank nodes last."""
    s, p, o = triple
    types = set(graph.objects(s, RDF.type))
    rank = (0 if types & {ODRL.Agreement, ODRL.Set} else 1 if types & {ODRL.Permission, ODRL.Prohibition, ODRL.Duty}
            else 3 if isinstance(s, BNode) else 2)
    return rank, str(s), "" if p == RDF.type else str(p), str(o)


def canonical(graph: Graph) -> Graph:
    """``graph`` with its blank nodes relabelled by RDF canonicalization (in Oxigraph), so that the
    same data always gives the same file."""
    dataset = ox.Dataset(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    out = Graph(bind_namespaces="none")
    for prefix, namespace in ODRL_PREFIXES.items():
        out.bind(prefix, namespace)
    for quad in dataset:
        out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return out


def serialize_odrl(graph: Graph, fmt: str = "odrl") -> bytes:
    """``graph`` as Turtle (``odrl``, written by Oxigraph so literals keep their lexical form) or
    JSON-LD (``odrl-jsonld``, compacted with the project's prefixes and ``odrl``), blank nodes
    labelled canonically.

    Examples
    --------
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/alliance-kg/id/agr/a"), RDF.type, ODRL.Agreement))
    >>> print(serialize_odrl(g).decode().strip().splitlines()[-1])
    agr:a a odrl:Agreement .
    """
    if fmt not in ODRL_FORMATS:
        raise ValueError(f"unknown ODRL format {fmt!r}; valid: {', '.join(ODRL_FORMATS)}")
    graph = canonical(graph)
    if fmt == "odrl":
        ordered = sorted(graph, key=lambda t: _reading_order(graph, t))
        triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in ordered]
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=ODRL_PREFIXES)
    return graph.serialize(format="json-ld", context=dict(ODRL_PREFIXES), indent=1).encode("utf-8")


def generate_odrl(triples: Iterable[Triple], ontology: Graph, fmt: str = "odrl") -> bytes:
    """The ODRL policies of the agreements among ``triples``, serialized (see :func:`odrl_graph`)."""
    data = Graph()
    for triple in triples:
        data.add(triple)
    return serialize_odrl(odrl_graph(data, ontology), fmt)


def write_odrl(triples: Iterable[Triple], ontology: Graph, path: str | Path, fmt: str = "odrl") -> Path:
    """Write :func:`generate_odrl` to ``path``."""
    path = Path(path)
    path.write_bytes(generate_odrl(triples, ontology, fmt))
    return path


# -- reading ODRL back ----------------------------------------------------------------------------

_KIND_OF_RULE = {ODRL.permission: AKG.Permission, ODRL.prohibition: AKG.Prohibition,
                 ODRL.obligation: AKG.Obligation}
_POLICY_PROPERTIES = frozenset({RDF.type, ODRL.permission, ODRL.prohibition, ODRL.obligation, ODRL.uid})
_RULE_PROPERTIES = frozenset({RDF.type, ODRL.action, ODRL.assignee, ODRL.assigner, ODRL.target, ODRL.constraint})
_CONSTRAINT_PROPERTIES = frozenset({RDF.type, ODRL.leftOperand, ODRL.operator, ODRL.rightOperand, RDFS.comment})


def _condition_of(odrl: Graph, constraint: Node, out: Graph) -> BNode:
    """The end condition whose negation ``constraint`` is (see the module docstring)."""
    extra = {p for p in odrl.predicates(constraint)} - _CONSTRAINT_PROPERTIES - {ODRL["and"], ODRL["or"]}
    if extra:
        raise NotExpressible(f"constraint uses {sorted(map(str, extra))}; the model has date and event conditions only")
    node = BNode()
    for logical, cls in ((ODRL["and"], AKG.AnyOfCondition), (ODRL["or"], AKG.AllOfCondition)):
        head = odrl.value(constraint, logical)
        if head is not None:
            out.add((node, RDF.type, cls))
            for operand in Collection(odrl, head):
                out.add((node, AKG.operand, _condition_of(odrl, operand, out)))
            return node
    left, operator = odrl.value(constraint, ODRL.leftOperand), odrl.value(constraint, ODRL.operator)
    right = odrl.value(constraint, ODRL.rightOperand)
    if (left, operator) == (ODRL.dateTime, ODRL.lt) and isinstance(right, Literal) and right.datatype == XSD.date:
        out.add((node, RDF.type, AKG.DateCondition))
        out.add((node, AKG.onDate, right))
    elif (left, operator) == (ODRL.event, ODRL.lt) and isinstance(right, URIRef):
        out.add((node, RDF.type, AKG.EventCondition))
        out.add((node, AKG.eventType, right))
    else:
        raise NotExpressible(f"constraint {left} {operator} {right}: only 'dateTime lt DATE' and 'event lt TYPE' "
                             "state an end condition")
    return node


def _values(odrl: Graph, rule: Node, prop: URIRef) -> list[Node]:
    """The one value of ``prop`` on ``rule``, or the members of the collection it names."""
    values = list(odrl.objects(rule, prop))
    name = str(prop).rsplit("/", 1)[-1]
    if len(values) != 1:
        raise NotExpressible(f"a rule needs exactly one {name}; it has {len(values)}")
    if set(odrl.objects(values[0], RDF.type)) & {ODRL.PartyCollection, ODRL.AssetCollection}:
        if set(odrl.predicates(values[0])) - {RDF.type}:
            raise NotExpressible(f"the {name} is a collection with a refinement or source, which the model "
                                 "has no term for")
        members = sorted(odrl.subjects(ODRL.partOf, values[0]), key=str)
        if not members:
            raise NotExpressible(f"the {name} is a collection with no members")
        return members
    return values


def _is_annotation(prop: Node) -> bool:
    """Anything but an ODRL term: what the export writes for what ODRL cannot say, read back verbatim."""
    return not str(prop).startswith(str(ODRL))


def _copy_annotations(odrl: Graph, node: Node, subject: Node, skip: frozenset[URIRef], out: Graph) -> None:
    extra = {p for p in odrl.predicates(node) if p not in skip and not _is_annotation(p)}
    if extra:
        raise NotExpressible(f"{sorted(map(str, extra))}: the model has no term for these")
    for p, o in odrl.predicate_objects(node):
        if p not in skip:
            out.add((subject, RDF.type if p == DCTERMS.type else p, o))
            if isinstance(o, BNode):
                _copy_description(odrl, o, out)


def _read_rule(odrl: Graph, rule: Node, link: URIRef, agreement: URIRef, out: Graph) -> URIRef:
    provision = rule if isinstance(rule, URIRef) else PRV[f"odrl-{rule}"]
    _copy_annotations(odrl, rule, provision, _RULE_PROPERTIES, out)
    assignees, assigners = _values(odrl, rule, ODRL.assignee), _values(odrl, rule, ODRL.assigner)
    holders, counterparties = (assignees, assigners) if link == ODRL.permission else (assigners, assignees)
    out.add((agreement, AKG.hasProvision, provision))
    if (rule, DCTERMS.type, None) not in odrl:
        out.add((provision, RDF.type, _KIND_OF_RULE[link]))
    for prop, values in ((AKG.holder, holders), (AKG.counterparty, counterparties),
                         (AKG.concerns, _values(odrl, rule, ODRL.target))):
        for value in values:
            out.add((provision, prop, value))
    for party in holders + counterparties:
        out.add((agreement, AKG.party, party))
    for constraint in odrl.objects(rule, ODRL.constraint):
        out.add((provision, AKG.endsWhen, _condition_of(odrl, constraint, out)))
    return provision


def read_odrl_agreement(odrl: Graph, policy: URIRef) -> Graph:
    """The alliance-kg description of ODRL agreement ``policy``, or :class:`NotExpressible`.

    Rules become provisions of the basic kinds (permission, prohibition, obligation) with
    holder and counterparty read by rule type, the target as the asset and constraints as end
    conditions. The model records no actions, so the action is not kept.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix odrl: <http://www.w3.org/ns/odrl/2/> .
    ... <http://example.com/p> a odrl:Agreement ; odrl:obligation <http://example.com/d> .
    ... <http://example.com/d> odrl:action odrl:compensate ; odrl:target <http://example.com/fee> ;
    ...     odrl:assignee <http://example.com/payer> ; odrl:assigner <http://example.com/payee> .
    ... ''')
    >>> akg = read_odrl_agreement(g, URIRef("http://example.com/p"))
    >>> akg.value(URIRef("http://example.com/d"), AKG.counterparty)
    rdflib.term.URIRef('http://example.com/payer')
    """
    kinds = set(odrl.objects(policy, RDF.type))
    if ODRL.Agreement not in kinds:
        names = ", ".join(sorted(str(k).rsplit("/", 1)[-1] for k in kinds))
        raise NotExpressible(f"{policy} is an {names}, not an agreement: the model records agreements between "
                             "parties, with every rule's assigner and assignee known")
    out = Graph()
    try:
        _copy_annotations(odrl, policy, policy, _POLICY_PROPERTIES, out)
    except NotExpressible as exc:
        raise NotExpressible(f"{policy}: {exc}") from None
    out.add((policy, RDF.type, AKG.Agreement))
    for link in _KIND_OF_RULE:
        for rule in odrl.objects(policy, link):
            if isinstance(rule, URIRef) and (rule, ODRL.action, None) not in odrl:
                raise NotExpressible(f"{policy} names the action {rule} as a rule (the compact form without "
                                     "parties or target)")
            try:
                _read_rule(odrl, rule, link, policy, out)
            except NotExpressible as exc:
                raise NotExpressible(f"{policy}: {exc}") from None
    return out


__all__ = [
    "ODRL_FORMATS", "RULE_KINDS", "NotExpressible", "RuleKind", "generate_odrl", "odrl_graph",
    "read_odrl_agreement", "rule_kind", "serialize_odrl", "write_odrl",
]
