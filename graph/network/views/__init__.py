"""Named projections of the RDF graph onto NetworkX graphs ("views").

Every view is a NetworkX multigraph whose nodes are organizations, identified by their IRIs,
and whose edges stand for a thing of the data (a stake, a provision, an amount, an agreement),
keyed by that thing's IRI. Attributes are typed (``str``, ``float``, ``int``, ``bool``); dates
are ISO strings; several values (sources, deal types) are joined with `` | ``. No literal ever
becomes a node. Views are built from a few flat SPARQL queries (``.rq`` files in this folder)
through :meth:`KnowledgeStore.query`, so they work on remote endpoints too.

=============  ==========  =====================================================================
view           direction   edges
=============  ==========  =====================================================================
ownership      owner→owned equity stakes, control, subsidiaries, group membership
rights         holder→cp.  one per provision: kind, asset, end condition, AGI exposure
dependency     needs→gives compute, ip, model_access, distribution, capital (mapping in the module)
money          payer→payee one per flow the data states: kind, amount, binding status, sources
alliance       undirected  one per agreement and pair of its parties (CUAD only if asked for)
=============  ==========  =====================================================================

Examples
--------
>>> import tempfile, pathlib
>>> from alliancekg.graph.build import build_store
>>> from alliancekg.graph.store import OxigraphStore
>>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> _ = build_store(path, reason=False)
>>> money = build_view(OxigraphStore(path), "money")
>>> msft, openai = "https://w3id.org/alliance-kg/id/ent/microsoft", "https://w3id.org/alliance-kg/id/ent/openai"
>>> max(d.get("amount", 0.0) for d in money[openai][msft].values())
250000000000.0
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from alliancekg.graph.network.views.alliance import build_alliance
from alliancekg.graph.network.views.common import merge_groups, weighted
from alliancekg.graph.network.views.dependency import build_dependency
from alliancekg.graph.network.views.money import build_money
from alliancekg.graph.network.views.ownership import build_ownership
from alliancekg.graph.network.views.rights import build_rights
from alliancekg.graph.network.views.rows import query_text
from alliancekg.graph.store import KnowledgeStore, OxigraphStore
from alliancekg.graph.store.results import Triple
from alliancekg.ontology.namespaces import PREFIXES


@dataclass(frozen=True)
class View:
    """A named projection: how to build it and which triples it reads."""

    name: str
    title: str
    directed: bool
    build: Callable[[KnowledgeStore], nx.MultiGraph]

    @property
    def construct_query(self) -> str:
        """The CONSTRUCT query returning the triples the view is built from."""
        return query_text(f"triples-{self.name}")


VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        View("ownership", "Equity stakes, control and group membership", True, build_ownership),
        View("rights", "Who holds which provision over whom", True, build_rights),
        View("dependency", "Who depends on whom for compute, IP, model access, distribution, capital", True,
             build_dependency),
        View("money", "Investments, purchase commitments and revenue shares as flows", True, build_money),
        View("alliance", "Organizations linked by agreements", False, build_alliance),
    )
}


class UnknownView(ValueError):
    """No view has that name."""


def get_view(name: str) -> View:
    """The view called ``name``, or :class:`UnknownView` listing the valid names."""
    try:
        return VIEWS[name]
    except KeyError:
        raise UnknownView(f"unknown view {name!r}; valid: {', '.join(VIEWS)}") from None


def build_view(store: KnowledgeStore, name: str, *, include_datasets: Collection[str] = (),
               agreement_nodes: str = "none") -> nx.MultiGraph:
    """Build the view ``name`` from ``store``; ``include_datasets`` brings the agreements of datasets
    the alliance view leaves out by default (``cuad``) back into it; ``agreement_nodes`` draws the
    alliance view's agreements as nodes (``multi-party`` or ``all``, see
    :data:`~alliancekg.graph.network.views.alliance.AGREEMENT_NODES`)."""
    if name == "alliance":
        return build_alliance(store, include_datasets=include_datasets, agreement_nodes=agreement_nodes)
    if agreement_nodes != "none":
        raise ValueError(f"agreement nodes are an option of the alliance view, not of the {name} view")
    return get_view(name).build(store)


def _triples_query(name: str | None) -> str:
    return query_text("triples-all") if name is None or name == "all" else get_view(name).construct_query


def view_triples(store: KnowledgeStore, name: str | None = None) -> list[Triple]:
    """The triples view ``name`` is built from; with no name, every triple of the data graphs."""
    return store.query(_triples_query(name)).triples


def view_oxigraph_triples(store: KnowledgeStore, name: str | None = None) -> ox.QueryTriples | None:
    """:func:`view_triples` as pyoxigraph's own answer, read straight from an embedded store (the
    same query over the same default graph, without building rdflib terms); None for other stores.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> store = OxigraphStore(pathlib.Path(tempfile.mkdtemp()) / "store")
    >>> _ = build_store(store.path, reason=False)
    >>> len(list(view_oxigraph_triples(store, "money"))) == len(view_triples(store, "money"))
    True
    """
    if not isinstance(store, OxigraphStore):
        return None
    return store.oxigraph.query(_triples_query(name), prefixes=PREFIXES, **store.dataset_options())


__all__ = ["VIEWS", "UnknownView", "View", "build_view", "get_view", "merge_groups", "view_oxigraph_triples",
           "view_triples", "weighted"]
