"""Targets: the boutique's, and how a day's target is split over the associates on the floor."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from ..db import columns
from ..models import Target
from .team import OnFloor

METRIC = "net_sales"


@cache
def _target_statements() -> tuple[Any, Any]:
    """The boutique's target and the associates' targets of one period, built once and run with
    the period as parameters (the targets pane asks on every reload)."""
    period = (Target.boutique_id == bindparam("boutique_id"), Target.metric == METRIC,
              Target.period == bindparam("period"), Target.start == bindparam("start"))
    return (select(Target.value).where(col(Target.associate_id).is_(None), *period),
            select(Target.associate_id, Target.value).where(col(Target.associate_id).is_not(None), *period))


def boutique_target(session: Session, boutique_id: int, period: str, start: date) -> int | None:
    """The boutique's own target for the period starting on `start`, if one is set."""
    query = _target_statements()[0]
    return session.exec(query, params={"boutique_id": boutique_id, "period": period, "start": start}).first()


def month_target(session: Session, boutique_id: int, first: date, last: date) -> int | None:
    """The month's target: the month row if set, else the sum of its daily targets."""
    value = boutique_target(session, boutique_id, "month", first)
    if value is not None:
        return value
    query = select(func.sum(Target.value), func.count()).where(
        Target.boutique_id == boutique_id,
        col(Target.associate_id).is_(None),
        Target.metric == METRIC,
        Target.period == "day",
        Target.start >= first,
        Target.start <= last,
    )
    total, count = session.exec(query).one()  # type: ignore[call-overload]
    return int(total) if count else None


def associate_day_targets(session: Session, boutique_id: int, day: date) -> dict[int, int]:
    """Per-associate daily targets set explicitly for that day."""
    rows = session.exec(_target_statements()[1],  # type: ignore[call-overload]
                        params={"boutique_id": boutique_id, "period": "day", "start": day})
    return {int(aid): int(value) for aid, value in rows if aid is not None}


def split_by_hours(total: int, floor: list[OnFloor]) -> dict[int, int]:
    """Split a daily target over the associates on the floor by scheduled hours.

    The parts add up exactly to `total` (the remainder goes to the longest shifts).
    """
    hours = {f.associate.id: f.hours for f in floor if f.associate.id is not None and f.hours > 0}
    all_hours = sum(hours.values())
    if not hours or all_hours <= 0:
        return {}
    shares = {aid: int(total * h // all_hours) for aid, h in hours.items()}
    remainder = total - sum(shares.values())
    for aid in sorted(hours, key=lambda a: (-hours[a], a))[:remainder]:
        shares[aid] += 1
    return shares


def day_targets(
    session: Session, boutique_id: int, day: date, floor: list[OnFloor]
) -> tuple[int | None, dict[int, int]]:
    """The boutique's target for the day and each associate's share of it.

    An associate's own target for the day wins; what is left of the boutique's target is split
    over the other associates on the floor by scheduled hours, so adjusting one associate by hand
    never leaves the others without a target.
    """
    total = boutique_target(session, boutique_id, "day", day)
    explicit = associate_day_targets(session, boutique_id, day)
    return _shares(total, explicit, floor)


@cache
def _span_statements() -> tuple[Any, Any]:
    """The boutique's and the associates' daily targets from :first to :last, built once."""
    where = (Target.boutique_id == bindparam("boutique_id"), Target.metric == METRIC, Target.period == "day",
             Target.start >= bindparam("first"), Target.start <= bindparam("last"))
    boutique = select(Target.start, Target.value).where(col(Target.associate_id).is_(None), *where)
    associates = select(Target.start, Target.associate_id, Target.value)
    return (boutique.order_by(col(Target.id)),
            associates.where(col(Target.associate_id).is_not(None), *where))


def day_targets_span(
    session: Session, boutique_id: int, floors: dict[date, list[OnFloor]]
) -> dict[date, tuple[int | None, dict[int, int]]]:
    """day_targets for each day of `floors`, from two queries (a month's trend)."""
    span = {"boutique_id": boutique_id, "first": min(floors), "last": max(floors)}
    boutique, associates = _span_statements()
    totals: dict[date, int] = {}
    for start, value in columns(session, boutique, span):
        totals.setdefault(start, value)  # the first, as boutique_target's .first()
    explicit: dict[date, dict[int, int]] = {}
    for start, aid, value in columns(session, associates, span):
        if aid is not None:
            explicit.setdefault(start, {})[int(aid)] = int(value)
    return {day: _shares(totals.get(day), explicit.get(day, {}), floor) for day, floor in floors.items()}


def _shares(
    total: int | None, explicit: dict[int, int], floor: list[OnFloor]
) -> tuple[int | None, dict[int, int]]:
    """An associate's own target wins; the rest of the total is split by hours over the others."""
    if total is None:
        return (sum(explicit.values()) if explicit else None), explicit
    others = [f for f in floor if f.associate.id not in explicit]
    left = max(total - sum(explicit.values()), 0)
    return total, {**split_by_hours(left, others), **explicit}
