"""Keeping an earlier run's sizes: what is replaced, what is kept, and the mark on what is kept."""

from __future__ import annotations

from benchmarks.keep import kept_results

PREVIOUS = {"measured_on": "2026-11-01 12:00 UTC",
            "sizes": {"100000": {"runs": {"project": 1}}, "1000000": {"runs": {"project": 2}},
                      "10000000": {"runs": {"project": 3}, "kept_from": "2026-10-01 09:00 UTC"}},
            "endpoint": {"100000": {"clients": [1]}, "1000000": {"clients": [1]}},
            "load_test": {"requests": 5}, "cli": {"queries": {"q": 1}}}


def test_measured_sizes_are_left_out_and_kept_ones_keep_their_oldest_mark() -> None:
    fresh = {"sizes": {}, "measured_on": "2026-11-28 15:00 UTC", "sizes_arg": "1e6"}
    kept = kept_results(PREVIOUS, fresh, ["1000000"], ["1000000"], load_test=False, cli=True)
    assert set(kept["sizes"]) == {"100000", "10000000"}
    assert kept["sizes"]["100000"]["kept_from"] == "2026-11-01 12:00 UTC"
    assert kept["sizes"]["10000000"]["kept_from"] == "2026-10-01 09:00 UTC"
    assert set(kept["endpoint"]) == {"100000"}
    assert kept["load_test"] == {"requests": 5, "kept_from": "2026-11-01 12:00 UTC"}
    assert "cli" not in kept
    assert kept["sizes_arg"] == "100000,1000000,10000000"
    assert kept["measured_on"] == "2026-11-28 15:00 UTC" and PREVIOUS["sizes"]["100000"] == {"runs": {"project": 1}}
