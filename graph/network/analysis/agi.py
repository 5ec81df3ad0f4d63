"""Exposure of each provision to the AGI event, on the ``rights`` view.

The classification itself (ends at AGI declared / verified, ends at AGI with other
conditions, survives AGI, unaffected) is made when the view is built, from the provision's
end-condition tree (:func:`alliancekg.graph.network.views.conditions.agi_exposure`). This module
tabulates it: one row per provision, and a summary per holder of how many of its provisions
each exposure class holds.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from alliancekg.graph.network.analysis.filters import label
from alliancekg.graph.network.views.conditions import ENDS_WITH_OTHERS, SURVIVES, UNAFFECTED, agi_exposure

EXPOSURE_ORDER = ("ends at AGI declared", "ends at AGI verified", ENDS_WITH_OTHERS, SURVIVES, UNAFFECTED)


def _order(exposure: str) -> int:
    return EXPOSURE_ORDER.index(exposure) if exposure in EXPOSURE_ORDER else len(EXPOSURE_ORDER)


def agi_exposure_table(graph: nx.MultiDiGraph) -> list[dict[str, object]]:
    """One row per provision (edge key) with its holder, counterparty and exposure, most exposed first.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("m", "o", key="p1", label="IP", kind="Right", agi_exposure="ends at AGI verified")
    >>> _ = g.add_edge("m", "o", key="p2", label="Azure", kind="PurchaseCommitment", agi_exposure="unaffected by AGI")
    >>> [(r["provision"], r["exposure"]) for r in agi_exposure_table(g)]
    [('p1', 'ends at AGI verified'), ('p2', 'unaffected by AGI')]
    """
    rows = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        iri = str(data.get("iri", key))
        if iri in rows:
            continue
        rows[iri] = {
            "provision": iri, "label": data.get("label", iri), "kind": data.get("kind"),
            "holder": u, "holder_label": label(graph, u), "counterparty": v, "counterparty_label": label(graph, v),
            "exposure": data.get("agi_exposure", UNAFFECTED), "ends": data.get("ends", ""),
            "ends_on": data.get("ends_on"), "superseded": bool(data.get("superseded", False)),
        }
    return sorted(rows.values(), key=lambda r: (_order(str(r["exposure"])), str(r["holder_label"]), str(r["label"])))


def agi_exposure_summary(graph: nx.MultiDiGraph) -> list[dict[str, object]]:
    """Per holder, how many provisions fall in each exposure class.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("m", "o", key="p1", agi_exposure="ends at AGI verified")
    >>> _ = g.add_edge("m", "o", key="p2", agi_exposure="ends at AGI verified")
    >>> agi_exposure_summary(g)
    [{'holder': 'm', 'holder_label': 'm', 'exposure': 'ends at AGI verified', 'provisions': 2}]
    """
    counts = Counter((r["holder"], r["exposure"]) for r in agi_exposure_table(graph))
    return [
        {"holder": holder, "holder_label": label(graph, holder), "exposure": exposure, "provisions": n}
        for (holder, exposure), n in sorted(counts.items(), key=lambda i: (label(graph, i[0][0]), _order(i[0][1])))
    ]


__all__ = ["EXPOSURE_ORDER", "agi_exposure", "agi_exposure_summary", "agi_exposure_table"]
