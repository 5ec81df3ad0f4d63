"""One canonical node per organization: resolving names (and LEIs) read from datasets.

Every dataset names organizations its own way ("Amazon/AWS", "Alphabet", "MICROSOFT CORPORATION").
:class:`Resolver` maps each name to one node of the graph, in this order:

1. an identifier (an LEI) already recorded on a node;
2. the exact label, alias or former name of a node (case and spacing ignored);
3. the *normalized* name (punctuation, accents and legal suffixes such as Inc., Ltd. or Group
   dropped) of a node's label or aliases;
4. for a name of alternatives such as ``Amazon/AWS``: its parts, when they all point to one node.

A name that matches several different nodes at the first tier that matches is **ambiguous**:
it is never merged into one of them. It gets its own node, labelled with the name as written
and linked by ``akg:candidateMatch`` to the candidates, and it is listed in the report, until a
curator adds an alias. A name that matches nothing gets a new node (``ent:<slug>``), reused by
every later mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from alliancekg.ontology.namespaces import AKG, ENT

#: Words dropped when normalizing a name: legal forms and filler that datasets add or leave out.
LEGAL_WORDS = frozenset({
    "the", "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc",
    "pbc", "gmbh", "sa", "ag", "nv", "bv", "lp", "llp", "srl", "sarl", "pte", "pty", "holdings", "group",
})

#: Classes whose instances are organizations (the ontology's subclasses of akg:Organization).
ORGANIZATION_CLASSES = (AKG.Organization, AKG.CorporateGroup, AKG.ExpertPanel, AKG.GovernmentBody)

_ALTERNATIVES = re.compile(r"\s*/\s*")


def exact_key(name: str) -> str:
    """Case- and space-insensitive form of a name.

    Examples
    --------
    >>> exact_key("  OpenAI   Group PBC ")
    'openai group pbc'
    """
    return " ".join(name.split()).casefold()


def normalize(name: str) -> str:
    """Name without accents, punctuation or legal-form words, for fuzzy-but-safe matching.

    Examples
    --------
    >>> normalize("The Walt Disney Company")
    'waltdisney'
    >>> normalize("SoftBank Group Corp.") == normalize("SOFTBANK")
    True
    >>> normalize("Character.AI")
    'characterai'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().replace("&", " and ")
    tokens = re.findall(r"[0-9a-z]+", text)
    kept = [t for t in tokens if t not in LEGAL_WORDS]
    return "".join(kept or tokens)


