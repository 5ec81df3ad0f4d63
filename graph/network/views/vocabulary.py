"""The parts of the ontology the views turn into attribute values: class names, families and labels.

The tables here mirror ``ontology/alliance.ttl`` (a test holds them to it), so views need no
reasoning and no ontology graph in the store to know that an exclusivity is a prohibition.
"""

from __future__ import annotations

import re

AKG = "https://w3id.org/alliance-kg/ontology#"

#: Provision classes, most specific first, with the family (direct subclass of Provision) of each.
PROVISION_FAMILY: dict[str, str] = {
    "Exclusivity": "Prohibition",
    "RightOfFirstRefusal": "Power",
    "PurchaseCommitment": "Obligation",
    "RevenueShare": "Obligation",
    "Right": "Right",
    "Obligation": "Obligation",
    "Prohibition": "Prohibition",
    "Power": "Power",
    "Permission": "Permission",
    "GovernanceProvision": "GovernanceProvision",
    "Provision": "Provision",
}

#: Organization classes, most specific first.
ORGANIZATION_KINDS: tuple[str, ...] = ("CorporateGroup", "ExpertPanel", "GovernmentBody", "Organization")

#: Asset classes, most specific first.
ASSET_KINDS: tuple[str, ...] = ("IntellectualProperty", "Product", "Service", "Activity", "Asset")

#: View names of the flow kinds (``akg:FlowKind`` individuals) of the money view.
FLOW_KIND: dict[str, str] = {
    "InvestmentFlow": "investment",
    "ComputePurchaseFlow": "compute_purchase",
    "ChipPurchaseFlow": "chip_supply",
    "RevenueShareFlow": "revenue_share",
    "LicenceFeeFlow": "licensing",
    "EquityGrantFlow": "equity_grant",
    "SpendFlow": "payment",
    "LoanFlow": "loan",
}

#: View names of the amount kinds (``akg:AmountKind`` individuals).
AMOUNT_KIND: dict[str, str] = {
    "PaidAmount": "paid",
    "CommittedAmount": "committed",
    "CeilingAmount": "ceiling",
    "EstimatedAmount": "estimate",
    "ValuationAmount": "valuation",
    "UnitPriceAmount": "unit_price",
    "TotalQuantity": "total",
    "CeilingQuantity": "ceiling",
}

#: View names of the binding statuses (``akg:BindingStatus`` individuals).
BINDING_STATUS: dict[str, str] = {
    "BindingDefinitive": "definitive",
    "BindingMemorandum": "memorandum",
    "BindingTermSheet": "term_sheet",
    "BindingLetterOfIntent": "letter_of_intent",
    "BindingAnnounced": "announced",
    "BindingReportedOnly": "reported_only",
}

#: Flow kinds that pay for compute (cloud, compute capacity, chips).
COMPUTE_FLOW_KINDS = frozenset({"compute_purchase", "chip_supply"})


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    Examples
    --------
    >>> local_name("https://w3id.org/alliance-kg/ontology#RightOfFirstRefusal")
    'RightOfFirstRefusal'
    """
    stripped = iri.rstrip("/#")
    return stripped[max(stripped.rfind("#"), stripped.rfind("/")) + 1:]


def humanize(name: str) -> str:
    """Words from a CamelCase class or value name, acronyms kept.

    Examples
    --------
    >>> humanize("AGIVerified")
    'AGI verified'
    >>> humanize("RightOfFirstRefusal")
    'right of first refusal'
    """
    words = re.split(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", local_name(name))
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words if w)


def most_specific(names: set[str] | list[str], order: tuple[str, ...] | list[str]) -> str | None:
    """The first of ``order`` found in ``names`` (None if none is).

    Examples
    --------
    >>> most_specific({"Organization", "CorporateGroup"}, ORGANIZATION_KINDS)
    'CorporateGroup'
    """
    for candidate in order:
        if candidate in names:
            return candidate
    return None


__all__ = [
    "AKG", "AMOUNT_KIND", "ASSET_KINDS", "BINDING_STATUS", "COMPUTE_FLOW_KINDS", "FLOW_KIND", "ORGANIZATION_KINDS",
    "PROVISION_FAMILY",
    "humanize", "local_name", "most_specific",
]
