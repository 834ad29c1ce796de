"""Planning: the month's target and its daily spread, each associate's day, and who is on the floor.

Everything runs in the caller's `store.write()` session; bad values raise InputError. Targets are
in minor units and every split adds up exactly to what is split: the remainder, one unit at a
time, goes to the heaviest parts (the earliest day, the lowest id, on a tie).
"""

from __future__ import annotations

import calendar
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from fractions import Fraction
from typing import TypeVar

from sqlmodel import Session, col, delete, select

from ..clock import Clock
from ..models import Associate, Shift, Target
from .parsing import InputError
from .targets import METRIC, associate_day_targets, boutique_target, day_targets
from .team import OnFloor, on_floor

K = TypeVar("K", bound=Hashable)

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _weight(value: float, field: str) -> Fraction:
    try:
        weight = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise InputError(f"{field}: {value!r} is not a weight") from None
    if weight < 0:
        raise InputError(f"{field}: {value!r} is negative; a weight is 0 or more")
    return weight


def split_exact(total: int, weights: Mapping[K, Fraction], order: Mapping[K, object]) -> dict[K, int]:
    """Split `total` (minor units) by `weights`: the parts add up exactly to `total`.

    Each part is rounded down; the remainder goes one unit at a time to the heaviest parts,
    ties broken by `order` (smallest first).
    """
    positive = {k: w for k, w in weights.items() if w > 0}
    all_weight = sum(positive.values(), Fraction(0))
    if not positive or all_weight <= 0:
        raise InputError("weights: nothing to split over (every weight is 0)")
    parts = {k: int(total * w // all_weight) for k, w in positive.items()}
    remainder = total - sum(parts.values())
    for k in sorted(positive, key=lambda k: (-positive[k], order[k]))[:remainder]:
        parts[k] += 1
    return parts


def month_days(first: date) -> list[date]:
    last = calendar.monthrange(first.year, first.month)[1]
    return [first + timedelta(days=i) for i in range(last)]


def default_pattern(clock: Clock) -> dict[int, float]:
    """The boutique's opening days, equal weights."""
    return {weekday: 1.0 for weekday in sorted(clock.hours)}


def _check_total(total: int, field: str = "target") -> None:
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise InputError(f"{field}: {total!r} is not an amount of 0 or more")


def _upsert(session: Session, boutique_id: int, associate_id: int | None, period: str, start: date,
            value: int) -> Target:
    query = select(Target).where(
        Target.boutique_id == boutique_id, Target.metric == METRIC, Target.period == period,
        Target.start == start,
        col(Target.associate_id).is_(None) if associate_id is None else Target.associate_id == associate_id,
    )
    target = session.exec(query).first()
    if target is None:
        target = Target(boutique_id=boutique_id, associate_id=associate_id, metric=METRIC, period=period,
                        start=start, value=value)
    else:
        target.value = value
    session.add(target)
    return target


def set_month_target(
    session: Session, boutique_id: int, first_of_month: date, total: int,
    pattern: Mapping[int, float] | None, clock: Clock,
) -> dict[date, int]:
    """Write the month's target and spread it over its selling days by a weekday pattern.

    `pattern` weighs each weekday (0 = Monday … 6 = Sunday); a weekday left out, weighed 0 or
    closed gets no day target. Replaces the boutique's day targets of that month. Returns the
    day targets written, by day.
    """
    _check_total(total)
    if first_of_month.day != 1:
        raise InputError(f"month: {first_of_month.isoformat()} is not the first day of a month")
    raw = default_pattern(clock) if pattern is None else pattern
    weights: dict[int, Fraction] = {}
    for weekday, value in raw.items():
        if weekday not in range(7):
            raise InputError(f"pattern: {weekday!r} is not a weekday (0 = Monday … 6 = Sunday)")
        weights[weekday] = _weight(value, f"pattern: {WEEKDAY_NAMES[weekday]}")
    days = {d: weights.get(d.weekday(), Fraction(0)) for d in month_days(first_of_month)
            if clock.is_selling_day(d)}
    if not any(w > 0 for w in days.values()):
        raise InputError("pattern: no opening day of the month has a weight above 0")
    spread = split_exact(total, days, {d: d for d in days})
    _upsert(session, boutique_id, None, "month", first_of_month, total)
    last = month_days(first_of_month)[-1]
    session.exec(delete(Target).where(  # type: ignore[call-overload]
        col(Target.boutique_id) == boutique_id, col(Target.associate_id).is_(None),
        col(Target.metric) == METRIC, col(Target.period) == "day",
        col(Target.start) >= first_of_month, col(Target.start) <= last,
    ))
    session.flush()
    for day, value in sorted(spread.items()):
        session.add(Target(boutique_id=boutique_id, metric=METRIC, period="day", start=day, value=value))
    session.flush()
    return dict(sorted(spread.items()))


def _associate(session: Session, boutique_id: int, associate_id: int) -> Associate:
    associate = session.get(Associate, associate_id)
    if associate is None or associate.boutique_id != boutique_id:
        raise InputError(f"associate: no associate #{associate_id} in this boutique")
    return associate


def set_associate_day_target(
    session: Session, boutique_id: int, associate_id: int, day: date, value: int
) -> Target:
    """One associate's target for the day, set by hand: it wins over the split by hours."""
    _check_total(value)
    _associate(session, boutique_id, associate_id)
    target = _upsert(session, boutique_id, associate_id, "day", day, value)
    session.flush()
    return target


def split_day_by_weights(
    session: Session, boutique_id: int, day: date, weights: Mapping[int, float]
) -> dict[int, int]:
    """Split the boutique's target of the day over associates by weights (associate id -> weight).

    Replaces every associate target of that day; the parts add up exactly to the day's target.
    """
    total = boutique_target(session, boutique_id, "day", day)
    if total is None:
        raise InputError(f"day: no boutique target for {day.isoformat()} to split; set the month first")
    clean: dict[int, Fraction] = {}
    for associate_id, value in weights.items():
        initials = _associate(session, boutique_id, associate_id).initials
        clean[associate_id] = _weight(value, f"weight: {initials}")
    parts = split_exact(total, clean, {a: a for a in clean})
    session.exec(delete(Target).where(  # type: ignore[call-overload]
        col(Target.boutique_id) == boutique_id, col(Target.associate_id).is_not(None),
        col(Target.metric) == METRIC, col(Target.period) == "day", col(Target.start) == day,
    ))
    session.flush()
    for associate_id, value in sorted(parts.items()):
        session.add(Target(boutique_id=boutique_id, associate_id=associate_id, metric=METRIC,
                           period="day", start=day, value=value))
    session.flush()
    return parts


def _shifts_of_day(
    session: Session, boutique_id: int, associate_id: int, day: date, clock: Clock
) -> list[Shift]:
    start, end = clock.day_bounds(day)
    query = select(Shift).where(
        Shift.boutique_id == boutique_id, Shift.associate_id == associate_id,
        Shift.starts_at < end, Shift.ends_at > start,
    )
    return list(session.exec(query))


def set_shift(
    session: Session, boutique_id: int, associate_id: int, day: date, start: time, end: time, clock: Clock
) -> Shift:
    """Put an associate on the floor that day from `start` to `end` (local times).

    One shift per associate and day: an existing one that day is replaced.
    """
    if end <= start:
        raise InputError(f"end: {end:%H:%M} is not after the start {start:%H:%M}")
    _associate(session, boutique_id, associate_id)
    for old in _shifts_of_day(session, boutique_id, associate_id, day, clock):
        session.delete(old)
    session.flush()
    shift = Shift(boutique_id=boutique_id, associate_id=associate_id,
                  starts_at=clock.at(day, start), ends_at=clock.at(day, end))
    session.add(shift)
    session.flush()
    return shift


def remove_shift(session: Session, boutique_id: int, associate_id: int, day: date, clock: Clock) -> int:
    """Take an associate off the floor that day: their shifts that day are removed."""
    associate = _associate(session, boutique_id, associate_id)
    shifts = _shifts_of_day(session, boutique_id, associate_id, day, clock)
    if not shifts:
        raise InputError(f"associate: {associate.initials} has no shift on {day.isoformat()}")
    for shift in shifts:
        session.delete(shift)
    session.flush()
    return len(shifts)


# -- what the targets screen shows -------------------------------------------------------------


@dataclass(frozen=True)
class FloorLine:
    associate_id: int
    initials: str
    name: str
    starts: str  # local HH:MM
    ends: str
    hours: float
    target: int | None  # their share of the day
    explicit: bool  # set by hand or by weights, rather than split by hours


@dataclass(frozen=True)
class Plan:
    month: date
    day: date  # the day whose floor is shown
    month_total: int | None  # the month row
    days: list[tuple[date, int]]  # the boutique's day targets of the month
    day_total: int | None  # the day's boutique target
    floor: list[FloorLine]


def plan(session: Session, boutique_id: int, clock: Clock, day: date) -> Plan:
    first = day.replace(day=1)
    last = month_days(first)[-1]
    query = select(Target.start, Target.value).where(
        Target.boutique_id == boutique_id, col(Target.associate_id).is_(None), Target.metric == METRIC,
        Target.period == "day", Target.start >= first, Target.start <= last,
    ).order_by(col(Target.start))
    days = [(start, int(value)) for start, value in session.exec(query)]
    floor: list[OnFloor] = on_floor(session, boutique_id, clock, day)
    total, shares = day_targets(session, boutique_id, day, floor)
    explicit = associate_day_targets(session, boutique_id, day)
    start, end = clock.day_bounds(day)
    lines = []
    for f in floor:
        aid = f.associate.id
        assert aid is not None
        shifts = _shifts_of_day(session, boutique_id, aid, day, clock)
        begin = max(min(s.starts_at for s in shifts), start)
        finish = min(max(s.ends_at for s in shifts), end)
        lines.append(FloorLine(
            aid, f.associate.initials, f.associate.name, clock.local(begin).format("HH:mm"),
            clock.local(finish).format("HH:mm"), f.hours, shares.get(aid), aid in explicit,
        ))
    return Plan(first, day, boutique_target(session, boutique_id, "month", first), days, total, lines)

