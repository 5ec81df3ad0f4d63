"""The handle a worker holds still: what is kept on it, and nothing kept on any other handle."""

from __future__ import annotations

import pyoxigraph as ox

from alliancekg.server.held import hold_still, is_held_still, kept_while_still


def test_holding_a_new_handle_forgets_what_was_kept_for_the_last() -> None:
    first = hold_still(ox.Store())
    kept = kept_while_still(first, "view", object)
    assert kept_while_still(first, "view", object) is kept
    second = hold_still(ox.Store())
    assert not is_held_still(first) and is_held_still(second)
    assert kept_while_still(second, "view", object) is not kept
    assert kept_while_still(first, "view", object) is not kept_while_still(first, "view", object)


def test_a_handle_not_held_still_gets_a_fresh_answer_every_time() -> None:
    hold_still(ox.Store())
    other = ox.Store()
    made = [kept_while_still(other, "dataset", list) for _ in range(3)]
    assert len({id(item) for item in made}) == 3
