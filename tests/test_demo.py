"""The demo boutique: plausible figures, nothing in the future, the same rows every time."""

from __future__ import annotations

import time as timer
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, col, select

from floorcon.clock import Clock
from floorcon.config import Settings, parse_settings
from floorcon.db import Store, open_store
from floorcon.demo import DemoSummary, build_demo
from floorcon.models import (
    Associate,
    Client,
    CoachingNote,
    FollowUp,
    FollowUpKind,
    Moment,
    NoteKind,
    Sale,
    Segment,
    Shift,
    Target,
    Traffic,
)
from floorcon.services.radar import radar

# The demo is always a SQLite file of its own, whatever store the suite runs on.
pytestmark = pytest.mark.sqlite_only("the demo is its own SQLite file")

NOW = "2026-11-25T15:30:00+01:00"  # a Wednesday afternoon in Paris
TODAY = date(2026, 11, 25)
CATEGORIES = {"jewelry", "watches", "high jewelry", "bridal", "leather goods", "accessories"}

CONFIG = {
    "boutique": {"name": "Maison Demo", "code": "DEMO", "timezone": "Europe/Paris",
                 "currency": "EUR", "manager_initials": "SM"},
    "hours": {"monday": "10:30-19:00", "tuesday": "10:30-19:00", "wednesday": "10:30-19:00",
              "thursday": "10:30-19:00", "friday": "10:30-19:30", "saturday": "10:00-19:30",
              "sunday": "closed"},
}


@dataclass
class Built:
    store: Store
    clock: Clock
    settings: Settings
    summary: DemoSummary
    seconds: float


def build(path: Path, now: str, seed: int = 7) -> Built:
    settings = replace(parse_settings(CONFIG), store_path=path)
    store = open_store(settings)
    clock = Clock(settings, fixed=now)
    started = timer.perf_counter()
    summary = build_demo(store, clock, seed=seed)
    return Built(store, clock, settings, summary, timer.perf_counter() - started)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    built = build(tmp_path_factory.mktemp("demo") / "demo.db", NOW)
    yield built
    built.store.dispose()


def scalar(session: Session, query) -> int:  # type: ignore[no-untyped-def]
    return int(session.exec(query).one())


def floor_today(session: Session, demo: Built, day: date = TODAY) -> list[Associate]:
    start, end = demo.clock.day_bounds(day)
    query = (
        select(Associate)
        .join(Shift, col(Shift.associate_id) == Associate.id)
        .where(Shift.boutique_id == demo.store.boutique_id, Shift.starts_at < end,
               Shift.ends_at > start)
        .distinct()
    )
    return list(session.exec(query))


def test_counts(demo: Built) -> None:
    s = demo.summary
    assert s.associates == 11
    assert 1_900 <= s.clients <= 2_100
    assert 250 <= s.vic_clients <= 400
    # two years of 15-30 receipts a selling day
    assert 9_000 <= s.receipts <= 16_000
    assert s.receipts <= s.sales_lines <= 2 * s.receipts
    assert s.coaching_notes >= 2 * 120 and s.followups >= 450 and s.targets > 600
    assert s.shifts > 3_000 and s.traffic_hours > 4_000
    with demo.store.read() as session:
        b = demo.store.boutique_id
        assert scalar(session, select(func.count()).select_from(Sale)
                      .where(Sale.boutique_id == b)) == s.sales_lines
        assert scalar(session, select(func.count(func.distinct(Sale.receipt)))
                      .where(Sale.boutique_id == b)) == s.receipts
        hj = scalar(session, select(func.count()).select_from(Client).where(
            Client.boutique_id == b, Client.segment == Segment.HIGH_JEWELRY.value))
        assert 40 <= hj <= 80
    assert "VIC" in s.line()


def test_team(demo: Built) -> None:
    with demo.store.read() as session:
        team = list(session.exec(select(Associate)))
        initials = [a.initials for a in team]
        assert len(set(initials)) == 11 and all(2 <= len(i) <= 3 for i in initials)
        sop = next(a for a in team if a.initials == "SOP")
        assert sop.first_name == "Sophie" and sop.active
        gone = [a for a in team if not a.active]
        assert len(gone) == 1
        leaver = gone[0]
        last_shift = session.exec(select(func.max(Shift.starts_at))
                                  .where(Shift.associate_id == leaver.id)).one()
        assert last_shift is not None and demo.clock.local(last_shift).date() < TODAY
        assert scalar(session, select(func.count()).select_from(Sale)
                      .where(Sale.associate_id == leaver.id)) > 0
        floor = floor_today(session, demo)
        assert 6 <= len(floor) <= 8
        assert "SOP" in {a.initials for a in floor}
        assert all(a.active for a in floor)


