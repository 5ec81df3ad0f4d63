"""Colours by kind, the same in every picture and file (Okabe–Ito colours, readable by colour-blind people)."""

from __future__ import annotations

import hashlib

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")

#: Node kinds (organization classes).
NODE_COLOURS = {
    "Organization": "#56B4E9", "CorporateGroup": "#0072B2", "ExpertPanel": "#CC79A7", "GovernmentBody": "#F0E442",
    "Agreement": "#E69F00",
}

#: Edge kinds across the views.
EDGE_COLOURS = {
    # ownership
    "equity_stake": "#0072B2", "control": "#D55E00", "subsidiary": "#E69F00", "group_member": "#999999",
    # rights (provision classes)
    "Right": "#009E73", "Exclusivity": "#D55E00", "Prohibition": "#CC79A7", "Power": "#E69F00",
    "RightOfFirstRefusal": "#E69F00", "Permission": "#56B4E9", "GovernanceProvision": "#999999",
    "Obligation": "#0072B2", "PurchaseCommitment": "#0072B2", "RevenueShare": "#F0E442",
    # dependency (needs)
    "compute": "#0072B2", "ip": "#009E73", "model_access": "#CC79A7", "distribution": "#E69F00", "capital": "#D55E00",
    # money (flow kinds)
    "investment": "#D55E00", "purchase_commitment": "#0072B2", "revenue_share": "#E69F00",
    "compute_purchase": "#0072B2", "cloud_commitment": "#56B4E9", "chip_supply": "#009E73", "licensing": "#CC79A7",
    "payment": "#999999",
    # alliance
    "agreement": "#555555",
}


def colour(kind: object, table: dict[str, str]) -> str:
    """The colour of ``kind`` in ``table``; unknown kinds get a stable colour of the palette.

    Examples
    --------
    >>> colour("investment", EDGE_COLOURS), colour("investment", {}) == colour("investment", {})
    ('#D55E00', True)
    """
    text = str(kind)
    if text in table:
        return table[text]
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return OKABE_ITO[digest[0] % len(OKABE_ITO)]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as three integers.

    Examples
    --------
    >>> rgb("#0072B2")
    (0, 114, 178)
    """
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


__all__ = ["EDGE_COLOURS", "NODE_COLOURS", "OKABE_ITO", "colour", "rgb"]
