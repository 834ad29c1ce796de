"""The team: finding an associate from a few typed letters, and who is on the floor."""

from __future__ import annotations

import difflib
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import DateTime, bindparam, type_coerce
from sqlmodel import Session, col, select

from .. import models
from ..clock import Clock
from ..db import columns
from ..models import Associate
from .parsing import InputError

# A shift lies within one business day (planning and the schedule import make it so), so one
# that starts more than a day before a day's start cannot overlap that day: with this bound the
# index on (boutique_id, starts_at) reads that day's shifts, not five years of them.
LONGEST_SHIFT = timedelta(days=1)


def fold(text: str) -> str:
    """Lower case without accents: 'Hélène' and 'helene' are the same person to a search."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def list_associates(session: Session, boutique_id: int, active_only: bool = True) -> list[Associate]:
    query = select(Associate).where(Associate.boutique_id == boutique_id)
    if active_only:
        query = query.where(col(Associate.active).is_(True))
    return list(session.exec(query.order_by(Associate.first_name, Associate.last_name)))


def match_associates(associates: list[Associate], text: str) -> list[Associate]:
    """Associates whose initials, first or last name start with the typed letters.

    Exact initials first, then initials prefixes, then name prefixes; accents ignored.
    """
    typed = fold(text.strip())
    if not typed:
        return list(associates)
    ranked: list[tuple[int, Associate]] = []
    for a in associates:
        initials = fold(a.initials)
        names = [fold(a.first_name), fold(a.last_name), fold(a.name)]
        if initials == typed:
            ranked.append((0, a))
        elif initials.startswith(typed):
            ranked.append((1, a))
        elif any(n.startswith(typed) for n in names):
            ranked.append((2, a))
        elif any(typed in n for n in names):
            ranked.append((3, a))
    ranked.sort(key=lambda pair: pair[0])
    return [a for _, a in ranked]


def resolve_associate(session: Session, boutique_id: int, text: str) -> Associate:
    """The one active associate `text` names (initials or name), or InputError with the closest."""
    return pick_associate(list_associates(session, boutique_id), text)


def pick_associate(associates: list[Associate], text: str) -> Associate:
    """The one associate of `associates` that `text` names; the error names the closest ones."""
    typed = text.strip()
    if not typed:
        raise InputError("associate: empty, expected initials or a name")
    matches = match_associates(associates, typed)
    exact = [a for a in matches if fold(a.initials) == fold(typed) or fold(a.name) == fold(typed)]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(f"{a.initials} ({a.name})" for a in matches[:4])
        raise InputError(f"associate: {typed!r} is ambiguous: {names}")
    keys = {fold(a.initials): a for a in associates} | {fold(a.name): a for a in associates}
    close = difflib.get_close_matches(fold(typed), list(keys), n=3, cutoff=0.4)
    hint = ", ".join(dict.fromkeys(f"{keys[k].initials} ({keys[k].name})" for k in close))
    suffix = f"; closest: {hint}" if hint else ""
    raise InputError(f"associate: no active associate {typed!r}{suffix}")


@dataclass(frozen=True)
class OnFloor:
    associate: Associate
    hours: float  # scheduled hours that business day


def on_floor(session: Session, boutique_id: int, clock: Clock, day: date) -> list[OnFloor]:
    """Associates with a shift that business day, with their scheduled hours."""
    return on_floor_days(session, boutique_id, clock, [day])[day]


@cache
def _shifts_statement():  # type: ignore[no-untyped-def]
    """Shifts overlapping [:first, :last), read through their start index: built once. The
    times come as the column's plain DateTime, without the UTC type's conversion of each value
    (a month is two thousand): naive UTC on SQLite, aware on PostgreSQL. The shift table is
    loaded here, on first use: resolving an associate (`floorcon note`) never needs it."""
    moment = DateTime(timezone=True)
    shift = models.Shift
    return (select(shift.associate_id, type_coerce(shift.starts_at, moment),
                   type_coerce(shift.ends_at, moment))
            .where(shift.boutique_id == bindparam("boutique_id"), shift.starts_at < bindparam("last"),
                   shift.ends_at > bindparam("first"), shift.starts_at > bindparam("earliest")))


@cache
def _people_statement():  # type: ignore[no-untyped-def]
    """The associates of a list of ids, as objects (what OnFloor carries): built once."""
    return select(Associate).where(col(Associate.id).in_(bindparam("ids", expanding=True)))


def on_floor_days(
    session: Session, boutique_id: int, clock: Clock, days: list[date]
) -> dict[date, list[OnFloor]]:
    """on_floor for each of `days`, from one query (a month's trend, not thirty queries)."""
    bounds = {day: clock.day_bounds(day) for day in days}
    first = min(start for start, _ in bounds.values())
    last = max(end for _, end in bounds.values())
    # The shifts as columns (a month holds a thousand), the team as objects (a few dozen).
    shifts = list(columns(session, _shifts_statement(), {
        "boutique_id": boutique_id, "first": first, "last": last, "earliest": first - LONGEST_SHIFT}))
    ids = {aid for aid, _, _ in shifts}
    team = {a.id: a for a in session.exec(_people_statement(), params={"ids": list(ids)})} if ids else {}
    # Each shift to the few days it overlaps (found by bisection over the days' starts), not
    # every shift against every day: a month is a thousand shifts, not thirty thousand tests.
    ordered_days = sorted(bounds.items(), key=lambda item: item[1][0])
    naive = bool(shifts) and shifts[0][1].tzinfo is None  # SQLite's: the days' bounds alike
    starts = [start.replace(tzinfo=None) if naive else start for _, (start, _) in ordered_days]
    ends = [end.replace(tzinfo=None) if naive else end for _, (_, end) in ordered_days]
    worked: list[dict[int, float]] = [{} for _ in ordered_days]  # in the order of `starts`
    for aid, starts_at, ends_at in shifts:
        if aid not in team:
            continue
        i = bisect_left(starts, ends_at) - 1  # the last day starting before the shift ends
        while i >= 0 and ends[i] > starts_at:
            start, end = starts[i], ends[i]
            seconds = (min(ends_at, end) - max(starts_at, start)).total_seconds()
            hours = worked[i]
            hours[aid] = hours.get(aid, 0.0) + seconds / 3600
            i -= 1
    by_day = {day: hours for (day, _), hours in zip(ordered_days, worked, strict=True)}
    by_name = {aid: (a.first_name, a.last_name) for aid, a in team.items()}
    result: dict[date, list[OnFloor]] = {}
    for day in bounds:
        hours = by_day[day]
        result[day] = [OnFloor(team[aid], hours[aid]) for aid in sorted(hours, key=by_name.__getitem__)]
    return result
