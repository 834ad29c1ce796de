"""KPIs against figures computed by hand from the small boutique in conftest.py."""

from __future__ import annotations

from datetime import date

import pytest

from floorcon.services import kpi
from floorcon.services.dashboard import coaching_pane, followups_pane, targets_pane
from floorcon.services.targets import split_by_hours

from .conftest import TODAY


def test_boutique_day_figures(store, clock, small):
    start, end = clock.day_bounds(TODAY)
    with store.read() as s:
        f = kpi.sales_figures(s, store.boutique_id, start, end)
        visitors = kpi.visitors(s, store.boutique_id, start, end)
        net = kpi.net_sales(s, store.boutique_id, start, end)
        month = kpi.net_sales(s, store.boutique_id, clock.day_bounds(date(2026, 11, 1))[0], end)
        sunday = kpi.net_sales(s, store.boutique_id, *clock.day_bounds(date(2026, 11, 29)))
    assert net == 1_700_000  # the returns count negative, as in the figures
    assert month == 10_000_000 + 200_000 + 1_700_000 and sunday == 0
    # R1 4,850 + R2 1,200 + R3 12,000 + R4 -1,200 (return only) + R5 exchange 150
    assert f.net_sales == 1_700_000
    # positive receipts R1 R2 R3 R5 = 4, minus the return-only R4 = 3
    assert f.transactions == 3
    assert f.units == 3
    # identified: R1, R3 (positive) minus R4 (return only, identified) = 1
    assert f.identified_transactions == 1
    assert kpi.atv(f) == 566_667
    assert kpi.upt(f) == pytest.approx(1.0)
    assert kpi.capture_rate(f) == pytest.approx(1 / 3)
    assert visitors == 90
    assert kpi.conversion(f, visitors) == pytest.approx(3 / 90)


def test_per_associate_figures(store, clock, small):
    start, end = clock.day_bounds(TODAY)
    with store.read() as s:
        by = kpi.sales_figures_by_associate(s, store.boutique_id, start, end)
    assert by[small.sop] == kpi.SalesFigures(605_000, 2, 3, 1)
    assert by[small.ld] == kpi.SalesFigures(1_080_000, 0, 0, 0)
    assert by[small.ak] == kpi.SalesFigures(15_000, 1, 0, 0)
    assert small.mb not in by
    assert kpi.atv(by[small.sop]) == 302_500
    assert kpi.upt(by[small.sop]) == 1.5
    assert kpi.atv(by[small.ld]) is None  # no transaction: no average ticket, not zero


def test_day_without_sales_or_traffic(store, clock, small):
    start, end = clock.day_bounds(date(2026, 11, 29))  # a closed Sunday
    with store.read() as s:
        f = kpi.sales_figures(s, store.boutique_id, start, end)
        visitors = kpi.visitors(s, store.boutique_id, start, end)
    assert f == kpi.SalesFigures()
    assert visitors is None
    assert kpi.conversion(f, visitors) is None
    assert kpi.atv(f) is None and kpi.upt(f) is None and kpi.capture_rate(f) is None


def test_new_clients(store, clock, small):
    with store.read() as s:
        today = kpi.new_clients(s, store.boutique_id, *clock.day_bounds(TODAY))
        month = kpi.new_clients(s, store.boutique_id, *clock.range_bounds(date(2026, 11, 1), TODAY))
    assert today == 2  # Hélène Dubois and James Whitfield; Yuki Tanaka first bought on 3 Nov
    assert month == 3


def test_ratios_edges():
    assert kpi.achievement(500, 1000) == 0.5
    assert kpi.achievement(500, None) is None
    assert kpi.achievement(500, 0) is None
    assert kpi.run_rate_needed(60_000_000, 11_900_000, 5) == 9_620_000
    assert kpi.run_rate_needed(100, 200, 3) == 0
    assert kpi.run_rate_needed(100, 0, 0) is None
    assert kpi.run_rate_needed(None, 0, 3) is None


def test_split_by_hours_adds_up(store, clock, small):
    from floorcon.services.team import on_floor

    with store.read() as s:
        floor = on_floor(s, store.boutique_id, clock, TODAY)
    assert [f.associate.initials for f in floor] == ["AK", "LD", "SOP"]
    shares = split_by_hours(3_000_000, floor)
    # 19 scheduled hours: 8.5 / 4.5 / 6; the odd cent goes to the longest shift
    assert shares == {small.sop: 1_342_106, small.ld: 710_526, small.ak: 947_368}
    assert sum(shares.values()) == 3_000_000


def test_targets_pane(store, clock, settings, small):
    with store.read() as s:
        pane = targets_pane(s, store.boutique_id, clock, settings)
    assert pane.day == TODAY
    assert pane.boutique.target == 3_000_000
    assert pane.boutique.figures.net_sales == 1_700_000
    assert pane.boutique.achievement == pytest.approx(1_700_000 / 3_000_000)
    assert pane.pace == pytest.approx(4.5 / 8.5)
    rows = {r.initials: r for r in pane.associates}
    assert set(rows) == {"SOP", "LD", "AK"}
    assert rows["AK"].behind and not rows["SOP"].behind and not rows["LD"].behind
    assert pane.month_target == 60_000_000
    assert pane.month_to_date == 11_900_000  # 100,000 on 3 Nov + 2,000 yesterday + 17,000 today
    assert pane.selling_days_left == 5  # 25, 26, 27, 28, 30 November (Sunday closed)
    assert pane.run_rate_needed == 9_620_000
    assert pane.boutique.conversion == pytest.approx(3 / 90)


