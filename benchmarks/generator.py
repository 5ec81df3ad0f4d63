"""A generator of alliance-shaped graphs of any size, streamed to N-Quads with bounded memory.

The graph has the shape of the project's data: organizations (with assets, legal forms, LEIs,
subsidiaries) whose participation in agreements follows a power law (organization ``i`` is
drawn with weight ``1 / (i + 1) ** alpha``, so a few hubs take part in most deals); agreements
with 2–4 parties, party roles, dates, a status, deal types, amounts and sources; 1–5
provisions per agreement of the ontology's kinds, with holders, counterparties, assets,
exclusions, qualifications and end conditions (a date, an event, any-of or all-of);
supersessions, revocations and amendments of earlier agreements; equity stakes replacing
earlier stakes; event types with who declares and verifies them; claims and conflicts of
sources; and optionally a scenario graph of events. The ontology is written too (graph
``.../graph/ontology``), so that the catalog queries find the class hierarchy.

Output is deterministic for a seed. Memory is bounded by the number of organizations (a few
per thousand triples) and a fixed window of recent agreements, never by the output size.
At small sizes the data conforms to the SHACL shapes (``tests/benchmarks`` checks it).

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "tiny.nq"
>>> info = generate(out, 3_000, seed=1)
>>> info.triples >= 3_000, info.counts["agreements"] > 5
(True, True)
"""

from __future__ import annotations

import bisect
import json
import random
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from alliancekg.ontology import ALIGNMENTS_FILE, ONTOLOGY_FILE
from alliancekg.ontology.namespaces import BASE, PREFIXES
from benchmarks.nquads import QuadWriter, boolean, date, decimal, iri, literal

#: Bump when the generated data changes shape, so cached files are regenerated.
GENERATOR_VERSION = 6

AKG = PREFIXES["akg"]
RDF_TYPE = iri(PREFIXES["rdf"] + "type")
LABEL = iri(PREFIXES["rdfs"] + "label")
DERIVED = iri(PREFIXES["prov"] + "wasDerivedFrom")
ID = BASE + "id/"
EVENT_TYPE_BASE = ID + "evt/type/"

ONTOLOGY_GRAPH = BASE + "graph/ontology"
ORGANIZATIONS_GRAPH = BASE + "graph/bench/organizations"
DEALS_GRAPH = BASE + "graph/bench/deals"
SCENARIO_GRAPH = BASE + "scenario/bench"


def akg(name: str) -> str:
    """The vocabulary term ``akg:name`` as an IRI term."""
    return f"<{AKG}{name}>"


PROVISION_KINDS = [
    ("Right", 18), ("Obligation", 8), ("Prohibition", 6), ("Power", 4), ("Permission", 14),
    ("GovernanceProvision", 6), ("Exclusivity", 12), ("RightOfFirstRefusal", 5), ("PurchaseCommitment", 10),
    ("RevenueShare", 6),
]
DEAL_TYPES = ["EquityInvestment", "ComputePurchase", "ChipSupply", "CloudCommitment", "Licensing", "AcquiHire",
              "JointVenture", "Distribution", "Partnership"]
STATUSES = [("Definitive", 40), ("Announced", 25), ("Completed", 15), ("MemorandumOfUnderstanding", 8),
            ("LetterOfIntent", 5), ("Reported", 7)]
ROLE_TYPES = ["InvestorRole", "InvesteeRole", "BuyerRole", "SupplierRole", "LicensorRole", "LicenseeRole",
              "PartnerRole"]
LEGAL_FORMS = ["Corporation", "LimitedLiabilityCompany", "PublicBenefitCorporation", "Nonprofit"]
BASES = ["AsConvertedDiluted", "FullyDiluted", "UnstatedBasis"]
JURISDICTIONS = ["US", "US-CA", "US-WA", "GB", "FR", "DE", "CN", "JP", "KR", "CA", "AE", "IN"]
CURRENCIES = ["USD", "USD", "USD", "EUR", "GBP", "JPY"]
ASSET_KINDS = [("ip", "IntellectualProperty", "intellectual property"), ("models", "Product", "models"),
               ("api", "Product", "API products"), ("cloud", "Service", "cloud services"),
               ("research-ip", "IntellectualProperty", "research IP"), ("weights", "IntellectualProperty",
                                                                        "model weights")]
