"""The floor radar: what deserves the manager's attention now, why in figures, and what to do.

Each rule is a small function over the store that returns the items it finds; `radar` ranks
them all and leaves out what was dismissed or acted on today. The rules never compute a figure
a second way: pace and the month come from the targets pane (services/dashboard.py over
services/kpi.py), follow-ups from the follow-up queue, one-to-ones and PMP checkpoints from the
People attention list, low scores from services/satisfaction.py. Their thresholds are the
`[radar]` section of config.toml.

The order between rules is fixed (RULES): a client about to arrive first, then an associate
falling behind while there is still time to sell, an unhappy client, a VIC kept waiting, the
month, then the team's development. Within a rule, the most pressing first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from ..clock import Clock
from ..config import Settings
from ..models import (
    AppointmentStatus,
    Associate,
    Client,
    CoachingNote,
    FollowUpStatus,
    RadarDismissal,
    Segment,
)
from .appointments import appointment_rows
from .dashboard import FollowUpRow, TargetsPane, followups_pane, targets_pane
from .masking import mask_amount
from .parsing import format_money
from .people import Attention, attention
from .satisfaction import low_scores
from .team import on_floor

# What enter does on an item.
ACT_NOTE = "note"  # the coaching note form, prefilled for the associate
ACT_BRIEF = "brief"  # the client brief
ACT_CLIENT = "client"  # the client file, where the follow-up is
ACT_ASSOCIATE = "associate"  # the associate file
ACT_TARGETS = "targets"  # the targets screen
ACT_SATISFACTION = "satisfaction"  # the satisfaction screen (a low score with no client)

SEGMENTS = (Segment.VIC.value, Segment.HIGH_JEWELRY.value)
NEVER = 10_000  # the weight of "never coached": before any number of days


@dataclass(frozen=True)
class RadarItem:
    """One thing to do, with its reason in figures.

    `reason` may name amounts and what a client said; `masked_reason` is the same sentence for
    discreet mode. The client's name is apart (`client`), so every view masks it its own way.
    """

    key: str  # stable for the day: the rule and what it is about, e.g. "pace:3", "followup:41"
    rule: str
    rank: int  # the rule's place in RULES: lower first
    weight: float  # within a rule, higher first (minutes to go negated, days late, points behind)
    who: str  # the associate's initials, or the boutique's name
    client: str  # the client's name, "" when the item is not about a client
    title: str
    reason: str
    masked_reason: str
    act: str  # one of the ACT_* values
    action: str  # what enter does, said to the manager
    associate_id: int | None = None
    client_id: int | None = None
    prefill: dict[str, str] = field(default_factory=dict)  # the coaching note's fields, for ACT_NOTE
    tell: str = ""  # a line for the associate or owner, shown when acting
    figures: dict[str, int | float | str | None] = field(default_factory=dict)

    def shown_reason(self, discreet: bool) -> str:
        return self.masked_reason if discreet else self.reason


def _money(settings: Settings) -> tuple[Callable[[int], str], Callable[[int], str]]:
    """The real and the discreet way to write an amount."""
    return (lambda v: format_money(v, settings)), (lambda _v: mask_amount(settings.currency_symbol))


def _who(initials: str, name: str) -> str:
    """'AH Amira': short enough for the radar's first column."""
    return f"{initials} {name.split()[0]}" if name.strip() else initials


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _duration(minutes: int) -> str:
    return f"{minutes // 60}h{minutes % 60:02d}" if minutes >= 60 else f"{minutes} min"


# -- what several rules read -------------------------------------------------------------------

T = TypeVar("T")
SHARED = "floorcon.radar.shared"  # the key of the radar's Shared in session.info, during radar()


@dataclass
class Shared:
    """What several rules read, read once per radar: the dashboard hands over the targets, the
    People line and the VIC / HJ follow-up queue (any horizon) its panes have just read."""

    targets: TargetsPane | None = None
    people: Attention | None = None
    followups: list[FollowUpRow] | None = None


