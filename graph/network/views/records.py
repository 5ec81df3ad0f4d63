"""The facts views are built from, fetched with a handful of flat SPARQL queries.

Each ``fetch_*`` function runs one or two of the ``.rq`` files beside this module and folds
the rows into small records keyed by IRI. Graph builders are pure functions of these records,
so they can be tested on hand-made records without a store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from alliancekg.graph.network.views.rows import select
from alliancekg.graph.network.views.vocabulary import (
    ASSET_KINDS,
    ORGANIZATION_KINDS,
    PROVISION_FAMILY,
    humanize,
    local_name,
    most_specific,
)
from alliancekg.graph.store import KnowledgeStore

#: Separator of several values in one attribute (sources, deal types): never found in an IRI.
SEPARATOR = " | "


@dataclass
class Organization:
    """A node of every view."""

    iri: str
    label: str
    kind: str = "Organization"
    legal_form: str | None = None
    group: str | None = None
    wikidata: str | None = None

    def attributes(self) -> dict[str, object]:
        """Node attributes (no None values)."""
        data: dict[str, object] = {"label": self.label, "kind": self.kind}
        if self.legal_form:
            data["legal_form"] = self.legal_form
        if self.group:
            data["group"] = self.group
        if self.wikidata:
            data["wikidata"] = self.wikidata
        return data


@dataclass
class Asset:
    """What a provision is about."""

    iri: str
    kind: str = "Asset"
    label: str = ""
    owners: list[str] = field(default_factory=list)


@dataclass
class ProvisionRecord:
    """A provision with its parties and flags."""

    iri: str
    kind: str
    family: str
    label: str = ""
    agreement: str | None = None
    holders: list[str] = field(default_factory=list)
    counterparties: list[str] = field(default_factory=list)
    exclusive: bool | None = None
    incremental: bool | None = None
    share_percent: float | None = None
    assets: list[Asset] = field(default_factory=list)


@dataclass
class AgreementRecord:
    """An agreement with its parties, deal types, date and status."""

    iri: str
    label: str = ""
    date: str | None = None
    status: str | None = None
    confidence: str | None = None
    parties: list[str] = field(default_factory=list)
    deal_types: list[str] = field(default_factory=list)


@dataclass
class AmountRecord:
    """A monetary amount on an agreement, provision or flow (``via``)."""

    iri: str
    via: str
    value: float | None = None
    currency: str | None = None
    upper_bound: bool = False
    approximate: bool = False
    reported: bool = False
    #: What the figure measures (``paid``, ``committed``, ``ceiling``, ``estimate``…), when stated.
    kind: str | None = None


@dataclass
class CapacityRecord:
    """A non-monetary quantity (GW, chips) on an agreement or provision."""

    via: str
    value: float | None = None
    unit: str | None = None


def _add_unique(values: list, value: object) -> None:
    if value is not None and value not in values:
        values.append(value)


def fetch_labels(store: KnowledgeStore) -> dict[str, str]:
    """Labels of controlled values (legal forms, statuses, bases, deal and event types)."""
    labels: dict[str, str] = {}
    for row in select(store, "labels"):
        labels.setdefault(str(row["thing"]), str(row["label"]))
    return labels


def label_of(iri: str | None, labels: dict[str, str]) -> str | None:
    """The label of a controlled value, else its name in words."""
    if iri is None:
        return None
    return labels.get(iri) or humanize(iri)


def fetch_organizations(store: KnowledgeStore, labels: dict[str, str] | None = None) -> dict[str, Organization]:
    """Every organization (of any organization class), by IRI."""
    labels = fetch_labels(store) if labels is None else labels
    kinds: dict[str, set[str]] = defaultdict(set)
    found: dict[str, Organization] = {}
    for row in select(store, "organizations"):
        iri = str(row["org"])
        org = found.setdefault(iri, Organization(iri, label=local_name(iri)))
        kinds[iri].add(local_name(str(row["type"])))
        if "label" in row and org.label == local_name(iri):
            org.label = str(row["label"])
        if "legalForm" in row and org.legal_form is None:
            org.legal_form = label_of(str(row["legalForm"]), labels)
        if "group" in row and org.group is None:
            org.group = str(row["group"])
        if "wikidata" in row and org.wikidata is None:
            org.wikidata = str(row["wikidata"])
    for iri, org in found.items():
        org.kind = most_specific(kinds[iri], ORGANIZATION_KINDS) or "Organization"
    return found


def organization(orgs: dict[str, Organization], iri: str) -> Organization:
    """The record of ``iri``, or a stand-in named after the IRI when the data does not type it."""
    return orgs.get(iri) or Organization(iri, label=local_name(iri))


def fetch_assets(store: KnowledgeStore) -> dict[str, list[Asset]]:
    """The assets each provision concerns, by provision IRI."""
    assets: dict[str, dict[str, Asset]] = defaultdict(dict)
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "assets"):
        iri = str(row["asset"])
        asset = assets[str(row["provision"])].setdefault(iri, Asset(iri, label=str(row.get("label", local_name(iri)))))
        if "type" in row:
            kinds[iri].add(local_name(str(row["type"])))
        _add_unique(asset.owners, row.get("owner"))
    for per_provision in assets.values():
        for asset in per_provision.values():
            asset.kind = most_specific(kinds[asset.iri], ASSET_KINDS) or "Asset"
    return {provision: sorted(found.values(), key=lambda a: a.iri) for provision, found in assets.items()}


def fetch_provisions(store: KnowledgeStore, *, with_assets: bool = True) -> dict[str, ProvisionRecord]:
    """Every provision with its most specific class, parties and (optionally) assets."""
    types: dict[str, set[str]] = defaultdict(set)
    found: dict[str, ProvisionRecord] = {}
    for row in select(store, "provisions"):
        iri = str(row["provision"])
        record = found.setdefault(iri, ProvisionRecord(iri, kind="Provision", family="Provision"))
        types[iri].add(local_name(str(row["type"])))
        if "label" in row and not record.label:
            record.label = str(row["label"])
        if "agreement" in row and record.agreement is None:
            record.agreement = str(row["agreement"])
        _add_unique(record.holders, row.get("holder"))
        _add_unique(record.counterparties, row.get("counterparty"))
        if "exclusive" in row:
            record.exclusive = bool(row["exclusive"])
        if "incremental" in row:
            record.incremental = bool(row["incremental"])
        if "share" in row and isinstance(row["share"], int | float):
            record.share_percent = float(row["share"])
    for iri, record in found.items():
        record.kind = most_specific(types[iri], tuple(PROVISION_FAMILY)) or "Provision"
        record.family = PROVISION_FAMILY[record.kind]
        record.label = record.label or local_name(iri)
    if with_assets:
        for iri, assets in fetch_assets(store).items():
            if iri in found:
                found[iri].assets = assets
    return found


def fetch_provision_agreements(store: KnowledgeStore) -> dict[str, ProvisionRecord]:
    """Every provision with only the agreement it belongs to (no class, label, parties or flags).

    What the ``alliance`` view needs of provisions, from one light query instead of
    :func:`fetch_provisions`' seven joined properties (the same IRIs and agreements).
    """
    found: dict[str, ProvisionRecord] = {}
    for row in select(store, "provision-agreements"):
        record = found.setdefault(str(row["provision"]), ProvisionRecord(str(row["provision"]), kind="Provision",
                                                                         family="Provision"))
        if "agreement" in row and record.agreement is None:
            record.agreement = str(row["agreement"])
    return found


def fetch_agreements(store: KnowledgeStore, labels: dict[str, str] | None = None) -> dict[str, AgreementRecord]:
    """Every agreement with its parties, deal types (local names), date and status."""
    labels = fetch_labels(store) if labels is None else labels
    found: dict[str, AgreementRecord] = {}
    for row in select(store, "agreements"):
        iri = str(row["agreement"])
        record = found.setdefault(iri, AgreementRecord(iri))
        if "label" in row and not record.label:
            record.label = str(row["label"])
        date = row.get("effective") or row.get("announced") or row.get("announcedMonth")
        if date is not None and (record.date is None or str(date) < record.date):
            record.date = str(date)
        if "status" in row and record.status is None:
            record.status = label_of(str(row["status"]), labels)
        if "confidence" in row and record.confidence is None:
            record.confidence = str(row["confidence"])
    for row in select(store, "agreement-links"):
        record = found.get(str(row["agreement"]))
        if record is None:
            continue
        if row["link"] == "party":
            _add_unique(record.parties, str(row["value"]))
        else:
            _add_unique(record.deal_types, local_name(str(row["value"])))
    for record in found.values():
        record.label = record.label or local_name(record.iri)
        record.deal_types.sort()
    return found


def natural_key(text: str) -> tuple:
    """Sort key putting ``x-2`` before ``x-10``.

    Examples
    --------
    >>> sorted(["a-10", "a-2", "a-1"], key=natural_key)
    ['a-1', 'a-2', 'a-10']
    """
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def fetch_capacities(store: KnowledgeStore) -> dict[str, list[CapacityRecord]]:
    """Quantities by the agreement or provision they are on."""
    found: dict[str, list[CapacityRecord]] = defaultdict(list)
    for row in select(store, "capacities"):
        value = row.get("value")
        found[str(row["via"])].append(CapacityRecord(
            str(row["via"]), float(value) if isinstance(value, int | float) else None, row.get("unit")))
    return dict(found)


def fetch_sources(store: KnowledgeStore, *, agreements_only: bool = False) -> dict[str, list[str]]:
    """The sources of every sourced thing (with ``agreements_only``: of every agreement), sorted."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "agreement-sources" if agreements_only else "sources"):
        found[str(row["thing"])].add(str(row["source"]))
    return {thing: sorted(sources) for thing, sources in found.items()}


def fetch_supersessions(store: KnowledgeStore) -> dict[str, list[str]]:
    """For every superseded or revoked agreement, provision or stake: what replaced or revoked it."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in select(store, "supersessions"):
        _add_unique(found[str(row["target"])], str(row["by"]))
    return dict(found)


def sources_attributes(*things: str | None, sources: dict[str, list[str]]) -> dict[str, object]:
    """``sources`` (joined; left out when there are none) and ``source_count`` for the union of the
    sources of ``things``."""
    merged = sorted({s for thing in things if thing for s in sources.get(thing, ())})
    found: dict[str, object] = {"sources": SEPARATOR.join(merged)} if merged else {}
    return {**found, "source_count": len(merged)}


__all__ = [
    "SEPARATOR", "AgreementRecord", "AmountRecord", "Asset", "CapacityRecord", "Organization", "ProvisionRecord",
    "fetch_agreements", "fetch_assets", "fetch_capacities", "fetch_labels", "fetch_organizations",
    "fetch_provision_agreements", "fetch_provisions", "fetch_sources", "fetch_supersessions", "label_of",
    "natural_key", "organization", "sources_attributes",
]
