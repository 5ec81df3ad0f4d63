"""End conditions of provisions, in words."""

from __future__ import annotations

import datetime as dt

from alliancekg.graph.network.views.conditions import AGI_DECLARED, Condition, describe, describe_all


def test_conditions_read_as_words() -> None:
    agi = Condition("c1", "event", event_type=AGI_DECLARED)
    date = Condition("c2", "date", on_date=dt.date(2030, 12, 31))
    assert describe(date) == "on 2030-12-31"
    assert describe(agi) == "AGI declared"
    assert describe(Condition("c3", "all-of", operands=(agi, date))) == "all of: AGI declared; on 2030-12-31"
    assert describe_all([agi, date]) == "first of: AGI declared; on 2030-12-31"
    assert describe_all([date]) == "on 2030-12-31" and describe_all([]) == ""