def test_coaching_pane(store, clock, small):
    with store.read() as s:
        pane = coaching_pane(s, store.boutique_id, clock)
    assert [n.initials for n in pane.notes] == ["LD", "SOP"]  # newest first, yesterday's not
    assert [a.initials for a in pane.not_coached] == ["AK"]


def test_followups_pane(store, clock, small):
    with store.read() as s:
        rows = followups_pane(s, store.boutique_id, TODAY, 3)
    assert [r.id for r in rows] == [small.overdue, small.due_today, small.upcoming]
    assert [r.bucket for r in rows] == ["overdue", "today", "upcoming"]
    assert rows[0].days_late == 3
    assert rows[0].client == "Mme Hélène Dubois" and rows[0].owner == "SOP"


@pytest.mark.parametrize(("utc", "day"), [
    ("2026-10-24T21:59:59", date(2026, 10, 24)),  # 23:59:59 summer time
    ("2026-10-24T22:00:00", date(2026, 10, 25)),  # midnight, summer time
    ("2026-10-25T00:30:00", date(2026, 10, 25)),  # 02:30, the first time
    ("2026-10-25T01:30:00", date(2026, 10, 25)),  # 02:30 again, winter time
    ("2026-10-25T22:59:59", date(2026, 10, 25)),  # 23:59:59 winter time
    ("2026-10-25T23:00:00", date(2026, 10, 26)),
    ("2026-03-29T00:59:59", date(2026, 3, 29)),  # 01:59:59, before the hour skipped
])
def test_the_business_day_of_a_moment_across_daylight_saving(clock, utc: str, day: date) -> None:
    """local_day (the lists' fast conversion) gives the day local() gives, both sides of a change;
    a naive moment is a stored UTC one."""
    from datetime import UTC, datetime

    moment = datetime.fromisoformat(utc)
    assert clock.local_day(moment) == clock.local_day(moment.replace(tzinfo=UTC)) == day
    assert clock.local(moment).date() == day
    assert type(clock.today()) is date  # plain: day arithmetic without pendulum


@pytest.mark.parametrize(("utc", "shown"), [
    ("2026-10-24T21:59:59", "23:59"),  # summer time
    ("2026-10-25T00:30:00", "02:30"),  # 02:30, the first time
    ("2026-10-25T01:30:00", "02:30"),  # 02:30 again, winter time
    ("2026-10-25T23:00:00", "00:00"),
    ("2026-03-29T01:00:00", "03:00"),  # the hour skipped
    ("2026-11-25T14:05:00", "15:05"),
])
def test_a_captures_time_of_day_is_the_one_local_gives(clock, utc: str, shown: str) -> None:
    """wall_time (a capture's confirmation, without pendulum) says what local() says, both
    sides of a change; a naive moment is a stored UTC one."""
    from datetime import UTC, datetime

    moment = datetime.fromisoformat(utc)
    assert clock.wall_time(moment) == clock.wall_time(moment.replace(tzinfo=UTC)) == shown
    assert clock.local(moment).format("HH:mm") == shown


def test_now_in_utc_from_a_running_clock_a_frozen_one_and_a_driven_one(settings) -> None:
    """A running clock's now_utc is the standard library's present moment, aware, in UTC; a
    frozen or a driven clock still gives its own moment."""
    from datetime import UTC, datetime, timedelta

    from floorcon.clock import Clock

    before = datetime.now(UTC)
    now = Clock(settings).now_utc()
    assert now.tzinfo is UTC and before <= now <= datetime.now(UTC)
    frozen = Clock(settings, fixed="2026-11-25T15:00:00+01:00")
    assert frozen.now_utc() == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    driven = Clock(settings, now_fn=lambda: datetime(2026, 7, 1, 8, 30, tzinfo=UTC) + timedelta(seconds=1))
    assert driven.now_utc() == datetime(2026, 7, 1, 8, 30, 1, tzinfo=UTC)


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Havana", "America/Santiago", "Asia/Beirut"])
def test_day_bounds_agree_with_pendulum_where_clocks_change_at_midnight(zone: str) -> None:
    """Havana repeats midnight in autumn, Santiago skips it in spring: a day starts when
    pendulum says (at the second midnight, or when the clocks resume) and ends where the next
    one starts, every day of five years."""
    from datetime import timedelta

    import pendulum

    from floorcon.clock import Clock, to_utc
    from floorcon.config import parse_settings

    clock = Clock(parse_settings({"boutique": {"name": "B", "code": "B1", "timezone": zone}}))
    day = date(2021, 1, 1)
    while day < date(2026, 1, 1):
        start = pendulum.datetime(day.year, day.month, day.day, tz=zone)
        after = day + timedelta(days=1)
        end = pendulum.datetime(after.year, after.month, after.day, tz=zone)
        assert clock.day_bounds(day) == (to_utc(start), to_utc(end)), day
        day = after
