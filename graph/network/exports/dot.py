"""DOT for Graphviz: IRIs as quoted node names, never rewritten; data kept as ``data_*`` attributes.

Quoting follows the DOT grammar: every name and value is a double-quoted string, with ``"``
escaped. IRIs cannot contain ``"`` or ``\\`` (RFC 3987), so node names are the IRIs verbatim.
Display attributes (``label``, ``tooltip``, ``URL``, colours) are Graphviz escStrings, where a
backslash is escaped too and a newline becomes ``\\n``. Every attribute of the view is also
written as ``data_<name>`` so that tools reading DOT get the data back (as text: DOT has no
types); the view's own ``label`` of an edge is in ``data_label``, the drawn label is a short
caption (kind and amount).

Superseded agreements (``superseded`` true) are drawn dashed and grey, edges and agreement nodes
alike, and so are non-binding flows (dashed). Pictures are scaled down to fit ``size`` inches
(:data:`SCREEN_INCHES` by :func:`~alliancekg.graph.network.exports.render.render`'s default).
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import networkx as nx

from alliancekg.graph.network.analysis.report import format_amount
from alliancekg.graph.network.exports.palette import EDGE_COLOURS, NODE_COLOURS, colour
from alliancekg.graph.network.exports.prepare import Flat, prepare
from alliancekg.graph.network.views.vocabulary import humanize

FONT = "Helvetica"
SUPERSEDED_COLOUR = "#8a8a8a"


def quote(text: str) -> str:
    """A DOT double-quoted string for a name or plain value (``"`` escaped, nothing else touched).

    Examples
    --------
    >>> quote("https://w3id.org/alliance-kg/id/ent/openai")
    '"https://w3id.org/alliance-kg/id/ent/openai"'
    >>> quote('say "hi"')
    '"say \\\\"hi\\\\""'
    """
    if text.endswith("\\"):
        text += " "
    return '"' + text.replace('"', '\\"') + '"'


def quote_label(text: str) -> str:
    """A DOT escString (labels, tooltips): backslashes and quotes escaped, newlines as ``\\n``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _attributes(display: dict[str, str], data: dict[str, object]) -> str:
    parts = [f"{name}={quote_label(text)}" for name, text in display.items()]
    parts += [f"{quote('data_' + name)}={quote(_value(value))}" for name, value in data.items()]
    return ", ".join(parts)


def caption(data: dict[str, object]) -> str:
    """The short text drawn on an edge: its kind, amount or share, and AGI exposure.

    Examples
    --------
    >>> caption({"kind": "purchase_commitment", "amount": 2.5e11, "currency": "USD"})
    'purchase commitment $250B'
    >>> caption({"kind": "Exclusivity", "agi_exposure": "ends at AGI verified"})
    'exclusivity (ends at AGI verified)'
    >>> caption({"kind": "equity_grant", "quantity": 1.6e8, "quantity_unit": "shares", "upper_bound": True})
    'equity grant up to 160,000,000 shares'
    >>> caption({"kind": "chip_supply", "undisclosed": True, "non_binding": True, "binding_status": "letter_of_intent"})
    'chip supply (undisclosed, letter of intent)'
    """
    kind = str(data.get("kind", ""))
    if kind == "agreement":
        return "\n".join(textwrap.wrap(str(data.get("label", "")), 28)[:3])
    text = kind.replace("_", " ") if "_" in kind else humanize(kind) if kind else ""
    if isinstance(data.get("amount"), int | float):
        amount = format_amount(float(data["amount"]), str(data.get("currency") or ""))
        if data.get("approximate"):
            amount = "~" + amount
        text += (" up to " if data.get("upper_bound") else " ") + amount
    elif isinstance(data.get("quantity"), int | float):
        text += (" up to " if data.get("upper_bound") else " ") + f"{float(data['quantity']):,.0f} "
        text += str(data.get("quantity_unit") or "units")
    elif isinstance(data.get("share_percent"), int | float):
        text += f" {data['share_percent']:g}%"
    elif isinstance(data.get("percent"), int | float):
        text += f" {data['percent']:g}%"
    notes = ["undisclosed"] if data.get("undisclosed") else []
    if data.get("non_binding"):
        notes.append(str(data.get("binding_status") or "non-binding").replace("_", " "))
    if notes:
        text += f" ({', '.join(notes)})"
    exposure = str(data.get("agi_exposure", ""))
    if exposure.startswith("ends at AGI"):
        text += f" ({exposure})"
    return text.strip()


def _linkable(iri: str) -> bool:
    """Whether ``iri`` can be a link in the SVG: Graphviz 2.43 writes ``&`` in links unescaped."""
    return iri.startswith(("http://", "https://")) and "&" not in iri


def _penwidth(data: dict[str, object]) -> str:
    amount = data.get("amount")
    if isinstance(amount, int | float) and amount > 0:
        return f"{min(6.0, max(1.0, 1.0 + math.log10(max(amount, 1.0) / 1e8))):.1f}"
    return "1.2"


def dot_text(flat: Flat, *, title: str | None = None, size: tuple[float, float] | None = None) -> str:
    """DOT text of a prepared graph; ``size`` (inches) bounds the drawing, scaled down to fit."""
    arrow = "->" if flat.directed else "--"
    lines = [f"{'digraph' if flat.directed else 'graph'} {quote(flat.name)} {{"]
    bound = f"size=\"{size[0]:g},{size[1]:g}\", " if size else ""
    lines.append(f"  graph [{bound}rankdir=\"LR\", fontname=\"{FONT}\", labelloc=\"t\", fontsize=\"16\", "
                 f"nodesep=\"0.6\", ranksep=\"1.6\", label={quote_label(title or f'alliance-kg: {flat.name} view')}];")
    lines.append(f"  node [shape=\"box\", style=\"rounded,filled\", fontname=\"{FONT}\", fontsize=\"12\", "
                 "fontcolor=\"white\", penwidth=\"0\"];")
    lines.append(f"  edge [fontname=\"{FONT}\", fontsize=\"10\", arrowsize=\"0.7\"];")
    for node, attrs in flat.nodes:
        display = {"label": str(attrs.get("label", node)), "tooltip": node,
                   "fillcolor": colour(attrs.get("kind", "Organization"), NODE_COLOURS)}
        if attrs.get("kind") == "Agreement":
            display.update(label=caption({**attrs, "kind": "agreement"}), shape="ellipse")
            if attrs.get("superseded"):
                display.update(style="dashed,filled", fillcolor=SUPERSEDED_COLOUR)
        if _linkable(node):
            display["URL"] = node
        lines.append(f"  {quote(node)} [{_attributes(display, attrs)}];")
    for edge_id, u, v, key, attrs in flat.edges:
        hue = colour(attrs.get("kind", ""), EDGE_COLOURS)
        display = {"label": caption(attrs), "tooltip": str(attrs.get("label", edge_id)), "color": hue,
                   "fontcolor": hue, "penwidth": _penwidth(attrs)}
        if attrs.get("non_binding"):
            display["style"] = "dashed"
        if attrs.get("superseded"):
            display.update(style="dashed", color=SUPERSEDED_COLOUR, fontcolor=SUPERSEDED_COLOUR)
        if attrs.get("kind") == "party":
            display["label"] = ""
        if _linkable(str(attrs.get("iri", ""))):
            display["URL"] = str(attrs["iri"])
        data = {"edge_id": edge_id, **({"edge_key": key} if key is not None else {}), **attrs}
        lines.append(f"  {quote(u)} {arrow} {quote(v)} [{_attributes(display, data)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate_dot(graph: nx.Graph, *, title: str | None = None, size: tuple[float, float] | None = None) -> str:
    """DOT text of ``graph`` (drawn within ``size`` inches, if given).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("https://w3id.org/alliance-kg/id/ent/openai", "https://w3id.org/alliance-kg/id/ent/microsoft",
    ...                key="k", kind="purchase_commitment", amount=2.5e11, currency="USD")
    >>> '"https://w3id.org/alliance-kg/id/ent/openai" -> "https://w3id.org/alliance-kg/id/ent/microsoft"' in (
    ...     generate_dot(g))
    True
    """
    return dot_text(prepare(graph), title=title, size=size)


def write_dot(graph: nx.Graph, path: str | Path, *, title: str | None = None) -> Path:
    """Write :func:`generate_dot` to ``path``."""
    path = Path(path)
    path.write_text(generate_dot(graph, title=title), encoding="utf-8")
    return path


__all__ = ["caption", "dot_text", "generate_dot", "quote", "quote_label", "write_dot"]
