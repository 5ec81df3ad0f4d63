"""Organizations and their groups: which node a name maps to, and who belongs to its group.

Organizations stay separate nodes (Google and Alphabet, SoftBank Corp. and SoftBank Group) and
are linked by control and subsidiary facts (``akg:subsidiaryOf``, ``akg:controls`` /
``akg:controlledBy``, ``akg:groupMember``). An organization's *group* is every organization
linked to it through those facts, in either direction: the top parents it belongs to and
everything below them. ``--group`` on the command line and ``group=true`` in ``/api/rights`` ask
group-wide with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alliancekg.graph.rights.scenarios import ScenarioError
from alliancekg.graph.store import KnowledgeStore
from alliancekg.graph.store.terms import TermError, compact, make_iri

#: One step up from an organization to its parent, controller or corporate group.
UP = "(akg:subsidiaryOf|akg:controlledBy|^akg:controls|^akg:groupMember)"

GROUP_QUERY = f"""
SELECT DISTINCT ?member ?label WHERE {{
  ?org {UP}* ?top .
  FILTER NOT EXISTS {{ ?top {UP} ?above }}
  ?member {UP}* ?top .
  OPTIONAL {{ ?member rdfs:label ?label }}
}}
"""

NAMES_QUERY = """
SELECT ?org ?name ?how WHERE {
  ?org a ?type . VALUES ?type { akg:Organization akg:CorporateGroup }
  { ?org rdfs:label ?name . BIND("label" AS ?how) } UNION { ?org akg:alias ?name . BIND("alias" AS ?how) }
}
"""


@dataclass(frozen=True)
class Resolution:
    """Which node a name maps to, how it matched, and the node's group."""

    name: str
    node: str
    label: str
    matched_by: str  # "label", "alias", "CURIE" or "IRI"
    group: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (node, label) of every member

    def record(self) -> dict[str, object]:
        """A JSON-friendly record."""
        return {"name": self.name, "node": self.node, "curie": compact(self.node), "label": self.label,
                "matched_by": self.matched_by,
                "group": [{"node": node, "label": label} for node, label in self.group]}


def group_members(store: KnowledgeStore, org: str) -> list[tuple[str, str]]:
    """Every organization in ``org``'s group (``org`` included), as (node, label), sorted by label.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> with OxigraphStore(path, read_only=True) as store:
    ...     [label for _, label in group_members(store, "https://w3id.org/alliance-kg/id/ent/google")]
    ['Alphabet', 'Google']
    """
    from rdflib import URIRef

    rows = store.query(GROUP_QUERY, {"org": URIRef(org)}).rows
    members = {str(row["member"]): str(row.get("label", row["member"])) for row in rows}
    members.setdefault(org, org)
    return sorted(members.items(), key=lambda item: (item[1].casefold(), item[0]))


def resolve_name(store: KnowledgeStore, text: str) -> Resolution:
    """The organization ``text`` names (label or alias in any case, CURIE or IRI), with its group.

    A name that fits several nodes, or none, raises :class:`ScenarioError` listing them.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> with OxigraphStore(path, read_only=True) as store:
    ...     found = resolve_name(store, "softbank corp.")
    >>> (found.label, found.matched_by, [label for _, label in found.group])
    ('SoftBank Corp.', 'label', ['SoftBank Corp.', 'SoftBank Group'])
    """
    rows = store.query(NAMES_QUERY).rows
    labels: dict[str, str] = {}
    for row in rows:
        if row["how"].toPython() == "label":
            labels.setdefault(str(row["org"]), str(row["name"]))
    wanted = text.strip().casefold()
    matches: dict[str, str] = {}
    for row in rows:
        if str(row["name"]).casefold() == wanted:
            matches.setdefault(str(row["org"]), str(row["how"]))
    if not matches:
        try:
            iri = str(make_iri(text.strip()))
        except TermError:
            iri = ""
        if iri in labels:
            matches[iri] = "IRI" if text.strip() == iri else "CURIE"
    if not matches:
        raise ScenarioError(f"no organization is named {text!r} (label, alias, CURIE or IRI)")
    if len(matches) > 1:
        listed = ", ".join(f"{compact(node)} ({labels.get(node, node)})" for node in sorted(matches))
        raise ScenarioError(f"the name {text!r} fits several organizations: {listed}")
    node, how = next(iter(matches.items()))
    return Resolution(text, node, labels.get(node, node), how, tuple(group_members(store, node)))





def fold_group(graph, node: str, members: list[tuple[str, str]], label: str):
    """``graph`` with every member of a group folded into ``node`` (labelled ``label``); loops dropped.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("google", "anthropic", key="invest")
    >>> _ = g.add_edge("google", "alphabet", key="owned")
    >>> folded = fold_group(g, "alphabet", [("alphabet", "Alphabet"), ("google", "Google")], "Alphabet group")
    >>> list(folded.edges(keys=True)), folded.nodes["alphabet"]["label"]
    ([('alphabet', 'anthropic', 'invest')], 'Alphabet group')
    """
    import networkx as nx

    mapping = {member: node for member, _ in members if member != node and member in graph}
    data = dict(graph.nodes[node]) if node in graph else {}
    folded = nx.relabel_nodes(graph, mapping, copy=True) if mapping else graph.copy()
    if node not in folded:
        return folded
    folded.nodes[node].clear()
    folded.nodes[node].update(data, label=label)
    loops = [edge for edge in (folded.edges(keys=True) if folded.is_multigraph() else folded.edges())
             if edge[0] == edge[1]]
    folded.remove_edges_from(loops)
    return folded
__all__ = ["GROUP_QUERY", "Resolution", "fold_group", "group_members", "resolve_name"]
