"""The analyst views of the web page (rights in force, exports) as worker operations.

Like the SPARQL operations of :mod:`alliancekg.server.operations`, each is a function
of a ``pyoxigraph.Store`` and a picklable job, run in a query worker under the server's
timeout, memory bound, result limit and read/write lock.  The heavier modules they need
(rights, scenarios, exports) are imported when an operation first runs in a worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyoxigraph as ox

from alliancekg.graph.store import OxigraphStore
from alliancekg.server.errors import OperationError
from alliancekg.server.held import is_held_still, kept_while_still


class WorkerStore(OxigraphStore):
    """The worker's open ``pyoxigraph.Store`` seen as a :class:`~alliancekg.graph.store.KnowledgeStore`.

    The worker owns the handle: closing this view leaves it open.  With ``snapshot`` the handle shows
    one version of the data for as long as it is open (the handle held still, a reader's read-only
    handle, reopened when the data changes: see :func:`worker_view`), so what the rights engine reads
    through this view is kept with it (:mod:`alliancekg.graph.rights.cache`).

    Examples
    --------
    >>> WorkerStore(ox.Store()).triple_count()
    0
    """

    def __init__(self, store: ox.Store, *, snapshot: bool = False) -> None:
        # The parent's __init__ opens a store: not wanted here.
        self.path = None
        self.oxigraph = store
        self.location = "query worker"
        self.snapshot = snapshot

    def close(self) -> None:
        """Keep the worker's handle open."""


def worker_view(store: ox.Store) -> WorkerStore:
    """The view of ``store`` for one job.

    On the handle the worker holds still (:func:`~alliancekg.server.held.hold_still`, a
    reader's read-only handle) it is one ``snapshot`` view for as long as the handle is held, so
    what was read through it is kept; on any other handle (the writer's, a thread executor's) a new
    view, which keeps nothing across jobs.

    Examples
    --------
    >>> from alliancekg.server.held import hold_still
    >>> held = hold_still(ox.Store())
    >>> worker_view(held) is worker_view(held), worker_view(held).snapshot
    (True, True)
    >>> other = ox.Store()
    >>> worker_view(other) is worker_view(other), worker_view(other).snapshot
    (False, False)
    """
    if not is_held_still(store):
        return WorkerStore(store)
    return kept_while_still(store, "worker view", lambda: WorkerStore(store, snapshot=True))


@dataclass(frozen=True)
class RightsJob:
    """``/api/rights``: provision states at ``at`` under the scenario ``events`` (``TYPE@DATE`` specs) and
    ``observations`` (``MEASURE=VALUE@DATE`` specs)."""

    at: dt.date
    events: tuple[str, ...] = ()
    observations: tuple[str, ...] = ()
    holder: str | None = None
    terms_as_of: dt.date | None = None
    max_results: int | None = None
    group: bool = False


@dataclass(frozen=True)
class ExportJob:
    """``/api/export``: the view ``view`` in the format ``fmt``."""

    view: str
    fmt: str
    max_results: int | None = None
    agreement_nodes: str = "none"


@dataclass(frozen=True)
class ExportFile:
    """The answer of ``/api/export``: the file's bytes, media type and extension (with its dot)."""

    content: bytes
    media_type: str
    extension: str


def _too_large(limit: int, what: str) -> OperationError:
    return OperationError(422, f"the answer has more than {limit} {what}, the limit of this server (--max-results)")


def rights(store: ox.Store, job: RightsJob) -> dict[str, object]:
    """The JSON answer of ``/api/rights`` (400 for an unknown event type, measure or holder)."""
    from alliancekg.graph.rights.evaluation import resolve_organization, rights_at
    from alliancekg.graph.rights.observations import measures, parse_observation
    from alliancekg.graph.rights.scenarios import ScenarioError, event_types, parse_event

    view = worker_view(store)
    try:
        events = sorted(parse_event(spec, event_types(view)) for spec in job.events)
        known = measures(view) if job.observations else {}
        observations = sorted(parse_observation(spec, known) for spec in job.observations)
        if job.group and not job.holder:
            raise ScenarioError("group=true needs holder")
        if job.group:
            from alliancekg.graph.rights.groups import resolve_name

            holder = resolve_name(view, job.holder).node
        else:
            holder = resolve_organization(view, job.holder) if job.holder else None
    except ScenarioError as exc:
        raise OperationError(400, str(exc)) from None
    states = rights_at(view, job.at, events, holder=holder, terms_as_of=job.terms_as_of, observations=observations,
                       group=job.group)
    if job.max_results is not None and len(states) > job.max_results:
        raise _too_large(job.max_results, "provisions")
    return {"at": job.at.isoformat(), "events": [str(e) for e in events],
            "observations": [str(o) for o in observations],
            "provisions": [s.record() for s in states]}


def rights_choices(store: ox.Store, job: object = None) -> dict[str, list[dict[str, str]]]:
    """The JSON answer of ``/api/rights/choices``: event types and holders the form offers."""
    from alliancekg.graph.rights.observations import measure_choices, measures
    from alliancekg.graph.rights.scenarios import event_types, slug

    view = WorkerStore(store)
    types = event_types(view)
    result = view.query(
        "SELECT DISTINCT ?org ?label WHERE { ?p akg:holder ?org . ?org rdfs:label ?label } ORDER BY ?label"
    )
    return {
        "eventTypes": [{"value": slug(label), "label": label} for label in sorted(types.values())],
        "holders": [{"value": str(row["org"]), "label": str(row["label"])} for row in result.rows],
        "measures": measure_choices(measures(view)),
    }


def export(store: ox.Store, job: ExportJob) -> ExportFile:
    """The file of ``/api/export``, made by :func:`~alliancekg.graph.network.exports.export_bytes`
    (the same bytes as ``alliancekg export``), with its media type and extension from the format registry.

    400 for an unknown view or format, or a view that does not go with the format; 422 when the
    view has more triples (RDF and ODRL formats) or edges (graph formats) than ``job.max_results``.
    """
    from alliancekg.graph.network.exports import ExportError, ExportTooLarge, export_bytes, get_format

    try:
        content, media_type = export_bytes(WorkerStore(store), job.view, job.fmt,
                                           agreement_nodes=job.agreement_nodes, max_items=job.max_results)
    except ExportTooLarge as exc:
        raise _too_large(exc.limit, exc.unit) from None
    except ExportError as exc:
        raise OperationError(400, str(exc).strip("'\"")) from None
    return ExportFile(content, media_type, get_format(job.fmt).extension)


__all__ = ["ExportFile", "ExportJob", "RightsJob", "WorkerStore", "export", "rights", "rights_choices", "worker_view"]