def test_shifts_within_opening_hours(demo: Built) -> None:
    with demo.store.read() as session:
        shifts = list(session.exec(select(Shift)))
    per_day: Counter[date] = Counter()
    for shift in shifts:
        day = demo.clock.local(shift.starts_at).date()
        opening = demo.clock.opening(day)
        assert opening is not None, f"shift on a closed day {day}"
        assert opening[0] <= shift.starts_at < shift.ends_at <= opening[1]
        per_day[day] += 1
    assert min(per_day.values()) >= 5 and max(per_day.values()) <= 8
    assert max(per_day) == TODAY + timedelta(days=14) or max(per_day) == TODAY + timedelta(
        days=13)  # today + 14 may be a closed Sunday


def test_nothing_in_the_future(demo: Built) -> None:
    now = demo.clock.now_utc()
    with demo.store.read() as session:
        assert session.exec(select(func.max(Sale.sold_at))).one() <= now
        assert session.exec(select(func.max(CoachingNote.noted_at))).one() <= now
        assert session.exec(select(func.max(Traffic.hour_start))).one() <= now
        assert session.exec(select(func.max(Client.created_at))).one() <= now
        assert session.exec(select(func.max(FollowUp.created_at))).one() <= now
        assert session.exec(select(func.max(FollowUp.done_at))).one() <= now


def test_sales_are_plausible(demo: Built) -> None:
    b = demo.store.boutique_id
    with demo.store.read() as session:
        sales = list(session.exec(select(Sale).where(Sale.boutique_id == b)))
        associates = {a.id for a in session.exec(select(Associate))}
        shifts = list(session.exec(select(Shift)))
    assert {s.category for s in sales} == CATEGORIES
    assert all(s.source == "demo" for s in sales)
    assert all(s.associate_id in associates for s in sales)
    assert all((s.amount > 0) == (s.units > 0) and s.amount != 0 for s in sales)
    on_shift = {}
    for sh in shifts:
        on_shift.setdefault(sh.associate_id, []).append((sh.starts_at, sh.ends_at))
    assert all(
        any(a <= s.sold_at < z for a, z in on_shift.get(s.associate_id, [])) for s in sales
    )
    receipts: dict[str, list[Sale]] = {}
    for s in sales:
        receipts.setdefault(s.receipt, []).append(s)
    for lines in receipts.values():
        assert sorted(line.line for line in lines) == list(range(1, len(lines) + 1))
        assert len({(line.sold_at, line.associate_id, line.client_id) for line in lines}) == 1
        assert len(lines) <= 3
    returns = [r for r in receipts.values() if all(line.amount < 0 for line in r)]
    assert 0.015 <= len(returns) / len(receipts) <= 0.05
    identified = sum(1 for r in receipts.values() if r[0].client_id is not None)
    assert 0.45 <= identified / len(receipts) <= 0.65
    hj = [s for s in sales if s.category == "high jewelry" and s.amount > 0]
    assert all(8_000_000 <= s.amount <= 60_000_000 for s in hj)
    assert 30 <= len(hj) <= 150  # a few a month over two years
    for s in sales:
        opening = demo.clock.opening(demo.clock.local(s.sold_at).date())
        assert opening is not None and opening[0] <= s.sold_at < opening[1]


def test_weekly_and_seasonal_pattern(demo: Built) -> None:
    with demo.store.read() as session:
        rows = session.exec(select(Sale.sold_at, Sale.amount)).all()
    by_weekday: Counter[int] = Counter()
    by_month: Counter[int] = Counter()
    for sold_at, amount in rows:
        local = demo.clock.local(sold_at)
        if local.date() < TODAY.replace(day=1):
            by_weekday[local.weekday()] += amount
            by_month[local.month] += amount
    assert by_weekday[5] == max(by_weekday.values())
    assert by_weekday[0] == min(by_weekday.values())
    assert by_month[12] == max(by_month.values())
    assert by_month[12] > 1.3 * by_month[1] and by_month[12] > 1.3 * by_month[8]