def _once(session: Session, name: str, read: Callable[[], T]) -> T:
    """`read()`, or, inside radar(), what an earlier rule (or the caller) already read."""
    shared: Shared | None = session.info.get(SHARED)
    if shared is None:
        return read()
    if getattr(shared, name) is None:
        setattr(shared, name, read())
    return getattr(shared, name)  # type: ignore[no-any-return]


# -- the rules ---------------------------------------------------------------------------------


def pace_items(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> list[RadarItem]:
    """Associates on the floor behind today's pace by more than `radar.pace_share`, while at
    least `radar.minutes_left` minutes of the day are left to sell."""
    opening = clock.opening(clock.today())
    if opening is None:
        return []
    now = clock.now_utc()
    left = int((opening[1] - now).total_seconds() // 60)
    if now <= opening[0] or left < settings.radar_minutes_left:
        return []
    pane = _once(session, "targets", lambda: targets_pane(session, boutique_id, clock, settings))
    real, masked = _money(settings)
    items = []
    for row in pane.associates:
        achieved = row.achievement
        if achieved is None or row.target is None or row.associate_id is None:
            continue
        gap = pane.pace - achieved
        if gap <= settings.radar_pace_share:
            continue
        to_sell = max(0, row.target - row.figures.net_sales)
        reasons = [f"{achieved:.0%} of {money(row.target)} with {pane.pace:.0%} of the day gone · "
                   f"{money(to_sell)} to sell in {_duration(left)}" for money in (real, masked)]
        items.append(RadarItem(
            f"pace:{row.associate_id}", "pace", RULES.index("pace"), gap, row.initials, "",
            f"{_who(row.initials, row.name)} behind today's pace", *reasons, ACT_NOTE,
            "coaching note, prefilled", associate_id=row.associate_id,
            prefill={"associate": row.initials, "kind": "development",
                     "text": f"Behind pace: {achieved:.0%} of target, {pane.pace:.0%} of the day gone. "},
            figures={"achievement": round(achieved, 4), "pace": round(pane.pace, 4), "target": row.target,
                     "net_sales": row.figures.net_sales, "to_sell": to_sell, "minutes_left": left},
        ))
    return items


def appointment_items(
    session: Session, boutique_id: int, clock: Clock, settings: Settings
) -> list[RadarItem]:
    """Booked appointments of VIC or High Jewelry clients (or serving an HJ opportunity) that
    start within `radar.appointment_minutes`."""
    now = clock.now_utc()
    soon = now + timedelta(minutes=settings.radar_appointment_minutes)
    rows = appointment_rows(session, boutique_id, now, soon)
    items = []
    for r in rows:
        if r.status != AppointmentStatus.BOOKED.value or not (r.segment in SEGMENTS or r.opportunity_id):
            continue
        minutes = max(0, int((r.starts_at - now).total_seconds() // 60))
        at = clock.local(r.starts_at).format("HH:mm")
        head = f"{at}, {'in ' + _duration(minutes) if minutes else 'now'} · with {r.associate}"
        detail = f" · {r.purpose}" + (f" · prepare: {r.prepare}" if r.prepare else "")
        hj = f" · HJ: {r.opportunity}" if r.opportunity else ""
        items.append(RadarItem(
            f"appointment:{r.id}", "appointment", RULES.index("appointment"), -minutes, r.associate, r.client,
            f"{r.segment} appointment within the hour", head + detail + hj, head + hj, ACT_BRIEF,
            "client brief; tell the associate", associate_id=r.associate_id, client_id=r.client_id,
            tell=f"{r.associate}: your {r.segment} client arrives at {at}",
            figures={"starts_at": r.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "minutes": minutes,
                     "appointment_id": r.id, "segment": r.segment},
        ))
    return items


def followup_items(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> list[RadarItem]:
    """Owners with open VIC and High Jewelry follow-ups at least `radar.followup_days` days late:
    one item per owner (the nudge is theirs), opening the most late one."""
    queue = _once(session, "followups", lambda: followups_pane(session, boutique_id, clock.today(), 0))
    late: dict[int, list] = {}
    for r in queue:
        if r.days_late > 0 and r.days_late >= settings.radar_followup_days:
            late.setdefault(r.owner_id, []).append(r)
    items = []
    for owner_id, mine in late.items():
        r = max(mine, key=lambda f: (f.days_late, -f.id))  # the most late: what enter opens
        n = len(mine)
        head = (f"{n} late · the oldest: {r.kind} due {r.due:%d/%m}, {r.days_late} day"
                f"{'s' if r.days_late != 1 else ''} late")
        items.append(RadarItem(
            f"followups:{owner_id}", "followup", RULES.index("followup"), r.days_late, r.owner, r.client,
            f"{r.owner}: VIC / HJ follow-up{'s' if n != 1 else ''} late",
            head + (f" · {r.action}" if r.action else ""), head, ACT_CLIENT,
            "the oldest, in the client file; nudge the owner", associate_id=owner_id, client_id=r.client_id,
            tell=f"{r.owner}: {n} VIC / HJ follow-up{'s' if n != 1 else ''} late, oldest {r.days_late} days",
            figures={"overdue": n, "followup_id": r.id, "due": r.due.isoformat(), "days_late": r.days_late},
        ))
    return items


def last_coached(session: Session, boutique_id: int, associate_ids: list[int]) -> dict[int, datetime]:
    """Associate -> the moment of their latest coaching note: one lookup of the (associate,
    noted_at) index each, not a pass over every note of five years."""
    latest = (select(func.max(CoachingNote.noted_at))
              .where(CoachingNote.associate_id == Associate.id).scalar_subquery())
    rows = session.exec(select(Associate.id, latest).where(  # type: ignore[call-overload]
        Associate.boutique_id == boutique_id, col(Associate.id).in_(associate_ids)))
    return {int(aid): at for aid, at in rows if at is not None}


def coaching_items(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> list[RadarItem]:
    """Associates on the floor today with no coaching note for `radar.coaching_days` days."""
    today = clock.today()
    floor = on_floor(session, boutique_id, clock, today)
    last = last_coached(session, boutique_id, [f.associate.id for f in floor if f.associate.id is not None])
    items = []
    for f in floor:
        a = f.associate
        assert a.id is not None
        noted = last.get(a.id)
        days = (today - clock.local_day(noted)).days if noted is not None else None
        if days is not None and days < settings.radar_coaching_days:
            continue
        reason = (f"no coaching note for {_days(days)} (last {clock.local(noted).format('DD/MM')})"
                  if days is not None and noted is not None else "no coaching note yet")
        items.append(RadarItem(
            f"coaching:{a.id}", "coaching", RULES.index("coaching"), days if days is not None else NEVER,
            a.initials, "", f"{_who(a.initials, a.name)} not coached", reason, reason, ACT_ASSOCIATE,
            "associate file", associate_id=a.id, figures={"days": days},
        ))
    return items


def one_to_one_items(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> list[RadarItem]:
    """A booked one-to-one whose day has gone without it being held, or, with none booked, an
    associate beyond the one-to-one cadence: one item per associate."""
    today = clock.today()
    people = _once(session, "people", lambda: attention(session, boutique_id, clock, settings))
    items: dict[int, RadarItem] = {}
    for o in people.overdue_one_to_ones:
        if o.associate_id in items:
            continue
        days = (today - clock.local_day(o.scheduled_at)).days
        booked = clock.local(o.scheduled_at).format("ddd DD/MM HH:mm")
        reason = f"one-to-one booked {booked} not held, {_days(days)} ago"
        items[o.associate_id] = RadarItem(
            f"one_to_one:{o.associate_id}", "one_to_one", RULES.index("one_to_one"), days, o.initials, "",
            f"{_who(o.initials, o.name)}: one-to-one overdue", reason, reason, ACT_ASSOCIATE,
            "associate file", associate_id=o.associate_id, figures={"days_late": days},
        )
    for p in people.beyond_cadence:
        if p.associate_id in items:
            continue
        every = people.cadence_days
        reason = (f"no one-to-one for {_days(p.days_since)} (every {every})"
                  if p.days_since is not None else f"no one-to-one held yet (every {every} days)")
        weight = (p.days_since or NEVER) - people.cadence_days
        items[p.associate_id] = RadarItem(
            f"one_to_one:{p.associate_id}", "one_to_one", RULES.index("one_to_one"), weight, p.initials, "",
            f"{_who(p.initials, p.name)}: one-to-one due", reason, reason, ACT_ASSOCIATE, "associate file",
            associate_id=p.associate_id, figures={"days_since": p.days_since, "cadence_days": every},
        )
    return list(items.values())


def checkpoint_items(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> list[RadarItem]:
    """PMP checkpoints of open plans whose day has gone without a check-in."""
    people = _once(session, "people", lambda: attention(session, boutique_id, clock, settings))
    items = []
    for i in people.plan_items:
        if i.what != "checkpoint" or i.plan_kind != "pmp" or not i.overdue:
            continue
        late = f"{i.days_late} day{'s' if i.days_late != 1 else ''} late"
        reason = f"PMP checkpoint due {i.due:%d/%m}, {late} · {i.plan_title}"
        items.append(RadarItem(
            f"checkpoint:{i.plan_id}:{i.due.isoformat()}", "checkpoint", RULES.index("checkpoint"),
            i.days_late,
            i.initials, "", f"{i.initials} PMP checkpoint overdue", reason, reason, ACT_ASSOCIATE,
            "associate file", associate_id=i.associate_id,
            figures={"plan_id": i.plan_id, "due": i.due.isoformat(), "days_late": i.days_late},
        ))
    return items


def satisfaction_items(
    session: Session, boutique_id: int, clock: Clock, settings: Settings
) -> list[RadarItem]:
    """Scores on the wrong side of their threshold received in the last `radar.satisfaction_days`
    days whose recovery follow-up is not done (none written, open, or cancelled)."""
    now = clock.now_utc()
    since = now - timedelta(days=settings.radar_satisfaction_days)
    low = low_scores(session, boutique_id, settings, since, now)
    numbers = {s.client_number for s in low if s.client_number}
    ids: dict[str, int] = {n: i for i, n in session.exec(
        select(Client.id, Client.number)
        .where(Client.boutique_id == boutique_id, col(Client.number).in_(numbers))
    ) if i is not None} if numbers else {}
    today = clock.today()
    items = []
    for s in low:
        if s.recovery is not None and s.recovery.status == FollowUpStatus.DONE.value:
            continue
        received = clock.local_day(s.received_at)
        days = (today - received).days
        limit = f" (threshold {s.threshold:g})" if s.threshold is not None else ""
        head = f"{s.measure} {s.score:g}{limit} on {received:%d/%m}"
        head += f" · served by {s.associate}" if s.associate else ""
        if s.recovery is None:
            state = "no recovery follow-up"
        else:
            state = f"recovery {s.recovery.status}, owner {s.recovery.owner}, due {s.recovery.due:%d/%m}"
        client_id = ids.get(s.client_number)
        items.append(RadarItem(
            f"satisfaction:{s.id}", "satisfaction", RULES.index("satisfaction"), -days, s.associate, s.client,
            f"Low {s.measure} score not recovered", f"{head} · {state}", f"{head} · {state}",
            ACT_CLIENT if client_id is not None else ACT_SATISFACTION,
            "client file, to the recovery" if client_id is not None else "satisfaction screen",
            client_id=client_id,
            figures={"score_id": s.id, "score": s.score, "threshold": s.threshold, "days_ago": days,
                     "recovery": s.recovery.status if s.recovery else None},
        ))
    return items


def month_pace(clock: Clock, day: date) -> float:
    """Share of the month's selling days gone by now: the days before today, and the part of
    today already gone."""
    first, last = clock.month_first(day), clock.month_last(day)
    total = clock.selling_days(first, last)
    if total <= 0:
        return 1.0
    gone = clock.selling_days(first, day - timedelta(days=1)) if day > first else 0
    if clock.is_selling_day(day):
        gone += clock.elapsed_share()
    return gone / total


def month_items(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> list[RadarItem]:
    """The boutique behind the month's pace by more than `radar.month_share`."""
    today = clock.today()
    pane = _once(session, "targets", lambda: targets_pane(session, boutique_id, clock, settings))
    achieved = pane.month_achievement
    pace = month_pace(clock, today)
    if achieved is None or pane.month_target is None or pace - achieved <= settings.radar_month_share:
        return []
    real, masked = _money(settings)
    days = pane.selling_days_left

    def say(money: Callable[[int], str]) -> str:
        plural = "s" if days != 1 else ""
        needed = (f"{money(pane.run_rate_needed)} a day needed over {days} selling day{plural}"
                  if pane.run_rate_needed is not None else "no selling day left")
        return (f"{money(pane.month_to_date)} of {money(pane.month_target or 0)} ({achieved:.0%}) with "
                f"{pace:.0%} of the month gone · {needed}")

    return [RadarItem(
        f"month:{today:%Y-%m}", "month", RULES.index("month"), pace - achieved, settings.boutique_name, "",
        "Boutique behind month's pace", say(real), say(masked), ACT_TARGETS,
        "targets, with the run-rate needed",
        figures={"month_to_date": pane.month_to_date, "month_target": pane.month_target,
                 "achievement": round(achieved, 4), "pace": round(pace, 4),
                 "run_rate_needed": pane.run_rate_needed, "selling_days_left": days},
    )]


RULES = ("appointment", "pace", "satisfaction", "followup", "month", "one_to_one", "checkpoint", "coaching")
RULE_FUNCTIONS: tuple[Callable[[Session, int, Clock, Settings], list[RadarItem]], ...] = (
    appointment_items, pace_items, satisfaction_items, followup_items, month_items, one_to_one_items,
    checkpoint_items, coaching_items,
)


# -- the list ----------------------------------------------------------------------------------


def taken_off(session: Session, boutique_id: int, day: date) -> set[str]:
    """Keys of the items dismissed or acted on that business day."""
    return set(session.exec(select(RadarDismissal.item_key).where(
        RadarDismissal.boutique_id == boutique_id, RadarDismissal.day == day)))


def radar(
    session: Session, boutique_id: int, clock: Clock, settings: Settings, shared: Shared | None = None
) -> list[RadarItem]:
    """Every rule's items, ranked, without those dismissed or acted on today. `shared`: what
    the caller has just read in the same session (the dashboard's targets and People line)."""
    gone = taken_off(session, boutique_id, clock.today())
    session.info[SHARED] = shared or Shared()
    try:
        items = [i for rule in RULE_FUNCTIONS for i in rule(session, boutique_id, clock, settings)
                 if i.key not in gone]
    finally:
        del session.info[SHARED]
    return sorted(items, key=lambda i: (i.rank, -i.weight, i.key))


def dismiss(
    session: Session, boutique_id: int, clock: Clock, key: str, acted: bool = False
) -> RadarDismissal:
    """Take an item off the radar for the rest of the business day (again: nothing changes)."""
    if not key.strip() or len(key) > 80:
        raise ValueError(f"radar item: {key!r} is not an item key")
    today = clock.today()
    found = session.exec(select(RadarDismissal).where(
        RadarDismissal.boutique_id == boutique_id, RadarDismissal.item_key == key, RadarDismissal.day == today
    )).first()
    if found is not None:
        return found
    row = RadarDismissal(boutique_id=boutique_id, item_key=key, day=today, acted=acted, at=clock.now_utc())
    session.add(row)
    session.flush()
    return row
