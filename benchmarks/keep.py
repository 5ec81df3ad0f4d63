"""A partial run's results with what an earlier run measured and this one did not, each part marked.

``python -m benchmarks --keep-other-sizes`` measures some sizes again (after a change that touches
them) and keeps the rest of ``results.json``; the results file then says which sizes were kept and
from which run, so no figure passes for newer than it is.
"""

from __future__ import annotations


def kept_results(previous: dict, fresh: dict, sizes: list[str], endpoint_sizes: list[str], *, load_test: bool,
                 cli: bool) -> dict:
    """``fresh`` (this run's header) with what ``previous`` measured and this run does not, each part marked
    with the run it comes from (``kept_from``).

    Examples
    --------
    >>> previous = {"measured_on": "2026-11-01", "sizes": {"100": {"runs": {}}, "1000": {"runs": {}}},
    ...             "endpoint": {"100": {"x": 1}}, "cli": {"queries": {}}, "load_test": {"y": 2}}
    >>> kept = kept_results(previous, {"sizes": {}, "measured_on": "2026-11-28", "sizes_arg": "1e3"},
    ...                     ["1000"], ["1000"], load_test=True, cli=False)
    >>> kept["sizes"], kept["endpoint"]
    ({'100': {'runs': {}, 'kept_from': '2026-11-01'}}, {'100': {'x': 1, 'kept_from': '2026-11-01'}})
    >>> kept["cli"], "load_test" in kept
    ({'queries': {}, 'kept_from': '2026-11-01'}, False)
    >>> kept["sizes_arg"]
    '100,1000'
    """
    when = previous.get("measured_on") or "an earlier run"

    def marked(part: dict) -> dict:
        return {**part, "kept_from": part.get("kept_from") or when}

    results = dict(fresh)
    results["sizes"] = {size: marked(part) for size, part in (previous.get("sizes") or {}).items()
                        if size not in sizes}
    results["endpoint"] = {size: marked(part) for size, part in (previous.get("endpoint") or {}).items()
                           if size not in endpoint_sizes}
    if not load_test and previous.get("load_test"):
        results["load_test"] = marked(previous["load_test"])
    if not cli and previous.get("cli"):
        results["cli"] = marked(previous["cli"])
    every = sorted({*results["sizes"], *sizes}, key=int)
    results["sizes_arg"] = ",".join(every)
    return results



def provenance(results: dict) -> str:
    """When the results were measured, and which parts were kept from an earlier run.

    Examples
    --------
    >>> provenance({"measured_on": "2026-11-28 15:00 UTC", "sizes": {"100000": {"kept_from": "2026-11-28 12:01 UTC"},
    ...             "1000000": {}}, "endpoint": {"100000": {"kept_from": "2026-11-28 12:01 UTC"}}})
    'Measured on 2026-11-28 15:00 UTC, except 100,000 triples (kept from the run of 2026-11-28 12:01 UTC), \
the endpoint at 100,000 triples (kept from the run of 2026-11-28 12:01 UTC).'
    >>> provenance({"sizes": {}})
    ''
    """
    kept = [f"{int(size):,} triples (kept from the run of {part['kept_from']})"
            for size, part in (results.get("sizes") or {}).items() if part.get("kept_from")]
    kept += [f"the endpoint at {int(size):,} triples (kept from the run of {part['kept_from']})"
             for size, part in (results.get("endpoint") or {}).items() if part.get("kept_from")]
    kept += [f"the {name} (kept from the run of {results[key]['kept_from']})"
             for key, name in (("load_test", "load test"), ("cli", "command-line processes"))
             if isinstance(results.get(key), dict) and results[key].get("kept_from")]
    if not results.get("measured_on"):
        return ""
    return f"Measured on {results['measured_on']}" + (f", except {', '.join(kept)}." if kept else ".")


__all__ = ["kept_results", "provenance"]