NAME_HEADS = ["Helix", "Nova", "Quanta", "Aurora", "Vector", "Lumen", "Cobalt", "Orbit", "Sierra", "Atlas",
              "Zenith", "Pioneer", "Cascade", "Nimbus", "Vertex", "Société", "Zürich", "Ñandú", "Kōgen", "北辰"]
NAME_TAILS = ["AI", "Labs", "Compute", "Systems", "Robotics", "Cloud", "Semiconductors", "Research", "Networks",
              "Dynamics"]
DAY_SPAN = 365 * 20  # deals run from 2010 to 2030
START_ORDINAL = 733773  # 2010-01-01


@dataclass
class GeneratedGraph:
    """What was generated: the file, its size, counts of things, and parameters for the catalog queries."""

    path: str
    target: int
    seed: int
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    version: int = GENERATOR_VERSION

    def save(self, path: Path) -> None:
        """Write this description as JSON."""
        Path(path).write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> GeneratedGraph:
        """Read a description written by :meth:`save`."""
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))


def day(offset: int) -> str:
    """The ISO date ``offset`` days after 2010-01-01."""
    import datetime as dt

    return dt.date.fromordinal(START_ORDINAL + offset).isoformat()


class _Generator:
    """Writes the graph; one instance per output file."""

    def __init__(self, writer: QuadWriter, target: int, seed: int, alpha: float, scenario: bool) -> None:
        self.w = writer
        self.with_scenario = scenario
        self.target = target
        self.rng = random.Random(seed)
        self.n_orgs = max(40, target // 150)
        weights = [1.0 / (i + 1) ** alpha for i in range(self.n_orgs)]
        self.cumulative = [0.0] * self.n_orgs
        running = 0.0
        for i, weight in enumerate(weights):
            running += weight
            self.cumulative[i] = running
        self.expected_deals = max(1, target // 95)
        self.recent: deque[tuple[str, list[str], int]] = deque(maxlen=2_000)
        self.sources: deque[str] = deque(maxlen=8)
        self.agreement_changed = False
        self.last_stake: dict[tuple[int, int], str] = {}
        self.event_types: list[str] = []
        self.counts = {"organizations": 0, "agreements": 0, "provisions": 0, "conditions": 0, "stakes": 0,
                       "amounts": 0, "conflicts": 0, "events": 0, "sources": 0}
        self.sample = min(10, self.n_orgs - 1)
        self.params: dict[str, str] = {}
        self.blank = 0

    # -- helpers ---------------------------------------------------------------------------
    def org(self, index: int) -> str:
        return iri(f"{ID}ent/org-{index:06d}")

    def asset(self, index: int, kind: str) -> str:
        return iri(f"{ID}ast/org-{index:06d}-{kind}")

    def pick_org(self) -> int:
        return bisect.bisect_left(self.cumulative, self.rng.random() * self.cumulative[-1])

    def pick_parties(self, count: int) -> list[int]:
        chosen: list[int] = []
        while len(chosen) < count:
            candidate = self.pick_org()
            if candidate not in chosen:
                chosen.append(candidate)
        return chosen

    def weighted(self, options: list[tuple[str, int]]) -> str:
        return self.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]

    def fresh_blank(self) -> str:
        self.blank += 1
        return f"_:b{self.blank}"

    def cite(self, subject: str, count: int | None = None) -> None:
        count = count or self.rng.randint(1, 2)
        for source in self.rng.sample(self.sources, min(count, len(self.sources))):
            self.w.add(subject, DERIVED, source)

    def name(self, index: int) -> str:
        head = NAME_HEADS[index % len(NAME_HEADS)]
        tail = NAME_TAILS[(index // len(NAME_HEADS)) % len(NAME_TAILS)]
        return f"{head} {tail} {index}"

    # -- parts of the graph ------------------------------------------------------------------
    def ontology(self) -> None:
        quads = []
        blanks: dict[ox.BlankNode, ox.BlankNode] = {}

        def stable(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
            # The parser names blank nodes at random; number them in order for a reproducible file.
            if isinstance(term, ox.BlankNode):
                return blanks.setdefault(term, ox.BlankNode(f"ontology{len(blanks)}"))
            return term

        graph = ox.NamedNode(ONTOLOGY_GRAPH)
        for path in (ONTOLOGY_FILE, ALIGNMENTS_FILE):
            quads += [ox.Quad(stable(t.subject), t.predicate, stable(t.object), graph)
                      for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
        self.w.write_raw(text, len(quads))

    def organizations(self) -> None:
        self.w.use_graph(ORGANIZATIONS_GRAPH)
        w, rng = self.w, self.rng
        self.new_sources(4, 0)
        for index in range(self.n_orgs):
            org = self.org(index)
            w.add(org, RDF_TYPE, akg("Organization"))
            w.add(org, LABEL, literal(self.name(index)))
            w.add(org, akg("legalForm"), akg(rng.choice(LEGAL_FORMS)))
            w.add(org, akg("jurisdiction"), literal(rng.choice(JURISDICTIONS)))
            if rng.random() < 0.6:
                lei = "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=18)) + f"{rng.randint(0, 99):02d}"
                w.add(org, akg("lei"), literal(lei))
            if rng.random() < 0.5:
                w.add(org, akg("wikidataId"), literal(f"Q{rng.randint(1, 10**8)}"))
            if rng.random() < 0.3:
                w.add(org, akg("alias"), literal(f"{self.name(index).upper()} Inc."))
            if index > 20 and rng.random() < 0.08:
                parent = self.org(rng.randrange(0, min(index, 200)))
                w.add(org, akg("subsidiaryOf"), parent)
                if rng.random() < 0.5:
                    w.add(parent, akg("controls"), org)
            for kind, cls, what in ASSET_KINDS:
                asset = self.asset(index, kind)
                w.add(asset, RDF_TYPE, akg(cls))
                w.add(asset, LABEL, literal(f"{self.name(index)} {what}"))
                w.add(asset, akg("ownedBy"), org)
            w.add(self.asset(index, "ip"), akg("hasPart"), self.asset(index, "research-ip"))
            w.add(self.asset(index, "ip"), akg("hasPart"), self.asset(index, "weights"))
            self.counts["organizations"] += 1
        for name, label in (("agi-pursuit", "pursuing AGI"), ("agi-declaration", "declaring that AGI was reached")):
            w.add(iri(f"{ID}ast/{name}"), RDF_TYPE, akg("Activity"))
            w.add(iri(f"{ID}ast/{name}"), LABEL, literal(label))

    def event_type_nodes(self) -> None:
        """Event types of the biggest organizations: IPO, change of control and its verification."""
        w = self.w
        w.use_graph(ORGANIZATIONS_GRAPH)
        for index in range(min(30, self.n_orgs)):
            ipo = iri(f"{EVENT_TYPE_BASE}ipo-org-{index:06d}")
            change = iri(f"{EVENT_TYPE_BASE}change-of-control-org-{index:06d}")
            audit = iri(f"{EVENT_TYPE_BASE}change-of-control-confirmed-org-{index:06d}")
            for node, label in ((ipo, "IPO of"), (change, "change of control of"),
                                (audit, "confirmed change of control of")):
                w.add(node, RDF_TYPE, akg("EventType"))
                w.add(node, LABEL, literal(f"{label} {self.name(index)}"))
                self.event_types.append(node)
            w.add(ipo, akg("declaredBy"), self.org(index))
            w.add(change, akg("declaredBy"), self.org(index))
            w.add(audit, akg("verifies"), change)
            w.add(change, akg("verifiedBy"), self.org((index + 1) % self.n_orgs))
        self.event_types += [akg("AGIDeclared"), akg("AGIVerified")]

    def new_sources(self, count: int, offset: int) -> None:
        for _ in range(count):
            n = self.counts["sources"]
            source = iri(f"https://news{n % 97}.example.org/{day(offset)[:4]}/{n}")
            self.w.add(source, RDF_TYPE, akg("Source"))
            # Publishers are nodes and publication dates typed, as in the bundled data.
            publisher = iri(f"https://w3id.org/alliance-kg/id/pub/news{n % 97}.example.org")
            if n < 97:
                self.w.add(publisher, RDF_TYPE, akg("Publisher"))
                self.w.add(publisher, LABEL, literal(f"News {n % 97}"))
                self.w.add(publisher, akg("webDomain"), literal(f"news{n % 97}.example.org"))
            self.w.add(source, akg("publisher"), publisher)
            self.w.add(source, akg("publishedOn"), date(day(offset)))
            self.sources.append(source)
            self.counts["sources"] += 1

    def amount(self, node: str, value: str, kind: str) -> None:
        w = self.w
        w.add(node, RDF_TYPE, akg("MonetaryAmount"))
        w.add(node, akg("amount"), decimal(value))
        w.add(node, akg("currency"), literal(self.rng.choice(CURRENCIES)))
        w.add(node, akg("amountKind"), akg(kind))
        if self.rng.random() < 0.3:
            w.add(node, akg("isApproximate"), boolean(True))
        self.counts["amounts"] += 1

    def flow(self, via: str, flow: str, amount: str, payer: str, payee: str, kind: str) -> None:
        """Write the flow ``via`` states: ``payer`` pays ``amount`` to ``payee``."""
        w = self.w
        w.add(via, akg("hasFlow"), flow)
        w.add(flow, RDF_TYPE, akg("Flow"))
        w.add(flow, akg("payer"), payer)
        w.add(flow, akg("payee"), payee)
        w.add(flow, akg("flowKind"), akg(kind))
        w.add(flow, akg("flowAmount"), amount)
        w.add(flow, akg("bindingStatus"), akg("BindingDefinitive"))
        self.cite(flow)

    def condition(self, base: str, offset: int, kind: str) -> str:
        """Write an end condition of ``kind`` (date, event, any-of, all-of) and return its node."""
        w, rng = self.w, self.rng
        self.counts["conditions"] += 1
        if kind == "date":
            node = iri(f"{base}-end")
            w.add(node, RDF_TYPE, akg("DateCondition"))
            w.add(node, akg("onDate"), date(day(min(offset + rng.randint(365, 365 * 8), DAY_SPAN + 3650))))
            return node
        if kind == "event":
            node = iri(f"{base}-event")
            w.add(node, RDF_TYPE, akg("EventCondition"))
            w.add(node, akg("eventType"), rng.choice(self.event_types))
            return node
        node = self.fresh_blank() if rng.random() < 0.5 else iri(f"{base}-{kind}")
        w.add(node, RDF_TYPE, akg("AnyOfCondition" if kind == "any-of" else "AllOfCondition"))
        w.add(node, LABEL, literal(f"{'whichever comes first' if kind == 'any-of' else 'once both hold'}"))
        w.add(node, akg("operand"), self.condition(base + "-a", offset, "date"))
        w.add(node, akg("operand"), self.condition(base + "-b", offset, "event"))
        return node

    def provision(self, agreement: str, deal: int, number: int, parties: list[int], offset: int,
                  kind: str | None = None, holder: int | None = None, counterparty: int | None = None) -> str:
        w, rng = self.w, self.rng
        kind = kind or self.weighted(PROVISION_KINDS)
        holder = parties[0] if holder is None else holder
        counterparty = parties[1] if counterparty is None else counterparty
        node = iri(f"{ID}prv/deal-{deal:07d}-{number}")
        w.add(agreement, akg("hasProvision"), node)
        w.add(node, RDF_TYPE, akg(kind))
        label = f"{kind} {number} of deal {deal}: {self.name(holder)} over {self.name(counterparty)}"
        w.add(node, LABEL, literal(label))
        w.add(node, akg("holder"), self.org(holder))
        w.add(node, akg("counterparty"), self.org(counterparty))
        asset_kind = rng.choice(ASSET_KINDS)[0]
        w.add(node, akg("concerns"), self.asset(counterparty, asset_kind))
        if asset_kind == "ip" and rng.random() < 0.4:
            w.add(node, akg("excludes"), self.asset(counterparty, "weights"))
            if holder == self.sample or "provision" not in self.params:
                self.params["provision"] = node[1:-1]
        if rng.random() < 0.15:
            w.add(node, akg("startDate"), date(day(offset + rng.randint(0, 200))))
        end = self.weighted([("none", 30), ("date", 30), ("event", 20), ("any-of", 15), ("all-of", 5)])
        if end != "none":
            w.add(node, akg("endsWhen"), self.condition(f"{ID}cnd/deal-{deal:07d}-{number}", offset, end))
        if rng.random() < 0.2:
            qualification = self.fresh_blank()
            w.add(node, akg("subjectTo"), qualification)
            w.add(qualification, RDF_TYPE, akg("Qualification"))
            w.add(qualification, akg("text"), literal("subject to \"appropriate\" safety guardrails\n(not disclosed)"))
        if rng.random() < 0.05:
            w.add(node, akg("survives"), akg("AGIVerified"))
        if kind == "PurchaseCommitment":
            amount = iri(f"{ID}amt/deal-{deal:07d}-{number}")
            w.add(node, akg("monetaryValue"), amount)
            self.amount(amount, f"{rng.randint(1, 500)}000000", "CommittedAmount")
            self.flow(node, iri(f"{ID}flw/deal-{deal:07d}-{number}"), amount, self.org(counterparty), self.org(holder),
                      "ComputePurchaseFlow")
        self.cite(node)
        self.counts["provisions"] += 1
        return node

    def agi_pair(self, agreement: str, deal: int, parties: list[int], offset: int) -> list[str]:
        """A permission to pursue AGI constrained by a prohibition that ends when AGI is declared."""
        permission = self.provision(agreement, deal, 1, parties, offset, "Permission", parties[0], parties[1])
        constraint = self.provision(agreement, deal, 2, parties, offset, "Prohibition", parties[1], parties[0])
        self.w.add(permission, akg("concerns"), iri(f"{ID}ast/agi-pursuit"))
        self.w.add(constraint, akg("concerns"), iri(f"{ID}ast/agi-pursuit"))
        self.w.add(permission, akg("constrainedBy"), constraint)
        return [permission, constraint]

    def stake(self, deal: int, agreement: str, owner: int, issuer: int, offset: int) -> str:
        w, rng = self.w, self.rng
        node = iri(f"{ID}stk/deal-{deal:07d}")
        w.add(node, RDF_TYPE, akg("EquityStake"))
        w.add(node, LABEL, literal(f"stake of {self.name(owner)} in {self.name(issuer)}"))
        w.add(node, akg("owner"), self.org(owner))
        w.add(node, akg("issuer"), self.org(issuer))
        w.add(node, akg("percent"), decimal(f"{rng.randint(1, 499) / 10:.1f}"))
        w.add(node, akg("basis"), akg(rng.choice(BASES)))
        w.add(node, akg("asOf"), date(day(offset)))
        w.add(node, akg("establishedBy"), agreement)
        previous = self.last_stake.get((owner, issuer))
        if previous:
            w.add(node, akg("supersedes"), previous)
        self.last_stake[(owner, issuer)] = node
        valuation = iri(f"{ID}amt/deal-{deal:07d}-valuation")
        w.add(node, akg("valuation"), valuation)
        self.amount(valuation, f"{rng.randint(1, 900)}00000000", "ValuationAmount")
        self.cite(node)
        self.counts["stakes"] += 1
        if owner == self.sample or "owner" not in self.params:
            self.params["owner"], self.params["issuer"] = self.org(owner)[1:-1], self.org(issuer)[1:-1]
        return node

    def conflict(self, deal: int, subject: str) -> None:
        w = self.w
        node = iri(f"{ID}cfl/deal-{deal:07d}")
        w.add(node, RDF_TYPE, akg("Conflict"))
        w.add(node, LABEL, literal(f"sources disagree about deal {deal}"))
        w.add(node, akg("about"), subject)
        w.add(node, akg("resolution"), literal("Open: the sources disagree."))
        for letter, value in (("a", "20"), ("b", "25")):
            claim = iri(f"{ID}clm/deal-{deal:07d}-{letter}")
            w.add(node, akg("claim"), claim)
            w.add(claim, RDF_TYPE, akg("Claim"))
            w.add(claim, LABEL, literal(f"the figure is {value}"))
            w.add(claim, akg("about"), subject)
            w.add(claim, akg("claimedValue"), literal(value))
            self.cite(claim, 1)
        w.add(node, akg("preferredClaim"), iri(f"{ID}clm/deal-{deal:07d}-a"))
        self.counts["conflicts"] += 1
        current = self.params.get("subject")
        if current is None or (subject.startswith(f"<{ID}stk/") and not current.startswith(f"{ID}stk/")):
            self.params["subject"] = subject[1:-1]

    def supersede(self, agreement: str, provisions: list[str], offset: int) -> bool:
        """Make the new agreement replace, revoke or amend something of an earlier one."""
        if not self.recent:
            return False
        w, rng = self.w, self.rng
        old_agreement, old_provisions, old_offset = rng.choice(self.recent)
        if old_offset >= offset:
            return False
        choice = rng.random()
        if choice < 0.35:
            w.add(agreement, akg("supersedes"), old_agreement)
        elif choice < 0.6 and old_provisions:
            w.add(agreement, akg("revokes"), rng.choice(old_provisions))
        elif choice < 0.85 and old_provisions and provisions:
            w.add(provisions[0], akg("supersedes"), rng.choice(old_provisions))
        else:
            w.add(agreement, akg("amends"), old_agreement)
        return True

    def deal(self, number: int) -> None:
        w, rng = self.w, self.rng
        w.use_graph(DEALS_GRAPH)
        offset = min(DAY_SPAN, int(number * DAY_SPAN / self.expected_deals) + rng.randint(0, 30))
        size = self.weighted([("2", 70), ("3", 20), ("4", 10)])
        parties = self.pick_parties(int(size))
        agreement = iri(f"{ID}agr/deal-{number:07d}")
        self.new_sources(2, offset)
        w.add(agreement, RDF_TYPE, akg("Agreement"))
        w.add(agreement, LABEL, literal(f"{' – '.join(self.name(p) for p in parties)} agreement {number}"))
        for party in parties:
            w.add(agreement, akg("party"), self.org(party))
        for k, party in enumerate(parties):
            role = iri(f"{ID}rol/deal-{number:07d}-{k}")
            w.add(agreement, akg("hasPartyRole"), role)
            w.add(role, RDF_TYPE, akg("PartyRole"))
            w.add(role, akg("playedBy"), self.org(party))
            w.add(role, akg("roleType"), akg(rng.choice(ROLE_TYPES)))
        w.add(agreement, akg("effectiveDate"), date(day(offset)))
        if rng.random() < 0.7:
            w.add(agreement, akg("announcedDate"), date(day(max(0, offset - rng.randint(0, 20)))))
        w.add(agreement, akg("status"), akg(self.weighted(STATUSES)))
        deal_types = rng.sample(DEAL_TYPES, rng.randint(1, 3))
        for deal_type in deal_types:
            w.add(agreement, akg("dealType"), akg(deal_type))
        w.add(agreement, akg("confidence"), literal(rng.choice(["high", "medium"])))
        self.cite(agreement, rng.randint(1, 3))
        if rng.random() < 0.6:
            amount = iri(f"{ID}amt/deal-{number:07d}")
            w.add(agreement, akg("monetaryValue"), amount)
            self.amount(amount, f"{rng.randint(1, 999)}0000000", "PaidAmount")
            self.flow(agreement, iri(f"{ID}flw/deal-{number:07d}"), amount, self.org(parties[0]), self.org(parties[1]),
                      "InvestmentFlow")
        provisions: list[str] = []
        if rng.random() < 0.08:
            provisions += self.agi_pair(agreement, number, parties, offset)
        for n in range(len(provisions) + 1, rng.randint(1, 5) + 1):
            holder, counterparty = rng.sample(parties, 2)
            provisions.append(self.provision(agreement, number, n, parties, offset, None, holder, counterparty))
        changed = rng.random() < 0.15 and self.supersede(agreement, provisions, offset)
        stake = None
        if "EquityInvestment" in deal_types:
            stake = self.stake(number, agreement, parties[0], parties[1], offset)
        if rng.random() < 0.03:
            self.conflict(number, stake or provisions[0])
        self.recent.append((agreement, provisions, offset))
        self.counts["agreements"] += 1
        rich = bool(changed) and len(provisions) >= 3
        if self.sample in parties and ("agreement" not in self.params or (rich and not self.agreement_changed)):
            self.params["agreement"] = agreement[1:-1]
            self.agreement_changed = self.agreement_changed or rich

    def scenario(self) -> None:
        w, rng = self.w, self.rng
        w.use_graph(SCENARIO_GRAPH)
        events = [(akg("AGIDeclared"), "2027-03-01"), (akg("AGIVerified"), "2028-06-30")]
        events += [(rng.choice(self.event_types), day(rng.randint(DAY_SPAN // 2, DAY_SPAN))) for _ in range(10)]
        for n, (event_type, when) in enumerate(events):
            node = iri(f"{ID}evt/bench-{n}")
            w.add(node, RDF_TYPE, akg("Event"))
            w.add(node, akg("eventType"), event_type)
            w.add(node, akg("occurredOn"), date(when))
            self.counts["events"] += 1

    def run(self) -> dict[str, str]:
        self.ontology()
        self.organizations()
        self.event_type_nodes()
        reserve = 36 if self.with_scenario else 0  # the scenario graph: 12 events of 3 quads
        number = 0
        while self.w.count < self.target - reserve:
            number += 1
            self.deal(number)
        if self.with_scenario:
            self.scenario()
        sample, partner = self.org(self.sample)[1:-1], self.org(0 if self.sample else 1)[1:-1]
        params = dict(self.params)
        params.update({"holder": sample, "buyer": sample, "company": sample, "org": sample, "a": sample, "b": partner,
                       "at": "2026-06-01", "scenario": SCENARIO_GRAPH})
        return params


def generate(path: Path | str, target: int, *, seed: int = 7, alpha: float = 1.0, scenario: bool = False,
             progress: Callable[[int], None] | None = None) -> GeneratedGraph:
    """Write an alliance-shaped graph of about ``target`` quads (at least that many) to ``path`` as N-Quads.

    Parameters
    ----------
    path
        The ``.nq`` file to write (its folder must exist).
    target
        Number of quads wanted; generation stops after the first deal that reaches it.
    seed
        Seed of the pseudo-random choices: the same seed gives the same file.
    alpha
        Exponent of the power law of organizations' participation in deals.
    scenario
        Also write a scenario graph of events (``.../scenario/bench``).  A store with a scenario
        graph queries a list of data graphs instead of their union, which is slower; the
        benchmarks measure the store as ``alliancekg build`` makes it, without one.
    progress
        Called with the number of quads written since its last call (for progress bars).

    Returns
    -------
    GeneratedGraph
        The triple count, counts of things and parameters for the catalog queries.
    """
    with QuadWriter(Path(path), progress) as writer:
        generator = _Generator(writer, target, seed, alpha, scenario)
        params = generator.run()
    return GeneratedGraph(path=str(path), target=target, seed=seed, triples=writer.count,
                          counts=dict(generator.counts), params=params)


__all__ = ["DEALS_GRAPH", "GENERATOR_VERSION", "ONTOLOGY_GRAPH", "ORGANIZATIONS_GRAPH", "SCENARIO_GRAPH",
           "GeneratedGraph", "generate"]