def slugify(text: str, max_length: int = 80) -> str:
    """Lower-case ASCII slug for IRIs.

    Examples
    --------
    >>> slugify("SoftBank Group / SoftBank Corp.")
    'softbank-group-softbank-corp'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    slug = re.sub(r"[^0-9a-z]+", "-", text).strip("-")
    return slug[:max_length].rstrip("-") or "x"


@dataclass(frozen=True)
class Match:
    """How one name was resolved: ``how`` is lei, label, normalized, parts, new or ambiguous."""

    name: str
    iri: URIRef
    how: str
    candidates: tuple[URIRef, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """True when the name matched several organizations and got a node of its own."""
        return self.how == "ambiguous"


@dataclass
class NameIndex:
    """Labels, aliases and identifiers of the organizations known so far."""

    exact: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    normal: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    leis: dict[str, URIRef] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)

    def add(self, iri: URIRef, names: Iterable[str], *, label: str | None = None, lei: str | None = None) -> None:
        """Record ``names`` (label, aliases, former names) and an optional LEI for ``iri``."""
        for name in names:
            if not name or not name.strip():
                continue
            self.exact[exact_key(name)].add(iri)
            if normalize(name):
                self.normal[normalize(name)].add(iri)
        if label and iri not in self.labels:
            self.labels[iri] = label
        if lei:
            self.leis[lei.strip().upper()] = iri

    @classmethod
    def from_graph(cls, graph: Graph) -> NameIndex:
        """Index every organization of ``graph`` by label, alias, former name and LEI."""
        index = cls()
        organizations = {s for c in ORGANIZATION_CLASSES for s in graph.subjects(RDF.type, c)}
        for org in sorted(organizations):
            if not isinstance(org, URIRef):
                continue
            names = [str(o) for p in (RDFS.label, AKG.alias, AKG.formerName) for o in graph.objects(org, p)]
            label = graph.value(org, RDFS.label)
            lei = graph.value(org, AKG.lei)
            index.add(org, names, label=str(label) if label else None, lei=str(lei) if lei else None)
        return index

    def lookup(self, name: str) -> tuple[str, set[URIRef]]:
        """The first tier that matches ``name`` and its nodes (empty set when none)."""
        hits = self.exact.get(exact_key(name))
        if hits:
            return "label", set(hits)
        hits = self.normal.get(normalize(name)) if normalize(name) else None
        if hits:
            return "normalized", set(hits)
        return "new", set()


class Resolver:
    """Resolve organization names to canonical nodes, minting nodes for new and ambiguous names.

    Examples
    --------
    >>> r = Resolver(NameIndex())
    >>> r.index.add(ENT.google, ["Google"], label="Google")
    >>> r.index.add(ENT.alphabet, ["Alphabet"], label="Alphabet")
    >>> r.resolve("GOOGLE").iri == ENT.google
    True
    >>> r.resolve("Google/Alphabet").how
    'ambiguous'
    >>> r.resolve("Groq Inc.").iri
    rdflib.term.URIRef('https://w3id.org/alliance-kg/id/ent/groq-inc')
    >>> r.resolve("Groq").how  # the minted node is found again
    'normalized'
    """

    def __init__(self, index: NameIndex | None = None) -> None:
        self.index = index or NameIndex()
        self.graph = Graph()  # triples describing minted nodes
        self._pending = Graph()  # the part of self.graph not yet handed out by take()
        self.matches: dict[str, Match] = {}
        self._minted: set[URIRef] = set()

    # -- resolving -------------------------------------------------------------------
    def resolve(self, name: str, *, lei: str | None = None, sources: Iterable[URIRef] = (),
                mint: bool = True) -> Match | None:
        """Resolve ``name`` (or ``lei``) to one node; record the result for the report.

        With ``mint=False`` an unknown name gives ``None`` instead of a new node.
        """
        name = " ".join(name.split())
        sources = list(sources)
        if lei and lei.strip().upper() in self.index.leis:
            match = Match(name, self.index.leis[lei.strip().upper()], "lei")
        else:
            match = self._resolve_name(name, mint=mint, lei=lei)
            if match is None:
                return None
        if match.iri in self._minted:
            for source in sources:
                self._add((match.iri, PROV.wasDerivedFrom, source))
        self.matches.setdefault(name, match)
        return match

    def _resolve_name(self, name: str, *, mint: bool, lei: str | None) -> Match | None:
        how, hits = self.index.lookup(name)
        if len(hits) == 1:
            return Match(name, next(iter(hits)), how)
        if len(hits) > 1:
            return self._ambiguous(name, hits) if mint else None
        parts = [p for p in _ALTERNATIVES.split(name) if p]
        if len(parts) > 1:
            found: set[URIRef] = set()
            for part in parts:
                _, part_hits = self.index.lookup(part)
                found |= part_hits
            if len(found) == 1:
                return Match(name, next(iter(found)), "parts")
            if len(found) > 1:
                return self._ambiguous(name, found) if mint else None
        if not mint:
            return None
        iri = self._new_iri(name, lei)
        self._add((iri, RDF.type, AKG.Organization))
        self._add((iri, RDFS.label, Literal(name)))
        if lei:
            self._add((iri, AKG.lei, Literal(lei.strip().upper())))
        self.index.add(iri, [name], label=name, lei=lei)
        self._minted.add(iri)
        return Match(name, iri, "new")

    def _ambiguous(self, name: str, candidates: set[URIRef]) -> Match:
        ordered = tuple(sorted(candidates))
        iri = self._new_iri(name)
        self._add((iri, RDF.type, AKG.Organization))
        self._add((iri, RDFS.label, Literal(name)))
        for candidate in ordered:
            self._add((iri, AKG.candidateMatch, candidate))
        self._add((iri, SKOS.scopeNote, Literal(
            "This name matches several organizations; it is kept apart until a curator adds it as an alias.")))
        self.index.exact[exact_key(name)] = {iri}  # later mentions of the same name reuse this node
        self._minted.add(iri)
        return Match(name, iri, "ambiguous", ordered)

    def _add(self, triple: tuple) -> None:
        if triple not in self.graph:
            self.graph.add(triple)
            self._pending.add(triple)

    def take(self) -> Graph:
        """The triples about minted nodes added since the last call (so each file gets its own share)."""
        taken, self._pending = self._pending, Graph()
        return taken

    def _new_iri(self, name: str, lei: str | None = None) -> URIRef:
        base = slugify(name)
        if base == "x" and lei:
            base = "lei-" + slugify(lei)
        iri, n = ENT[base], 2
        while iri in self.index.labels or iri in self._minted:
            iri, n = ENT[f"{base}-{n}"], n + 1
        return iri

    def mentions(self, text: str, *, exclude: Iterable[URIRef] = ()) -> list[URIRef]:
        """Known organizations whose label or alias occurs in ``text`` as whole words (never mints).

        Names shorter than three characters and names that match several nodes are ignored.

        Examples
        --------
        >>> r = Resolver(NameIndex())
        >>> r.index.add(ENT.microsoft, ["Microsoft"])
        >>> r.index.add(ENT.nvidia, ["Nvidia"])
        >>> [str(i).rsplit("/", 1)[1] for i in r.mentions("Microsoft/Nvidia round")]
        ['microsoft', 'nvidia']
        """
        excluded = set(exclude)
        folded = exact_key(text)
        found: list[URIRef] = []
        for key, hits in self.index.exact.items():
            if len(key) < 3 or len(hits) != 1:
                continue
            iri = next(iter(hits))
            if iri in excluded or iri in found:
                continue
            if re.search(r"(?<![0-9a-z])" + re.escape(key) + r"(?![0-9a-z])", folded):
                found.append(iri)
        return sorted(found)

    # -- reporting -------------------------------------------------------------------
    def ambiguous(self) -> list[Match]:
        """Names that matched several organizations."""
        return [m for m in self.matches.values() if m.ambiguous]

    def new(self) -> list[Match]:
        """Names that matched nothing and got a new node."""
        return [m for m in self.matches.values() if m.how == "new"]


__all__ = ["LEGAL_WORDS", "Match", "NameIndex", "Resolver", "exact_key", "normalize", "slugify"]
