"""The ``ownership`` view: who owns, controls or consolidates whom.

Directed multigraph of organizations (IRIs as node ids). Edges, from the owning side to the
owned side, keyed by the stake IRI or, for plain relations, by the property IRI:

- ``equity_stake``: owner → issuer, with ``percent``, ``basis``, ``as_of``, ``valuation`` and
  ``currency``, ``agreement`` (the one that established it) and ``superseded`` (a later stake
  replaces it);
- ``control``: controller → controlled (``akg:controls`` / ``akg:controlledBy``);
- ``subsidiary``: parent → subsidiary (``akg:subsidiaryOf``);
- ``group_member``: corporate group → member (``akg:groupMember``).

Every edge has ``kind``, ``label``, ``iri``, ``sources`` (`` | ``-joined) and ``source_count``.
"""

from __future__ import annotations

import networkx as nx

from alliancekg.graph.network.views.common import add_org, free_key, new_view
from alliancekg.graph.network.views.records import (
    Organization,
    fetch_labels,
    fetch_organizations,
    fetch_sources,
    fetch_supersessions,
    label_of,
    sources_attributes,
)
from alliancekg.graph.network.views.rows import Row, select
from alliancekg.graph.store import KnowledgeStore

NAME = "ownership"
RELATION_LABELS = {"control": "controls", "subsidiary": "parent of", "group_member": "has group member"}


def ownership_graph(rows: list[Row], orgs: dict[str, Organization], sources: dict[str, list[str]],
                    supersessions: dict[str, list[str]], labels: dict[str, str]) -> nx.MultiDiGraph:
    """Build the view from the rows of ``ownership.rq`` and the records it refers to (pure)."""
    graph = new_view(NAME)
    for row in rows:
        u, v = add_org(graph, orgs, str(row["from"])), add_org(graph, orgs, str(row["to"]))
        kind, edge = str(row["kind"]), str(row["edge"])
        if kind != "equity_stake" and graph.has_edge(u, v, edge):
            continue
        if kind == "equity_stake" and graph.has_edge(u, v, edge):
            data = graph.edges[u, v, edge]
        else:
            key = free_key(graph, u, v, edge, "2") if kind == "equity_stake" else edge
            graph.add_edge(u, v, key=key, kind=kind, iri=edge,
                           **sources_attributes(str(row["stated"]), sources=sources))
            data = graph.edges[u, v, key]
        if kind == "equity_stake":
            data.setdefault("label", str(row.get("label", "equity stake")))
            for column, name in (("percent", "percent"), ("valuation", "valuation")):
                if isinstance(row.get(column), int | float):
                    data[name] = float(row[column])
            if "basis" in row:
                data["basis"] = label_of(str(row["basis"]), labels)
            for column, name in (("asOf", "as_of"), ("currency", "currency"), ("agreement", "agreement")):
                if column in row:
                    data[name] = str(row[column])
            data["superseded"] = edge in supersessions
        else:
            data["label"] = RELATION_LABELS[kind]
    return graph


def build_ownership(store: KnowledgeStore) -> nx.MultiDiGraph:
    """The ``ownership`` view of ``store`` (five queries)."""
    labels = fetch_labels(store)
    return ownership_graph(select(store, "ownership"), fetch_organizations(store, labels), fetch_sources(store),
                           fetch_supersessions(store), labels)


__all__ = ["NAME", "build_ownership", "ownership_graph"]
