"""Planning: month targets spread by weekday, associates' days, the schedule. Figures by hand."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import col, select

from floorcon.models import Shift, Target
from floorcon.services.parsing import InputError
from floorcon.services.planning import (
    plan,
    remove_shift,
    set_associate_day_target,
    set_month_target,
    set_shift,
    split_day_by_weights,
)
from floorcon.services.targets import day_targets
from floorcon.services.team import on_floor

from .conftest import TODAY

NOV = date(2026, 11, 1)
SATURDAYS = [date(2026, 11, d) for d in (7, 14, 21, 28)]
SUNDAYS = [date(2026, 11, d) for d in (1, 8, 15, 22, 29)]


def day_rows(session, b, associate=False):
    query = select(Target).where(Target.boutique_id == b, Target.period == "day")
    if associate:
        query = query.where(col(Target.associate_id).is_not(None))
        return {(t.associate_id, t.start): t.value for t in session.exec(query)}
    query = query.where(col(Target.associate_id).is_(None))
    return {t.start: t.value for t in session.exec(query)}


def test_month_spread_by_weekday_pattern(store, clock, small):
    b = store.boutique_id
    total = 478_030_000  # € 4,780,300.00
    pattern = {0: 1.0, 1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0, 5: 1.4}
    with store.write() as s:
        spread = set_month_target(s, b, NOV, total, pattern, clock)
    # November 2026: 30 days, 5 Sundays (closed) -> 25 selling days, 4 of them Saturdays.
    # Weight: 21 x 1.0 + 4 x 1.4 = 26.6.
    # A weekday: 478,030,000 x 10 / 266 = 17,971,052.63 -> 17,971,052
    # A Saturday: 478,030,000 x 14 / 266 = 25,159,473.68 -> 25,159,473
    # Rounded down: 21 x 17,971,052 + 4 x 25,159,473 = 377,392,092 + 100,637,892 = 478,029,984
    # Remainder 16: one each to the 4 Saturdays, then the first 12 weekdays (2 to 17 Nov).
    assert len(spread) == 25
    assert not set(SUNDAYS) & set(spread)
    for d in SATURDAYS:
        assert spread[d] == 25_159_474
    first_twelve = [d for d in sorted(spread) if d not in SATURDAYS][:12]
    assert first_twelve[0] == date(2026, 11, 2) and first_twelve[-1] == date(2026, 11, 17)
    for d in first_twelve:
        assert spread[d] == 17_971_053
    assert spread[date(2026, 11, 18)] == 17_971_052
    assert spread[date(2026, 11, 30)] == 17_971_052
    assert sum(spread.values()) == total
    with store.read() as s:
        month = s.exec(select(Target).where(Target.boutique_id == b, Target.period == "month")).all()
        assert [(m.start, m.value, m.associate_id) for m in month] == [(NOV, total, None)]
        rows = day_rows(s, b)
        assert rows == spread  # the conftest's 25 Nov day target was replaced
        assert rows[TODAY] == 17_971_052


def test_default_pattern_is_opening_days_equal(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        spread = set_month_target(s, b, NOV, 2_500_001, None, clock)
    # 25 selling days: 100,000 each, the 1 left over to the first day (2 Nov).
    assert len(spread) == 25
    assert spread[date(2026, 11, 2)] == 100_001
    assert set(spread.values()) == {100_000, 100_001}
    assert sum(spread.values()) == 2_500_001


def test_setting_again_replaces(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        set_month_target(s, b, NOV, 2_500_000, None, clock)
    with store.write() as s:
        set_month_target(s, b, NOV, 500_000, {5: 1}, clock)  # Saturdays only
    with store.read() as s:
        assert day_rows(s, b) == {d: 125_000 for d in SATURDAYS}
        assert s.exec(select(Target.value).where(Target.period == "month")).all() == [500_000]


@pytest.mark.parametrize(
    ("first", "total", "pattern", "says"),
    [
        (date(2026, 11, 2), 100, None, "first day"),
        (NOV, -5, None, "0 or more"),
        (NOV, 100, {6: 1.0}, "no opening day"),
        (NOV, 100, {0: -1.0}, "negative"),
        (NOV, 100, {7: 1.0}, "not a weekday"),
    ],
)
def test_month_target_refuses_bad_values(store, clock, small, first, total, pattern, says):
    with store.write() as s, pytest.raises(InputError, match=says):
        set_month_target(s, store.boutique_id, first, total, pattern, clock)


def test_associate_day_target_wins(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        set_associate_day_target(s, b, small.sop, TODAY, 1_500_000)
    with store.write() as s:
        set_associate_day_target(s, b, small.sop, TODAY, 1_600_000)  # updated, not added
    with store.read() as s:
        assert day_rows(s, b, associate=True) == {(small.sop, TODAY): 1_600_000}
        _total, shares = day_targets(s, b, TODAY, on_floor(s, b, clock, TODAY))
        # The other 1,400,000 over LD (4.5 h) and AK (6 h): 600,000 and 800,000.
        assert shares == {small.sop: 1_600_000, small.ld: 600_000, small.ak: 800_000}
    with store.write() as s, pytest.raises(InputError, match="0 or more"):
        set_associate_day_target(s, b, small.sop, TODAY, -1)


def test_split_day_by_weights_exact(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        parts = split_day_by_weights(s, b, TODAY, {small.sop: 1, small.ld: 1, small.ak: 1})
    # 3,000,000 / 3 = 1,000,000 each, exact.
    assert parts == {small.sop: 1_000_000, small.ld: 1_000_000, small.ak: 1_000_000}
    with store.write() as s:
        set_month_target(s, b, NOV, 2_500_001, None, clock)  # today: 100,000
        parts = split_day_by_weights(s, b, TODAY, {small.sop: 2, small.ld: 1.5, small.ak: 0})
    # 100,000 x 2 / 3.5 = 57,142.86 -> 57,142; x 1.5 / 3.5 = 42,857.14 -> 42,857; 1 left to SOP.
    assert parts == {small.sop: 57_143, small.ld: 42_857}
    with store.read() as s:
        assert day_rows(s, b, associate=True) == {(small.sop, TODAY): 57_143, (small.ld, TODAY): 42_857}
    with store.write() as s, pytest.raises(InputError, match="no boutique target"):
        split_day_by_weights(s, b, date(2026, 12, 1), {small.sop: 1})
    with store.write() as s, pytest.raises(InputError, match="every weight is 0"):
        split_day_by_weights(s, b, TODAY, {small.sop: 0})


def test_shifts_set_replace_and_remove(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        set_shift(s, b, small.mb, TODAY, time(12, 0), time(19, 0), clock)
    with store.read() as s:
        floor = {f.associate.initials: f.hours for f in on_floor(s, b, clock, TODAY)}
        assert floor == {"SOP": 8.5, "LD": 4.5, "AK": 6.0, "MB": 7.0}
        shift = s.exec(select(Shift).where(Shift.associate_id == small.mb, Shift.starts_at >= clock.at(
            TODAY, time(0, 0)))).one()
        assert clock.local(shift.starts_at).format("HH:mm") == "12:00"  # stored in UTC: 11:00Z
        assert shift.starts_at.hour == 11
    with store.write() as s:
        set_shift(s, b, small.mb, TODAY, time(14, 0), time(18, 0), clock)  # replaces
    with store.read() as s:
        assert {f.associate.initials: f.hours for f in on_floor(s, b, clock, TODAY)}["MB"] == 4.0
        p = plan(s, b, clock, TODAY)
        mb = next(f for f in p.floor if f.initials == "MB")
        assert (mb.starts, mb.ends) == ("14:00", "18:00")
        # 3,000,000 by hours 8.5 / 4.5 / 6 / 4 = 23: the shares add up to the day.
        assert sum(f.target or 0 for f in p.floor) == 3_000_000
    with store.write() as s:
        assert remove_shift(s, b, small.mb, TODAY, clock) == 1
    with store.read() as s:
        assert "MB" not in {f.associate.initials for f in on_floor(s, b, clock, TODAY)}
    with store.write() as s, pytest.raises(InputError, match="no shift"):
        remove_shift(s, b, small.mb, TODAY, clock)
    with store.write() as s, pytest.raises(InputError, match="not after"):
        set_shift(s, b, small.mb, TODAY, time(18, 0), time(10, 0), clock)
    with store.write() as s, pytest.raises(InputError, match="no associate"):
        set_shift(s, b, 9999, TODAY, time(10, 0), time(11, 0), clock)


def test_plan_lists_the_month(store, clock, small):
    b = store.boutique_id
    with store.read() as s:
        p = plan(s, b, clock, TODAY)
    assert p.month_total == 60_000_000 and p.day_total == 3_000_000
    assert p.days == [(TODAY, 3_000_000)]
    assert [f.initials for f in p.floor] == ["AK", "LD", "SOP"]
