"""Concentration of each lab's compute suppliers: the Herfindahl–Hirschman index (HHI).

On the ``money`` view, the flows marked ``compute`` (purchases of compute or cloud capacity and
of chips, as the deal files state them) are grouped by payer (the lab) and currency;
each supplier's share is its part of the lab's compute spending, and HHI is the sum of the
squared shares in percent: 10,000 for a single supplier, 10,000/n for n equal ones. Above
2,500 counts as highly concentrated (the US merger guidelines' threshold). When none of a
lab's compute flows has an amount, shares are by number of flows (``basis`` = ``count``); when
some have one, flows whose amount is undisclosed (AMD's and Nvidia's GPU sales to OpenAI) are
not counted. Flows of non-binding instruments count unless the analysis runs with
``Options(binding_only=True)``.
Members of a corporate group count as the group (OpenAI Group PBC as OpenAI) unless
``merge=False``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from alliancekg.graph.network.analysis.filters import label
from alliancekg.graph.network.analysis.report import format_amount
from alliancekg.graph.network.views.common import merge_groups


def hhi(weights: Iterable[float]) -> float:
    """The HHI (0..10,000) of the shares ``weights`` stand for.

    Examples
    --------
    >>> hhi([50, 30, 20]), hhi([1, 1]), hhi([7])
    (3800.0, 5000.0, 10000.0)
    """
    values = [float(w) for w in weights if w > 0]
    total = sum(values)
    return round(sum((100 * v / total) ** 2 for v in values), 6) if total else 0.0


def compute_concentration(graph: nx.MultiDiGraph, *, compute_only: bool = True,
                          merge: bool = True) -> list[dict[str, object]]:
    """One row per lab (and currency) paying for compute: suppliers, shares and HHI, most concentrated first.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("lab", "cloud", compute=True, amount=75.0, currency="USD")
    >>> _ = g.add_edge("lab", "chips", compute=True, amount=25.0, currency="USD")
    >>> row = compute_concentration(g)[0]
    >>> row["hhi"], row["top_supplier"], row["top_share"]
    (6250.0, 'cloud', 0.75)
    """
    graph = merge_groups(graph) if merge else graph
    spend: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for u, v, data in graph.edges(data=True):
        if compute_only and not data.get("compute"):
            continue
        counts[u][v] += 1
        if isinstance(data.get("amount"), int | float):
            spend[(u, str(data.get("currency") or ""))][v] += float(data["amount"])
    rows = []
    priced_labs = {lab for lab, _ in spend}
    groups = list(spend.items()) + [((lab, ""), {s: float(n) for s, n in per.items()})
                                    for lab, per in counts.items() if lab not in priced_labs]
    for (lab, currency), suppliers in groups:
        basis = "amount" if lab in priced_labs else "count"
        total = sum(suppliers.values())
        ranked = sorted(suppliers.items(), key=lambda item: (-item[1], str(item[0])))
        top, top_value = ranked[0]
        rows.append({
            "lab": lab, "lab_label": label(graph, lab), "currency": currency, "basis": basis,
            "suppliers": len(suppliers), "total": total if basis == "amount" else None,
            "hhi": hhi(suppliers.values()), "top_supplier": top, "top_supplier_label": label(graph, top),
            "top_share": top_value / total,
            "shares": "; ".join(
                f"{label(graph, s)} {100 * w / total:.0f}%" + (f" ({format_amount(w, currency)})" if basis == "amount"
                                                                else "") for s, w in ranked),
            "flows": sum(counts[lab].values()),
        })
    return sorted(rows, key=lambda r: (-float(r["hhi"]), str(r["lab_label"])))


__all__ = ["compute_concentration", "hhi"]