def test_high_tickets_go_to_known_clients(demo: Built) -> None:
    with demo.store.read() as session:
        rows = session.exec(
            select(Sale.amount, Client.segment)
            .join(Client, col(Client.id) == Sale.client_id, isouter=True)
            .where(Sale.category == "high jewelry", Sale.amount > 0)
        ).all()
        big = session.exec(
            select(Client.segment, func.count())
            .join(Sale, col(Sale.client_id) == Client.id)
            .where(Sale.amount >= 2_000_000)
            .group_by(Client.segment)
        ).all()
    assert all(segment in ("VIC", "HJ") for _, segment in rows)
    counts = dict(big)
    assert counts.get("VIC", 0) + counts.get("HJ", 0) > counts.get("regular", 0)
    assert "prospect" not in counts


def test_today_so_far(demo: Built) -> None:
    start, end = demo.clock.day_bounds(TODAY)
    with demo.store.read() as session:
        today_sales = list(session.exec(
            select(Sale).where(Sale.sold_at >= start, Sale.sold_at < end)))
        notes = list(session.exec(
            select(CoachingNote).where(CoachingNote.noted_at >= start,
                                       CoachingNote.noted_at < end)))
        floor = floor_today(session, demo)
        traffic = list(session.exec(
            select(Traffic).where(Traffic.hour_start >= start, Traffic.hour_start < end)))
    assert today_sales
    assert 2 <= len(notes) <= 4
    coached = {n.associate_id for n in notes}
    assert coached <= {a.id for a in floor}
    assert len([a for a in floor if a.id not in coached]) >= 2
    # hours 10:00 .. 15:00 counted, the current one partly
    hours = sorted(demo.clock.local(t.hour_start).hour for t in traffic)
    assert hours == list(range(10, 16))
    receipts = {s.receipt for s in today_sales if s.amount > 0}
    assert 0.05 <= len(receipts) / sum(t.visitors for t in traffic) <= 0.3


def test_traffic_on_full_hours(demo: Built) -> None:
    with demo.store.read() as session:
        rows = session.exec(select(Traffic.hour_start, Traffic.visitors)).all()
    assert all(demo.clock.local(h).minute == 0 for h, _ in rows)
    assert all(v >= 0 for _, v in rows)
    assert len({h for h, _ in rows}) == len(rows)


