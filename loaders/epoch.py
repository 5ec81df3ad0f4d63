"""Cross-checking Epoch AI funding rounds against the agreements of alliances.csv.

``data/epoch/crosswalk.csv`` says which Epoch round is (a tranche of) which alliances.csv deal.
For each pair the round's equity is compared with the deal's amounts: they agree when it equals
one of them, or the sum of two of them (a round split between two investors of one deal), within
1%. A cancelled round whose deal is not recorded as ended also disagrees. Each disagreement
becomes an ``akg:Conflict`` between a claim of each dataset, with both datasets' sources, and
every pair an ``akg:correspondsTo`` link; nothing is resolved in favour of either side.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from alliancekg.loaders.errors import LoadError, Problem
from alliancekg.loaders.linking import slugify
from alliancekg.ontology.namespaces import AGR, AKG, CFL, CLM

EPOCH_DATASET = URIRef("https://epoch.ai/data/ai-companies")
TOLERANCE = Decimal("0.01")
ENDED_STATUSES = {AKG.Superseded}


@dataclass(frozen=True)
class Disagreement:
    """One difference between an Epoch round and the alliances.csv deal it corresponds to."""

    round: URIRef
    agreement: URIRef
    kind: str  # "amount" or "status"
    epoch_value: str
    network_value: str


def read_crosswalk(path: Path) -> list[tuple[str, str, int]]:
    """(Epoch Id, deal_id, line) rows of the crosswalk file."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            rows.append((row["epoch_id"].strip(), row["deal_id"].strip(), reader.line_num))
    return rows


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), Decimal(1))


def amounts_agree(value: Decimal, amounts: list[Decimal]) -> bool:
    """True when ``value`` equals one amount or the sum of two, within 1%.

    Examples
    --------
    >>> amounts_agree(Decimal(15), [Decimal(5), Decimal(10), Decimal(30)])
    True
    >>> amounts_agree(Decimal("8.3"), [Decimal(40), Decimal(10)])
    False
    """
    if any(_close(value, a) for a in amounts):
        return True
    return any(_close(value, a + b) for a, b in combinations(amounts, 2))


def _usd_amounts(graph: Graph, agreement: URIRef) -> list[Decimal]:
    out = []
    for node in graph.objects(agreement, AKG.monetaryValue):
        if str(graph.value(node, AKG.currency)) == "USD":
            out.append(Decimal(str(graph.value(node, AKG.amount))))
    return out


def cross_check(epoch: Graph, network: Graph, crosswalk: list[tuple[str, str, int]],
                crosswalk_path: Path | str = "crosswalk.csv") -> tuple[Graph, list[Disagreement]]:
    """Link rounds to agreements and record the disagreements as claims and conflicts."""
    by_label = {}
    for round_node in epoch.subjects(RDF.type, AKG.FundingRound):
        label = str(epoch.value(round_node, RDFS.label))
        by_label[label.split(": ", 1)[1].rsplit(" (Epoch AI)", 1)[0]] = round_node
    out = Graph()
    found: list[Disagreement] = []
    problems = []
    for epoch_id, deal_id, line in crosswalk:
        round_node = by_label.get(epoch_id)
        agreement = AGR[deal_id]
        if round_node is None or (agreement, RDF.type, AKG.Agreement) not in network:
            missing = "Epoch round" if round_node is None else "alliances.csv deal"
            problems.append(Problem(str(crosswalk_path), f"unknown {missing}", line=line,
                                    field="epoch_id" if round_node is None else "deal_id"))
            continue
        out.add((round_node, AKG.correspondsTo, agreement))
        equity_node = epoch.value(round_node, AKG.equityRaised)
        amounts = _usd_amounts(network, agreement)
        if equity_node is not None and amounts:
            equity = Decimal(str(epoch.value(equity_node, AKG.amount)))
            if equity > 0 and not amounts_agree(equity, amounts):
                text = network.value(agreement, AKG.amountText)
                found.append(Disagreement(round_node, agreement, "amount", f"{equity} USD",
                                          str(text) if text else ", ".join(f"{a} USD" for a in amounts)))
        status = str(epoch.value(round_node, AKG.statusText) or "")
        if status == "Cancelled" and network.value(agreement, AKG.status) not in ENDED_STATUSES:
            text = network.value(agreement, AKG.statusText) or network.value(agreement, AKG.status)
            found.append(Disagreement(round_node, agreement, "status", status, str(text)))
    if problems:
        raise LoadError(problems)
    for item in found:
        _record(out, item, epoch, network)
    return out, found


def _record(out: Graph, item: Disagreement, epoch: Graph, network: Graph) -> None:
    local = str(item.round).rsplit("/", 1)[-1]
    deal = str(item.agreement).rsplit("/", 1)[-1]
    round_label = str(epoch.value(item.round, RDFS.label))
    conflict = CFL[f"{local}-{item.kind}"]
    epoch_claim = CLM[f"{local}-{item.kind}"]
    network_claim = CLM[f"{slugify(deal)}-{item.kind}-vs-{local}"]
    what = "equity raised" if item.kind == "amount" else "status"
    out.add((conflict, RDF.type, AKG.Conflict))
    out.add((conflict, RDFS.label, Literal(f"Epoch AI and alliances.csv disagree on the {what} of {round_label}")))
    out.add((conflict, AKG.about, item.round))
    out.add((conflict, AKG.about, item.agreement))
    out.add((conflict, AKG.claim, epoch_claim))
    out.add((conflict, AKG.claim, network_claim))
    out.add((conflict, AKG.resolution, Literal(
        "Open: found by comparing the two datasets; neither is preferred. Epoch records rounds as they close, "
        "alliances.csv deals as announced, so tranches and totals often differ.")))
    out.add((conflict, PROV.wasDerivedFrom, EPOCH_DATASET))
    for claim, subject, label, value, graph, node in (
        (epoch_claim, item.round, f"Epoch AI: {what} {item.epoch_value}", item.epoch_value, epoch, item.round),
        (network_claim, item.agreement, f"alliances.csv: {what} {item.network_value}", item.network_value,
         network, item.agreement),
    ):
        out.add((claim, RDF.type, AKG.Claim))
        out.add((claim, RDFS.label, Literal(label[:300])))
        out.add((claim, AKG.about, subject))
        out.add((claim, AKG.claimedValue, Literal(value)))
        for source in graph.objects(node, PROV.wasDerivedFrom):
            out.add((claim, PROV.wasDerivedFrom, source))


__all__ = ["EPOCH_DATASET", "Disagreement", "amounts_agree", "cross_check", "read_crosswalk"]
