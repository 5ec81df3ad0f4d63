"""Analyses of the views: pure functions on NetworkX graphs, and :func:`analyze` to run them on a store.

=========================  ===========  ===================================================
name                       view         answers
=========================  ===========  ===================================================
centrality                 alliance*    degree, strength, betweenness, PageRank
brokerage                  alliance*    Burt's constraint, effective size, efficiency
dependency-chains          dependency   paths of dependencies from one organization (org)
single-points-of-failure   dependency   needs with a sole provider; articulation points
dominators                 dependency   providers every path to another organization crosses
loss                       dependency   what one organization loses if a counterparty or
                                        an agreement goes (org, by)
compute-concentration      money        HHI of each lab's compute suppliers
circular-deals             money*       cycles of flows out and back, with amounts, sources
agi-exposure               rights       each provision's exposure to the AGI event
=========================  ===========  ===================================================

``*``: other views accepted with ``view=``. Edges marked ``superseded`` are left out unless
``include_superseded=True``; flows of non-binding instruments are counted (and marked) unless
``Options(binding_only=True)``. The alliance view leaves out CUAD's contracts unless
``Options(include_datasets=("cuad",))``.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> _ = g.add_edge("a", "b", key="x", kind="investment", amount=5.0, currency="USD")
>>> _ = g.add_edge("b", "a", key="y", kind="purchase_commitment", amount=7.0, currency="USD")
>>> run_analysis(g, "circular-deals").rows[0]["circulating"]
5.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import networkx as nx

from alliancekg.graph.network.analysis.agi import agi_exposure_summary, agi_exposure_table
from alliancekg.graph.network.analysis.centrality import brokerage, centrality
from alliancekg.graph.network.analysis.concentration import compute_concentration, hhi
from alliancekg.graph.network.analysis.cycles import circular_deals
from alliancekg.graph.network.analysis.dependency import dependency_chains, dominators, loss, single_points_of_failure
from alliancekg.graph.network.analysis.filters import binding_only, current, label, resolve_node
from alliancekg.graph.network.analysis.report import Report, format_amount
from alliancekg.graph.network.views import VIEWS, build_view
from alliancekg.graph.network.views.alliance import OPTIONAL_DATASETS
from alliancekg.graph.network.views.asof import as_of as view_as_of
from alliancekg.graph.store import KnowledgeStore


class AnalysisError(ValueError):
    """An unknown analysis, a view it cannot run on, or a missing or unknown option."""


@dataclass
class Options:
    """Options some analyses take."""

    org: str | None = None
    by: str = "counterparty"
    max_length: int = 4
    merge_groups: bool = True
    betweenness_sample: int | None = None
    #: Leave out flows of non-binding instruments (letters of intent, memoranda, term sheets).
    binding_only: bool = False
    #: Datasets the alliance view leaves out by default to bring back in (``cuad``).
    include_datasets: tuple[str, ...] = ()
    #: With ``org``: fold every organization of its group (parents, subsidiaries, controlled) into it.
    group: bool = False


@dataclass(frozen=True)
class Analysis:
    """A named analysis: the views it runs on, its columns, and the function computing its rows."""

    name: str
    title: str
    views: tuple[str, ...]
    columns: tuple[str, ...]
    compute: Callable[[nx.MultiGraph, Options], list[dict[str, object]]]
    needs_org: bool = False
    notes: Callable[[nx.MultiGraph, list[dict[str, object]]], list[str]] = field(default=lambda g, rows: [])

    @property
    def default_view(self) -> str:
        return self.views[0]


def _agi_notes(graph: nx.MultiGraph, rows: list[dict[str, object]]) -> list[str]:
    summary: dict[str, list[str]] = {}
    for row in agi_exposure_summary(graph):
        summary.setdefault(str(row["holder_label"]), []).append(f"{row['provisions']} {row['exposure']}")
    return [f"{holder}: {', '.join(parts)}" for holder, parts in summary.items()]


def _cycle_notes(graph: nx.MultiGraph, rows: list[dict[str, object]]) -> list[str]:
    return [f"{r['cycle']}: {'; '.join(str(leg['text']) for leg in r['legs'])}" for r in rows]


ALL_VIEWS = tuple(VIEWS)
ANY_VIEW = ("alliance", *[v for v in ALL_VIEWS if v != "alliance"])
ANALYSES: dict[str, Analysis] = {a.name: a for a in (
    Analysis("centrality", "Centrality of organizations", ANY_VIEW,
             ("label", "degree", "strength", "betweenness", "pagerank"),
             lambda g, o: centrality(g, betweenness_sample=o.betweenness_sample)),
    Analysis("brokerage", "Brokerage (Burt's structural holes)", ANY_VIEW,
             ("label", "degree", "constraint", "effective_size", "efficiency"), lambda g, o: brokerage(g)),
    Analysis("dependency-chains", "Dependency chains", ("dependency",), ("chain", "length", "needs"),
             lambda g, o: dependency_chains(g, str(o.org), max_length=o.max_length), needs_org=True),
    Analysis("single-points-of-failure", "Single points of failure", ("dependency",),
             ("kind", "org_label", "need", "provider_label", "edges", "via"),
             lambda g, o: single_points_of_failure(g)),
    Analysis("dominators", "Providers every dependency path goes through", ("dependency",),
             ("target_label", "through_label", "direct"), lambda g, o: dominators(g, str(o.org)), needs_org=True),
    Analysis("loss", "What an organization loses if one counterparty or agreement goes", ("dependency",),
             ("lost_label", "needs_lost", "needs_reduced", "edges", "amounts"),
             lambda g, o: loss(g, str(o.org), by=o.by), needs_org=True),
    Analysis("compute-concentration", "Concentration of compute suppliers (HHI)", ("money",),
             ("lab_label", "currency", "basis", "suppliers", "total", "hhi", "top_supplier_label", "top_share",
              "shares"), lambda g, o: compute_concentration(g, merge=o.merge_groups)),
    Analysis("circular-deals", "Circular deals: flows out and back", ("money", "ownership", "dependency"),
             ("cycle", "length", "circulating", "currency"),
             lambda g, o: circular_deals(g, max_length=o.max_length, merge=o.merge_groups), notes=_cycle_notes),
    Analysis("agi-exposure", "Exposure of provisions to the AGI event", ("rights",),
             ("label", "kind", "holder_label", "counterparty_label", "exposure", "ends", "ends_on"),
             lambda g, o: agi_exposure_table(g), notes=_agi_notes),
)}


def get_analysis(name: str) -> Analysis:
    """The analysis called ``name``, or :class:`AnalysisError` listing the valid names."""
    try:
        return ANALYSES[name]
    except KeyError:
        raise AnalysisError(f"unknown analysis {name!r}; valid: {', '.join(ANALYSES)}") from None


def run_analysis(graph: nx.MultiGraph, name: str, options: Options | None = None, *, view: str | None = None,
                 include_superseded: bool = False) -> Report:
    """Run analysis ``name`` on a view graph (pure)."""
    analysis = get_analysis(name)
    options = options or Options()
    if analysis.needs_org:
        if not options.org:
            raise AnalysisError(f"analysis {name!r} needs an organization (org)")
        found = resolve_node(graph, options.org)
        if found is None:
            names = sorted(str(d.get("label", n)) for n, d in graph.nodes(data=True))
            raise AnalysisError(f"{options.org!r} is not an organization of this view; valid: {', '.join(names)}")
        options = replace(options, org=found)
    work = graph if include_superseded else current(graph)
    if options.binding_only:
        work = binding_only(work)
    rows = analysis.compute(work, options)
    title = analysis.title + (f" ({view} view)" if view else "")
    if analysis.needs_org:
        title += f" for {label(graph, options.org)}"
    return Report(name, title, list(analysis.columns), rows, analysis.notes(work, rows))


def analyze(store: KnowledgeStore, name: str, *, view: str | None = None, options: Options | None = None,
            include_superseded: bool = False, as_of: dt.date | None = None) -> Report:
    """Build the view ``name`` runs on (its default, or ``view``) from ``store`` and run it.

    ``as_of`` (money view only) runs it on the view as it stood on that date (see
    :func:`~alliancekg.graph.network.views.asof.as_of`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliancekg.graph.build import build_store
    >>> from alliancekg.graph.store import OxigraphStore
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> _ = build_store(path, reason=False)
    >>> report = analyze(OxigraphStore(path), "circular-deals")
    >>> any(r["cycle"] == "Microsoft → OpenAI → Microsoft" for r in report.rows)
    True
    """
    analysis = get_analysis(name)
    view = view or analysis.default_view
    if view not in analysis.views:
        raise AnalysisError(f"analysis {name!r} runs on the views {', '.join(analysis.views)}, not {view!r}")
    include = options.include_datasets if options else ()
    unknown = sorted(set(include) - set(OPTIONAL_DATASETS))
    if unknown:
        raise AnalysisError(f"unknown dataset {', '.join(map(repr, unknown))} for include_datasets; "
                            f"valid: {', '.join(OPTIONAL_DATASETS)}")
    if as_of is not None and view != "money":
        raise AnalysisError(f"as of a date runs on the money view, not {view!r}")
    graph = build_view(store, view, include_datasets=include)
    if as_of is not None:
        graph = view_as_of(graph, as_of)
    if options and options.group:
        graph, options = _group_wide(store, graph, options)
    return run_analysis(graph, name, options, view=view, include_superseded=include_superseded)


def _group_wide(store: KnowledgeStore, graph, options: Options):
    """The view with the ``org``'s whole group folded into one node, and options naming that node."""
    from dataclasses import replace

    from alliancekg.graph.rights.groups import fold_group, resolve_name
    from alliancekg.graph.rights.scenarios import ScenarioError

    if not options.org:
        raise AnalysisError("group needs an organization (--org)")
    try:
        found = resolve_name(store, options.org)
    except ScenarioError as exc:
        raise AnalysisError(str(exc)) from None
    folded = fold_group(graph, found.node, list(found.group), f"{found.label} (group)")
    return folded, replace(options, org=found.node)


__all__ = [
    "ANALYSES", "Analysis", "AnalysisError", "Options", "Report", "agi_exposure_summary", "agi_exposure_table",
    "analyze", "binding_only", "brokerage", "centrality", "circular_deals", "compute_concentration", "current",
    "dependency_chains", "dominators", "format_amount", "get_analysis", "hhi", "loss", "run_analysis",
    "single_points_of_failure",
]