def test_targets(demo: Built) -> None:
    b = demo.store.boutique_id
    with demo.store.read() as session:
        targets = list(session.exec(select(Target).where(Target.boutique_id == b)))
        sales = session.exec(select(Sale.sold_at, Sale.amount)).all()
    assert all(t.associate_id is None and t.metric == "net_sales" for t in targets)
    days = {t.start: t.value for t in targets if t.period == "day"}
    months = {t.start: t.value for t in targets if t.period == "month"}
    assert max(days) == date(2026, 11, 30) and min(months) == date(2024, 11, 1)
    assert all(demo.clock.is_selling_day(d) for d in days)
    assert set(months) == {d.replace(day=1) for d in days}
    for first, value in months.items():
        assert value == sum(v for d, v in days.items() if d.replace(day=1) == first)
    # achievement hovers around 100%: per month, and on a typical (median) day
    net: Counter[date] = Counter()
    for sold_at, amount in sales:
        net[demo.clock.local(sold_at).date()] += amount
    monthly: Counter[date] = Counter()
    for d, v in net.items():
        monthly[d.replace(day=1)] += v
    closed = [m for m in months if m < TODAY.replace(day=1)]
    achievements = sorted(monthly[m] / months[m] for m in closed)
    assert 0.85 <= achievements[len(achievements) // 2] <= 1.15
    assert all(0.65 <= a <= 1.5 for a in achievements)
    daily = sorted(net[d] / v for d, v in days.items() if d < TODAY)
    assert 0.85 <= daily[len(daily) // 2] <= 1.15


def test_notes(demo: Built) -> None:
    with demo.store.read() as session:
        notes = list(session.exec(select(CoachingNote)))
        shifts = list(session.exec(select(Shift)))
    first = min(demo.clock.local(n.noted_at).date() for n in notes)
    assert TODAY - timedelta(days=190) <= first <= TODAY - timedelta(days=170)
    per_day = Counter(demo.clock.local(n.noted_at).date() for n in notes)
    assert all(2 <= c <= 6 for d, c in per_day.items() if d < TODAY)
    kinds = Counter(n.kind for n in notes)
    assert set(kinds) == {k.value for k in NoteKind}
    assert 0.3 <= kinds["recognition"] / len(notes) <= 0.5
    assert 0.3 <= kinds["development"] / len(notes) <= 0.5
    assert {n.moment for n in notes} == {m.value for m in Moment}
    assert all(n.author == "SM" and n.text for n in notes)
    assert len({n.text for n in notes}) > 80
    for n in notes:
        assert any(s.associate_id == n.associate_id and s.starts_at <= n.noted_at <= s.ends_at
                   for s in shifts)


def test_followups(demo: Built) -> None:
    with demo.store.read() as session:
        rows = session.exec(select(FollowUp, Client).join(
            Client, col(Client.id) == FollowUp.client_id)).all()
        active = {a.id for a in session.exec(select(Associate).where(col(Associate.active)))}
    assert {f.kind for f, _ in rows} <= {k.value for k in FollowUpKind}
    assert all(f.owner_id == c.owner_id for f, c in rows)
    vip = [f for f, c in rows if c.segment in ("VIC", "HJ") and f.status == "open"]
    overdue = [f for f in vip if f.due < TODAY]
    due_today = [f for f in vip if f.due == TODAY]
    soon = [f for f in vip if TODAY < f.due <= TODAY + timedelta(days=3)]
    later = [f for f in vip if f.due > TODAY + timedelta(days=3)]
    assert 15 <= len(overdue) <= 35 and all(f.due >= TODAY - timedelta(days=20) for f in overdue)
    assert 4 <= len(due_today) <= 12
    assert 8 <= len(soon) <= 25
    assert 25 <= len(later) <= 60
    assert all(f.owner_id in active for f in vip)
    assert all(f.action for f, _ in rows)
    done = [f for f, _ in rows if f.status == "done"]
    assert 300 <= len(done) <= 500
    assert all(f.outcome and f.done_at is not None for f in done)
    assert any(f.status == "cancelled" for f, _ in rows)
    assert any(c.segment == "regular" and f.status == "open" for f, c in rows)


def test_clients(demo: Built) -> None:
    with demo.store.read() as session:
        clients = list(session.exec(select(Client)))
        active = {a.id for a in session.exec(select(Associate).where(col(Associate.active)))}
    numbers = [c.number for c in clients]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("C") and n[1:].isdigit() and len(n) == 7 for n in numbers)
    assert {c.title for c in clients} <= {"M.", "Mme", "Mr", "Ms", "Dr"}
    assert {c.segment for c in clients} == {s.value for s in Segment}
    owned = [c for c in clients if c.owner_id is not None]
    assert len(owned) / len(clients) > 0.95 and all(c.owner_id in active for c in owned)
    assert sum(1 for c in clients if c.phone.startswith("+33 6")) > len(clients) / 2
    assert sum(1 for c in clients if c.birthday) > 0.75 * len(clients)
    assert all("@" in c.email and c.language for c in clients)


def test_foreign_keys_hold(demo: Built) -> None:
    with demo.store.read() as session:
        assert session.exec(text("PRAGMA foreign_key_check")).all() == []  # type: ignore[call-overload]


def test_deterministic(demo: Built, tmp_path: Path) -> None:
    again = build(tmp_path / "again.db", NOW)
    try:
        assert again.summary == demo.summary

        def dump(store: Store) -> tuple[list, list, list]:  # type: ignore[type-arg]
            with store.read() as session:
                return (
                    [tuple(r) for r in session.execute(text("SELECT * FROM sale ORDER BY id"))],
                    [tuple(r) for r in session.execute(
                        text("SELECT * FROM coachingnote ORDER BY id"))],
                    [tuple(r) for r in session.execute(text("SELECT * FROM followup ORDER BY id"))],
                )

        assert dump(again.store) == dump(demo.store)
    finally:
        again.store.dispose()


def test_another_seed_differs(tmp_path: Path, demo: Built) -> None:
    other = build(tmp_path / "other.db", NOW, seed=8)
    try:
        assert other.summary != demo.summary
    finally:
        other.store.dispose()


def test_before_opening_no_sales_today(tmp_path: Path) -> None:
    early = build(tmp_path / "early.db", "2026-11-25T08:00:00+01:00")
    try:
        start, _ = early.clock.day_bounds(TODAY)
        with early.store.read() as session:
            assert scalar(session, select(func.count()).select_from(Sale)
                          .where(Sale.sold_at >= start)) == 0
            assert scalar(session, select(func.count()).select_from(CoachingNote)
                          .where(CoachingNote.noted_at >= start)) == 0
            assert scalar(session, select(func.count()).select_from(Traffic)
                          .where(Traffic.hour_start >= start)) == 0
            # yesterday is complete, and today's team is scheduled
            y0, y1 = early.clock.day_bounds(TODAY - timedelta(days=1))
            assert scalar(session, select(func.count()).select_from(Sale)
                          .where(Sale.sold_at >= y0, Sale.sold_at < y1)) > 5
            assert len(floor_today(session, early)) == 7
    finally:
        early.store.dispose()


def test_sunday_closed(tmp_path: Path) -> None:
    sunday = build(tmp_path / "sunday.db", "2026-11-29T16:00:00+01:00")
    try:
        start, end = sunday.clock.day_bounds(date(2026, 11, 29))
        with sunday.store.read() as session:
            for model, column in ((Sale, Sale.sold_at), (Shift, Shift.starts_at),
                                  (CoachingNote, CoachingNote.noted_at),
                                  (Traffic, Traffic.hour_start)):
                assert scalar(session, select(func.count()).select_from(model)
                              .where(column >= start, column < end)) == 0
            assert scalar(session, select(func.count()).select_from(Target)
                          .where(Target.start == date(2026, 11, 29))) == 0
            s0, s1 = sunday.clock.day_bounds(date(2026, 11, 28))
            assert scalar(session, select(func.count()).select_from(Sale)
                          .where(Sale.sold_at >= s0, Sale.sold_at < s1)) > 5
        assert sunday.summary.receipts > 9_000
    finally:
        sunday.store.dispose()


def test_no_opening_hours_is_refused(tmp_path: Path) -> None:
    settings = Settings(store_path=tmp_path / "closed.db", hours={})  # every day closed
    store = open_store(settings)
    try:
        with pytest.raises(ValueError, match="opening hours"):
            build_demo(store, Clock(settings, fixed=NOW))
        with store.read() as session:
            assert scalar(session, select(func.count()).select_from(Associate)) == 0
    finally:
        store.dispose()


def test_the_team_is_being_developed(demo: Built) -> None:
    """One-to-ones held and booked (one missed), late actions, everyone reviewed over the 9-box,
    IDPs, a PMP with checkpoints, and the slates: the People screens are alive at once."""
    from floorcon.services import people, talent

    with demo.store.read() as session:
        b = demo.store.boutique_id
        rows = people.team(session, b, demo.clock, demo.settings)
        found = people.attention(session, b, demo.clock, demo.settings)
        grid = talent.nine_box(session, b)
        slates = talent.slates(session, b, demo.settings)
        plans = people.plans(session, b, demo.clock.today())
    assert len(rows) == 10 and all(r.last_held is not None for r in rows)
    assert [o.initials for o in found.overdue_one_to_ones] == ["NK"]
    assert {a.initials for a in found.overdue_actions} >= {"MR", "YT"}
    assert {r.initials for r in found.beyond_cadence} == {"IS", "TD"}
    assert any(i.overdue for i in found.plan_items) and any(not i.overdue for i in found.plan_items)
    assert grid.unreviewed == [] and sum(1 for names in grid.boxes.values() if names) >= 7
    pmp = next(p for p in plans if p.kind == "pmp")
    assert pmp.open and sum(1 for c in pmp.check_ins if c.due is not None) == 4
    assert sorted(p.kind for p in plans if p.open) == ["idp", "idp", "pmp"]
    assert all(s.candidates for s in slates)


def test_the_radar_has_a_handful_of_each_kind(demo: Built) -> None:
    """The demo's radar, a Wednesday afternoon: associates behind pace, late VIC follow-ups, an
    unrecovered low score, the team's one-to-ones and the PMP checkpoint; the pane shows the top."""
    with demo.store.read() as session:
        items = radar(session, demo.store.boutique_id, demo.clock, demo.settings)
    kinds = {i.rule for i in items}
    assert {"pace", "satisfaction", "followup", "one_to_one", "checkpoint"} <= kinds
    assert 8 <= len(items) <= 25
    assert [i.rank for i in items] == sorted(i.rank for i in items)
    assert next(i for i in items if i.rule == "checkpoint").who == "MR"
