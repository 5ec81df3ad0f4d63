"""Circular deals: money or commitments that flow out of an organization and come back to it.

On the ``money`` view (payer → payee), a cycle is a sequence of organizations each of which
pays, invests in or commits to buy from the next, the last paying the first: for example
Microsoft invests in OpenAI and OpenAI commits $250B to Azure. Each cycle is reported with
every leg, the flows on it (kind, amount, currency, label, date, sources) and the amount that
goes all the way round (``circulating``: the smallest leg total, when all legs have amounts
in one currency).

Flows from non-binding instruments (letters of intent, memoranda, term sheets) are kept and
marked: a leg all of whose flows are non-binding is ``non_binding``, and so is a cycle with such
a leg. :func:`alliancekg.graph.network.analysis.filters.binding_only` leaves them out beforehand.

Corporate groups are merged first by default (flows to OpenAI Group PBC and from 'OpenAI'
meet), so money moving inside one group is not a cycle.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from alliancekg.graph.network.analysis.filters import label
from alliancekg.graph.network.analysis.report import format_amount
from alliancekg.graph.network.views.common import merge_groups
from alliancekg.graph.network.views.records import SEPARATOR


def _flow(key: object, data: dict) -> dict[str, object]:
    flow: dict[str, object] = {"iri": str(data.get("iri", key)), "kind": data.get("kind"), "label": data.get("label")}
    for name in ("amount", "currency", "amount_kind", "quantity", "quantity_unit", "undisclosed", "binding_status",
                 "non_binding", "date", "upper_bound", "approximate", "superseded"):
        if name in data:
            flow[name] = data[name]
    sources = data.get("sources", "")
    flow["sources"] = list(sources) if isinstance(sources, list | tuple) else [
        s for s in str(sources).split(SEPARATOR) if s]
    return flow


def flow_text(flow: dict[str, object]) -> str:
    """One flow of a leg in words: kind, amount (or units, or 'undisclosed') and binding status.

    Examples
    --------
    >>> flow_text({"kind": "investment", "amount": 1e11, "currency": "USD", "upper_bound": True,
    ...            "binding_status": "letter_of_intent", "non_binding": True})
    'investment up to $100B (letter of intent, non-binding)'
    >>> flow_text({"kind": "equity_grant", "quantity": 1.6e8, "quantity_unit": "shares", "upper_bound": False})
    'equity grant 160,000,000 shares'
    """
    if isinstance(flow.get("amount"), int | float):
        size = ("up to " if flow.get("upper_bound") else "~" if flow.get("approximate") else "") + format_amount(
            flow.get("amount"), flow.get("currency"))
    elif isinstance(flow.get("quantity"), int | float):
        size = f"{float(flow['quantity']):,.0f} {flow.get('quantity_unit') or 'units'}"
    else:
        size = "undisclosed amount"
    text = f"{str(flow['kind']).replace('_', ' ')} {size}"
    if flow.get("non_binding"):
        text += f" ({str(flow.get('binding_status', '')).replace('_', ' ')}, non-binding)".replace("(, ", "(")
    return text


def _leg_total(flows: list[dict[str, object]]) -> tuple[float, str] | None:
    by_currency: dict[str, float] = defaultdict(float)
    for flow in flows:
        if isinstance(flow.get("amount"), int | float):
            by_currency[str(flow.get("currency") or "")] += float(flow["amount"])
    if len(by_currency) != 1:
        return None
    currency, total = next(iter(by_currency.items()))
    return total, currency


def _canonical(cycle: list) -> list:
    start = min(range(len(cycle)), key=lambda i: str(cycle[i]))
    return cycle[start:] + cycle[:start]


def circular_deals(graph: nx.MultiDiGraph, *, max_length: int = 4, merge: bool = True) -> list[dict[str, object]]:
    """Every cycle of at most ``max_length`` organizations, with its legs, largest circulating amount first.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("msft", "openai", key="inv", kind="investment", amount=10e9, currency="USD")
    >>> _ = g.add_edge("openai", "msft", key="azure", kind="purchase_commitment", amount=250e9, currency="USD")
    >>> _ = g.add_edge("msft", "other", key="x", kind="investment", amount=1.0, currency="USD")
    >>> [(c["cycle"], c["circulating"]) for c in circular_deals(g)]
    [('msft → openai → msft', 10000000000.0)]
    """
    work = merge_groups(graph) if merge else graph
    legs: dict[tuple, list[dict[str, object]]] = defaultdict(list)
    for u, v, key, data in work.edges(keys=True, data=True):
        if u != v:
            legs[(u, v)].append(_flow(key, data))
    simple = nx.DiGraph(list(legs))
    rows = []
    for cycle in nx.simple_cycles(simple, length_bound=max_length):
        cycle = _canonical(cycle)
        pairs = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        leg_rows, totals = [], []
        for u, v in pairs:
            flows = sorted(legs[(u, v)], key=lambda f: (-float(f.get("amount") or 0), str(f["iri"])))
            total = _leg_total(flows)
            totals.append(total)
            leg_rows.append({
                "from": u, "from_label": label(work, u), "to": v, "to_label": label(work, v), "flows": flows,
                "total": total[0] if total else None, "currency": total[1] if total else None,
                "non_binding": all(f.get("non_binding") for f in flows),
                "text": f"{label(work, u)} → {label(work, v)}: " + ", ".join(flow_text(f) for f in flows),
            })
        currencies = {t[1] for t in totals if t}
        circulating = min(t[0] for t in totals) if all(totals) and len(currencies) == 1 else None
        rows.append({
            "cycle": " → ".join(label(work, n) for n in [*cycle, cycle[0]]), "length": len(cycle),
            "non_binding": any(leg["non_binding"] for leg in leg_rows),
            "organizations": cycle, "circulating": circulating,
            "currency": currencies.pop() if circulating is not None else None, "legs": leg_rows,
        })
    return sorted(rows, key=lambda r: (-(r["circulating"] or 0), r["length"], r["cycle"]))


__all__ = ["circular_deals", "flow_text"]
