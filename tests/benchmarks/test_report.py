"""The benchmark report: ratios and verdicts against the issue's targets, from measurements alone."""

from __future__ import annotations

from benchmarks import report


def run(load: float, queries: dict[str, float | None], compaction: float | None = None) -> dict:
    catalog = {name: ({"p50_ms": ms, "p99_ms": ms, "rows": 1} if ms is not None else {"error": "x", "rows": None})
               for name, ms in queries.items()}
    return {"load": {"seconds": load, "quads": 10, "compaction_seconds": compaction}, "catalog": catalog}


def test_targets_name_what_is_met_and_what_is_missed() -> None:
    runs = {
        "project": run(1.0, {"fast": 1.0, "slow": 60.0, "close": 10.0}, compaction=0.5),
        "pyoxigraph": run(1.1, {"fast": 1.0, "slow": 55.0, "close": 9.0}),
        "rdflib": run(9.0, {"fast": 100.0, "slow": 6000.0, "close": 50.0}),
    }
    targets, load, catalog = report.size_tables(1000, runs)[:3]
    rows = {row[0]: row[1:] for row in targets.rows}
    assert rows["load ≥ 8× rdflib"] == ["9.00×", "met"]
    assert rows["load ≥ 8× rdflib, counting the compaction before serving"] == ["6.00×", "**missed**"]
    assert rows["catalog queries ≥ 15× rdflib: geometric mean"][1] == "met"
    assert rows["catalog queries ≥ 15× rdflib: each query rdflib can run"] == [
        "2 of 3 (below: close 5.00×)", "**missed**"]
    assert rows["catalog query p50 ≤ 50 ms"] == ["2 of 3 (over: slow)", "**missed**"]
    assert "rdflib / project: **9.00×**" in load.notes[0]
    assert [row[0] for row in catalog.rows] == ["close", "fast", "slow"]


def test_queries_rdflib_cannot_run_are_left_out_of_the_ratios() -> None:
    runs = {"project": run(1.0, {"a": 1.0, "b": 2.0}), "rdflib": run(8.0, {"a": 20.0, "b": None})}
    targets = report.size_tables(1000, runs)[0]
    rows = {row[0]: row[1:] for row in targets.rows}
    assert rows["catalog queries ≥ 15× rdflib: each query rdflib can run"] == ["1 of 1", "met"]


def test_rights_views_and_exports_are_judged_against_yardsticks_of_the_same_run() -> None:
    runs = {
        "project": {"rights": {"p50_ms": 400.0, "first_ms": 3000.0, "holder_ms": 250.0},
                    "projection": {"p50_ms": 900.0, "view_ms": 800.0}, "exports": {"graphml": {"p50_ms": 1000.0}}},
        "pyoxigraph": {"projection": {"p50_ms": 300.0}},
    }
    rows = {row[0]: row[1:] for row in report.in_process_table(1000, runs).rows}
    assert rows["rights in force, every provision, after the first answer ≤ 1 s"] == [
        "400.0 ms (first answer: 3.0 s)", "met"]
    assert rows["rights for one holder, nothing kept (as a server worker) ≤ 200 ms"] == ["250.0 ms", "**missed**"]
    assert rows["alliance view + PageRank ≤ 2× raw pyoxigraph running the same view queries"] == [
        "900.0 ms / 300.0 ms = 3.00×", "**missed**"]
    assert rows["GraphML export of the alliance view ≤ 2× building the view"] == ["1.0 s / 800.0 ms = 1.25×", "met"]
def endpoint_run(throughput: float, ask_ms: float, per_query: dict[str, float]) -> dict:
    clients = {"throughput": throughput, "errors": 0, "p50_ms": 1.0, "per_query_p50_ms": per_query}
    return {"ask_cpu_ms": ask_ms, "clients_1": clients, "clients_8": clients,
            "big_answer": {"seconds": 1.0, "bytes": 10, "peak_mib": 100.0, "growth_mib": 2.0,
                           "worker_growth_mib": 12.0}}


def test_the_endpoint_comparison_gives_ratios_of_medians_and_verdicts() -> None:
    from benchmarks import load_test

    summary = {"triples": 1000, "clients": [1, 8], "seconds": 1.0, "rounds": 2, "workers": None,
               "runs": {"project": [endpoint_run(9.0, 0.3, {"q": 3.0}), endpoint_run(11.0, 0.5, {"q": 5.0})],
                        "oxigraph": [endpoint_run(10.0, 0.1, {"q": 1.0}), endpoint_run(10.0, 0.1, {"q": 1.0})]},
               "in_process_ms": {"q": 2.0}}
    summary_table, queries = load_test.comparison_tables(summary)
    rows = {row[0]: row[1:] for row in summary_table.rows}
    assert rows["catalog mix, 1 client (req/s)"] == ["10.0", "10.0", "1.00", "≥ 0.9: met"]
    assert rows["`ASK {}` server CPU per request (ms)"][2:] == ["4.0", "≤ 2: **missed**"]
    assert "web 2.0, worker 12.0" in next(v for k, v in rows.items() if k.startswith("50,000-row JSON answer: peak"))
    # Recorded before the sequential client: the 1-client run of the mix, and no web page path.
    assert queries.rows == [["q", "4.0", "–", "1.0", "2.0", "2.00", "–", "4.00"]]


def test_the_per_query_table_uses_the_sequential_client_and_the_web_page_path_when_measured() -> None:
    from benchmarks import load_test

    sequential = {"project": {"floor": {"p50_ms": 0.4}, "endpoint:q": {"p50_ms": 2.4}, "page:q": {"p50_ms": 3.2}},
                  "oxigraph": {"floor": {"p50_ms": 0.2}, "endpoint:q": {"p50_ms": 2.2}}}
    summary = {"triples": 1000, "clients": [1], "seconds": 1.0, "rounds": 1, "workers": None, "latency_rounds": 3,
               "runs": {system: [{**endpoint_run(10.0, 0.1, {"q": 9.0}), "sequential": sequential[system]}]
                        for system in ("project", "oxigraph")},
               "in_process_ms": {"q": 2.0}}
    summary_table, queries = load_test.comparison_tables(summary)
    assert queries.rows == [["q", "2.4", "3.2", "2.2", "2.0", "1.20", "1.60", "1.09"]]
    assert "endpoint 0.4 ms, oxigraph serve 0.2 ms" in queries.notes[0]
    rows = {row[0]: row[1:] for row in summary_table.rows}
    assert rows["catalog queries via the endpoint within 1.5× of the CLI's in-process p50"][-1] == "met"
    assert rows["catalog queries via the web page within 1.5× of the CLI's in-process p50"][-1].startswith("**missed**")
