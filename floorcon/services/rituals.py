"""The day's rituals as plain data: end-of-day recap, morning briefing, weekly review.

Screens, the command line and every export format lay out these same objects, so a figure in
the e-mailed recap is the figure on the screen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Integer, and_, bindparam, extract, func, literal, union_all
from sqlmodel import Session, col, select

from ..clock import Clock
from ..config import Settings
from ..db import columns
from ..models import (
    Appointment,
    AppointmentStatus,
    Associate,
    Client,
    CoachingNote,
    DaySummary,
    Event,
    FocusStory,
    FollowUp,
    FollowUpStatus,
    Moment,
    NoteKind,
    Sale,
    SatisfactionScore,
    Traffic,
)
from ..models.clients import client_name
from . import kpi
from .dashboard import NoteRow, TargetsPane, coaching_pane, targets_pane
from .targets import day_targets_span
from .team import on_floor_days

if TYPE_CHECKING:
    from .radar import RadarItem

HIGHLIGHTS = 5
HJ_CATEGORY = "high jewelry"


# -- the pieces ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoachingCount:
    associate_id: int
    initials: str
    name: str
    recognition: int = 0
    development: int = 0
    observation: int = 0

    @property
    def total(self) -> int:
        return self.recognition + self.development + self.observation


@dataclass(frozen=True)
class FollowUpLine:
    id: int
    due: date
    client: str
    client_number: str
    segment: str
    owner: str
    kind: str
    action: str
    outcome: str = ""


@dataclass(frozen=True)
class ScoreLine:
    measure: str
    score: float
    threshold: float | None
    associate: str
    client: str
    comment: str
    received_at: datetime
    # The measure's direction; an InitVar, so exports keep their fields (`below` says it all).
    higher_is_better: InitVar[bool] = True

    def __post_init__(self, higher_is_better: bool) -> None:
        object.__setattr__(self, "_higher_is_better", higher_is_better)

    @property
    def below(self) -> bool:
        """On the wrong side of the threshold: under it, or over it when lower is better."""
        if self.threshold is None:
            return False
        higher = getattr(self, "_higher_is_better", True)
        return self.score < self.threshold if higher else self.score > self.threshold


@dataclass(frozen=True)
class SaleLine:
    receipt: str
    sold_at: datetime
    associate: str
    amount: int
    category: str
    client: str


@dataclass(frozen=True)
class AppointmentLine:
    starts_at: datetime
    client: str
    segment: str
    associate: str
    purpose: str


@dataclass(frozen=True)
class EventLine:
    starts_at: datetime
    title: str
    place: str


@dataclass(frozen=True)
class KeyDate:
    client: str
    segment: str
    owner: str
    what: str  # "birthday"


@dataclass(frozen=True)
class Spark:
    """Daily net sales and targets for one associate (or the boutique, id None)."""

    associate_id: int | None
    initials: str
    days: list[date]
    sales: list[int]
    targets: list[int | None]
    name: str = ""

    @property
    def achievement(self) -> float | None:
        """Sales on the days that had a target, against those targets."""
        pairs = [(s, t) for s, t in zip(self.sales, self.targets, strict=True) if t]
        total = sum(t for _, t in pairs)
        return kpi.achievement(sum(s for s, _ in pairs), total) if total else None


@dataclass(frozen=True)
class HourBar:
    hour: int  # local hour of the day
    net_sales: int
    visitors: int | None


# -- shared queries --------------------------------------------------------------------------


class _Person(NamedTuple):
    initials: str
    name: str


@cache
def _statement(name: str) -> Any:
    """The recap's queries, each built once and run with parameters (:boutique_id; :start and
    :end for a period, :day for a date): building a statement costs more than running it on a
    day's rows."""
    boutique, day = bindparam("boutique_id"), bindparam("day")
    start, end = bindparam("start"), bindparam("end")
    note, fu, score, ap = CoachingNote, FollowUp, SatisfactionScore, Appointment
    open_ = fu.status == FollowUpStatus.OPEN.value
    net = func.sum(Sale.amount).label("net")
    names = (Client.title, Client.first_name, Client.last_name)
    builders: dict[str, Callable[[], Any]] = {
        "names": lambda: select(Associate.id, Associate.initials, Associate.first_name, Associate.last_name)
        .where(Associate.boutique_id == boutique),
        "coaching": lambda: select(note.associate_id, note.kind, func.count())
        .where(note.boutique_id == boutique, note.noted_at >= start, note.noted_at < end)
        .group_by(note.associate_id, note.kind),
        "followups done": lambda: _followup_query(
            fu.boutique_id == boutique, fu.status == FollowUpStatus.DONE.value, col(fu.done_at) >= start,
            col(fu.done_at) < end),
        "followups overdue": lambda: _followup_query(fu.boutique_id == boutique, open_, fu.due < day),
        "followups due": lambda: _followup_query(fu.boutique_id == boutique, open_, fu.due == day),
        "followups created": lambda: select(func.count()).select_from(fu)
        .where(fu.boutique_id == boutique, fu.created_at >= start, fu.created_at < end),
        "scores": lambda: select(score.measure, score.score, score.comment, score.received_at,
                                 Associate.initials, Client.id, *names)
        .outerjoin(Associate, col(Associate.id) == score.associate_id)
        .outerjoin(Client, col(Client.id) == score.client_id)
        .where(score.boutique_id == boutique, score.received_at >= start, score.received_at < end)
        .order_by(col(score.score), col(score.id)),
        "largest": lambda: select(Sale.receipt, func.min(Sale.sold_at), Sale.associate_id, net,
                                  func.max(Sale.category), func.max(Sale.client_id))
        .where(Sale.boutique_id == boutique, Sale.sold_at >= start, Sale.sold_at < end)
        .group_by(Sale.receipt, Sale.associate_id)
        .having(net > 0)
        .order_by(net.desc())
        .limit(bindparam("limit")),
        "hj": lambda: select(Sale.receipt, Sale.sold_at, Sale.associate_id, Sale.amount, Sale.category,
                             Sale.client_id)
        .where(Sale.boutique_id == boutique, Sale.sold_at >= start, Sale.sold_at < end,
               Sale.category == HJ_CATEGORY)
        .order_by(col(Sale.sold_at)),
        "client names": lambda: select(Client.id, *names)
        .where(col(Client.id).in_(bindparam("ids", expanding=True))),
        "appointments": lambda: select(ap.starts_at, *names, Client.segment, Associate.initials, ap.purpose)
        .join(Client, col(Client.id) == ap.client_id)
        .join(Associate, col(Associate.id) == ap.associate_id)
        .where(ap.boutique_id == boutique, ap.starts_at >= start, ap.starts_at < end,
               ap.status == AppointmentStatus.BOOKED.value)
        .order_by(col(ap.starts_at)),
        "events": lambda: select(Event.starts_at, Event.title, Event.place)
        .where(Event.boutique_id == boutique, Event.starts_at >= start, Event.starts_at < end)
        .order_by(col(Event.starts_at)),
        "traffic": lambda: select(Traffic.hour_start, Traffic.visitors)
        .where(Traffic.boutique_id == boutique, Traffic.hour_start >= start, Traffic.hour_start < end),
        "summary": lambda: select(DaySummary.text)
        .where(DaySummary.boutique_id == boutique, DaySummary.day == day),
    }
    return builders[name]()


def _run(session: Session, name: str, **params: Any) -> Any:
    return columns(session, _statement(name), params)


def _names(session: Session, boutique_id: int) -> dict[int, _Person]:
    return {aid: _Person(initials, f"{first} {last}")
            for aid, initials, first, last in _run(session, "names", boutique_id=boutique_id)}


def coaching_counts(
    session: Session, boutique_id: int, start: datetime, end: datetime
) -> list[CoachingCount]:
    """Coaching notes per associate and kind in [start, end), most coached first."""
    counts: dict[int, Counter[str]] = {}
    for aid, kind, n in _run(session, "coaching", boutique_id=boutique_id, start=start, end=end):
        counts.setdefault(aid, Counter())[kind] += n
    people = _names(session, boutique_id)
    rows = [
        CoachingCount(aid, people[aid].initials, people[aid].name, c[NoteKind.RECOGNITION.value],
                      c[NoteKind.DEVELOPMENT.value], c[NoteKind.OBSERVATION.value])
        for aid, c in counts.items() if aid in people
    ]
    return sorted(rows, key=lambda r: (-r.total, r.initials))


def _followup_query(*where: Any) -> Any:
    return (  # columns, not objects: an overdue list can be long
        select(FollowUp.id, FollowUp.due, Client.title, Client.first_name, Client.last_name, Client.number,
               Client.segment, Associate.initials, FollowUp.kind, FollowUp.action, FollowUp.outcome)
        .join(Client, col(Client.id) == FollowUp.client_id)
        .join(Associate, col(Associate.id) == FollowUp.owner_id)
        .where(*where)
        .order_by(col(FollowUp.due), col(FollowUp.id))
    )


def _followup_lines(session: Session, *where: Any) -> list[FollowUpLine]:
    return _as_followup_lines(session.exec(_followup_query(*where)))


def _recap_followups(session: Session, which: str, **params: Any) -> list[FollowUpLine]:
    """The recap's lists of follow-ups ("followups done", "overdue" or "due"), by a built statement."""
    return _as_followup_lines(_run(session, which, **params))


def _as_followup_lines(rows: Any) -> list[FollowUpLine]:
    return [
        FollowUpLine(fu_id, due, client_name(title, first, last), number, segment, initials, kind, action,
                     outcome)
        for fu_id, due, title, first, last, number, segment, initials, kind, action, outcome in rows
    ]


def scores(
    session: Session, boutique_id: int, start: datetime, end: datetime, settings: Settings
) -> list[ScoreLine]:
    """Satisfaction answers received in [start, end), lowest first."""
    lines = []
    for code, score, comment, received_at, initials, client_id, title, first, last in _run(
            session, "scores", boutique_id=boutique_id, start=start, end=end):
        measure = settings.measure(code)
        lines.append(ScoreLine(code, score, measure.threshold if measure else None,
                               initials if initials is not None else "",
                               client_name(title, first, last) if client_id is not None else "", comment,
                               received_at, measure.higher_is_better if measure else True))
    return lines


def largest_receipts(
    session: Session, boutique_id: int, start: datetime, end: datetime, limit: int = HIGHLIGHTS
) -> list[SaleLine]:
    """The day's largest receipts by net, with their main category."""
    rows = _run(session, "largest", boutique_id=boutique_id, start=start, end=end, limit=limit)
    return _sale_lines(session, boutique_id, list(rows))


def hj_moves(session: Session, boutique_id: int, start: datetime, end: datetime) -> list[SaleLine]:
    """High Jewelry lines of the period (sales and returns)."""
    return _sale_lines(session, boutique_id, list(_run(session, "hj", boutique_id=boutique_id, start=start,
                                                       end=end)))


def _sale_lines(session: Session, boutique_id: int, rows: list) -> list[SaleLine]:  # type: ignore[type-arg]
    people = _names(session, boutique_id)
    client_ids = [r[5] for r in rows if r[5] is not None]
    found = _run(session, "client names", ids=client_ids) if client_ids else []
    clients = {cid: client_name(title, first, last) for cid, title, first, last in found}
    return [
        SaleLine(receipt, sold_at, people[aid].initials if aid in people else "", int(amount),
                 category or "", clients.get(cid, ""))
        for receipt, sold_at, aid, amount, category, cid in rows
    ]


def appointments(session: Session, boutique_id: int, start: datetime, end: datetime) -> list[AppointmentLine]:
    return [AppointmentLine(starts_at, client_name(title, first, last), segment, initials, purpose)
            for starts_at, title, first, last, segment, initials, purpose
            in _run(session, "appointments", boutique_id=boutique_id, start=start, end=end)]


def events(session: Session, boutique_id: int, start: datetime, end: datetime) -> list[EventLine]:
    rows = _run(session, "events", boutique_id=boutique_id, start=start, end=end)
    return [EventLine(starts_at, title, place) for starts_at, title, place in rows]


def key_dates(session: Session, boutique_id: int, day: date) -> list[KeyDate]:
    """VIC and High Jewelry clients whose birthday is that day."""
    query = (
        select(Client, Associate)
        .outerjoin(Associate, col(Associate.id) == Client.owner_id)
        .where(Client.boutique_id == boutique_id, col(Client.birthday).is_not(None),
               col(Client.segment).in_(("VIC", "HJ")),
               extract("month", Client.birthday) == day.month, extract("day", Client.birthday) == day.day,
               col(Client.erased_at).is_(None))
        .order_by(col(Client.segment), col(Client.last_name))
    )
    return [KeyDate(c.display_name, c.segment, a.initials if a else "", "birthday")
            for c, a in session.exec(query)]


@cache
def _per_period(periods: int, by: tuple[Any, ...]) -> Any:
    """Net sales per numbered [:lo<i>, :hi<i>) period in UTC, built once per shape and run with
    the bounds as parameters. The periods are a table joined to the sale lines, so each reads
    its own range of the (boutique, sold_at) index: two comparisons a line, not a CASE, exact
    for local days and hours across a daylight saving change. SELECTs joined by UNION ALL rather
    than VALUES: SQLAlchemy caches this statement's compiled form, not a VALUES list's."""
    moment = Sale.__table__.c.sold_at.type  # type: ignore[attr-defined]
    period = union_all(*[
        select(literal(i, Integer).label("i"), bindparam(f"lo{i}", type_=moment).label("lo"),
               bindparam(f"hi{i}", type_=moment).label("hi")) for i in range(periods)
    ]).cte("period")
    return (
        select(period.c.i, *by, func.sum(Sale.amount))
        .select_from(period)
        .join(Sale, and_(Sale.boutique_id == bindparam("boutique_id"), Sale.sold_at >= period.c.lo,
                         Sale.sold_at < period.c.hi))
        .group_by(period.c.i, *by)
    )


def sales_per_period(session: Session, boutique_id: int, bounds: list[tuple[datetime, datetime]],
                     *by: Any) -> list[Any]:
    """Net sales per period of `bounds` (its index first), and per `by` columns if given."""
    params: dict[str, Any] = {"boutique_id": boutique_id}
    for i, (lo, hi) in enumerate(bounds):
        params[f"lo{i}"], params[f"hi{i}"] = lo, hi
    return list(columns(session, _per_period(len(bounds), by), params))


def sparks(session: Session, boutique_id: int, clock: Clock, last: date, days: int = 30) -> list[Spark]:
    """Each associate's daily net sales against their share of the target, `days` days to `last`.

    The boutique comes first (associate_id None); then every associate who sold or had a target.
    """
    first = last - timedelta(days=days - 1)
    span = [first + timedelta(days=i) for i in range(days)]
    sales: dict[tuple[int, date], int] = {}
    # Summed per local day in SQL (a month is 30 x 40 sums, not 20,000 rows brought into Python).
    for index, aid, amount in sales_per_period(session, boutique_id, [clock.day_bounds(d) for d in span],
                                               Sale.associate_id):
        sales[(aid, span[index])] = int(amount)
    shares: dict[tuple[int, date], int] = {}
    totals: dict[date, int | None] = {}
    targets = day_targets_span(session, boutique_id, on_floor_days(session, boutique_id, clock, span))
    for d in span:
        total, split = targets[d]
        totals[d] = total
        for aid, value in split.items():
            shares[(aid, d)] = value
    people = _names(session, boutique_id)
    ids = sorted({aid for aid, _ in sales} | {aid for aid, _ in shares},
                 key=lambda a: people[a].initials if a in people else "")
    boutique: dict[date, int] = {}
    for (_, d), value in sales.items():
        boutique[d] = boutique.get(d, 0) + value
    result = [Spark(None, "Boutique", span, [boutique.get(d, 0) for d in span],
                    [totals[d] for d in span], "Boutique")]
    for aid in ids:
        if aid not in people:
            continue
        result.append(Spark(aid, people[aid].initials, span,
                            [sales.get((aid, d), 0) for d in span],
                            [shares.get((aid, d)) for d in span], people[aid].name))
    return result


def hourly(session: Session, boutique_id: int, clock: Clock, day: date) -> list[HourBar]:
    """Net sales and door traffic per local hour of the opening hours."""
    start, end = clock.day_bounds(day)
    net: Counter[int] = Counter()
    # Summed per hour in SQL, as the sparks are per day. The hours run from the local midnight,
    # so a day of daylight saving change has 23 or 25 of them (the repeated hour adds up under
    # its one local hour).
    starts = [start + timedelta(hours=k) for k in range(int((end - start).total_seconds() // 3600))]
    spans = list(zip(starts, [*starts[1:], end], strict=True))
    for k, amount in sales_per_period(session, boutique_id, spans):
        net[clock.local_hour(starts[k])] += int(amount)
    traffic: dict[int, int] = {}
    for hour_start, visitors in _run(session, "traffic", boutique_id=boutique_id, start=start, end=end):
        traffic[clock.local_hour(hour_start)] = visitors
    opening = clock.opening(day)
    hours = set(net) | set(traffic)
    if opening is not None:
        first = clock.local_hour(opening[0])
        last = clock.local_hour(opening[1] - timedelta(seconds=1))
        hours |= set(range(first, last + 1))
    return [HourBar(h, net.get(h, 0), traffic.get(h) if traffic else None) for h in sorted(hours)]


def summary_text(session: Session, boutique_id: int, day: date) -> str:
    text = _run(session, "summary", boutique_id=boutique_id, day=day).scalar()
    return text if text is not None else ""


def save_summary(
    session: Session, boutique_id: int, day: date, text: str, at: datetime, author: str
) -> DaySummary:
    """The manager's summary of a day: one per day, replaced when edited."""
    row = session.exec(
        select(DaySummary).where(DaySummary.boutique_id == boutique_id, DaySummary.day == day)
    ).first()
    if row is None:
        row = DaySummary(boutique_id=boutique_id, day=day, updated_at=at)
    row.text, row.updated_at, row.author = text.strip(), at, author
    session.add(row)
    session.flush()
    return row


def focus_story(session: Session, boutique_id: int, day: date) -> FocusStory | None:
    week = Clock.week_first(day)
    return session.exec(
        select(FocusStory).where(FocusStory.boutique_id == boutique_id, FocusStory.week_start == week)
    ).first()


def set_focus_story(session: Session, boutique_id: int, day: date, title: str, text: str = "") -> FocusStory:
    """The story or product of the week containing `day`."""
    from .parsing import InputError

    if not title.strip():
        raise InputError("focus: say what the story or product of the week is")
    week = Clock.week_first(day)
    row = focus_story(session, boutique_id, day) or FocusStory(boutique_id=boutique_id, week_start=week,
                                                                title="")
    row.title, row.text = title.strip(), text.strip()
    session.add(row)
    session.flush()
    return row


# -- the recap -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recap:
    boutique_name: str
    currency: str
    day: date
    table: TargetsPane
    new_clients: int
    coaching: list[CoachingCount]
    not_coached: list[str]
    recognitions: list[NoteRow]
    followups_done: list[FollowUpLine]
    followups_overdue: list[FollowUpLine]
    followups_created: int
    satisfaction: list[ScoreLine]
    highlights: list[SaleLine]
    hj: list[SaleLine]
    tomorrow: date
    tomorrow_appointments: list[AppointmentLine]
    tomorrow_followups: list[FollowUpLine]
    tomorrow_events: list[EventLine]
    hourly: list[HourBar]
    sparks: list[Spark]
    summary: str = ""

    @property
    def alerts(self) -> list[ScoreLine]:
        return [s for s in self.satisfaction if s.below]


def next_selling_day(clock: Clock, day: date) -> date:
    nxt = day + timedelta(days=1)
    for _ in range(7):
        if clock.is_selling_day(nxt):
            return nxt
        nxt += timedelta(days=1)
    return day + timedelta(days=1)


def recap(session: Session, boutique_id: int, clock: Clock, settings: Settings, day: date) -> Recap:
    """Everything the end-of-day recap says about `day`."""
    start, end = clock.day_bounds(day)
    table = targets_pane(session, boutique_id, clock, settings, day)
    notes = coaching_pane(session, boutique_id, clock, day)
    tomorrow = next_selling_day(clock, day)
    t_start, t_end = clock.day_bounds(tomorrow)
    created = _run(session, "followups created", boutique_id=boutique_id, start=start, end=end).scalar_one()
    return Recap(
        boutique_name=settings.boutique_name,
        currency=settings.currency,
        day=day,
        table=table,
        new_clients=kpi.new_clients(session, boutique_id, start, end),
        coaching=coaching_counts(session, boutique_id, start, end),
        not_coached=[f"{a.initials} {a.name}" for a in notes.not_coached],
        recognitions=[n for n in notes.notes if n.kind == NoteKind.RECOGNITION.value],
        followups_done=_recap_followups(session, "followups done", boutique_id=boutique_id, start=start,
                                        end=end),
        followups_overdue=_recap_followups(session, "followups overdue", boutique_id=boutique_id, day=day),
        followups_created=int(created),
        satisfaction=scores(session, boutique_id, start, end, settings),
        highlights=largest_receipts(session, boutique_id, start, end),
        hj=hj_moves(session, boutique_id, start, end),
        tomorrow=tomorrow,
        tomorrow_appointments=appointments(session, boutique_id, t_start, t_end),
        tomorrow_followups=_recap_followups(session, "followups due", boutique_id=boutique_id, day=tomorrow),
        tomorrow_events=events(session, boutique_id, t_start, t_end),
        hourly=hourly(session, boutique_id, clock, day),
        sparks=sparks(session, boutique_id, clock, day),
        summary=summary_text(session, boutique_id, day),
    )


# -- the morning briefing --------------------------------------------------------------------

BRIEFING_RADAR = 3  # the radar's items the briefing opens with: read aloud, it stays short


@dataclass(frozen=True)
class Briefing:
    boutique_name: str
    currency: str
    day: date
    yesterday: TargetsPane | None  # the last selling day before today
    today: TargetsPane
    focus: FocusStory | None
    appointments: list[AppointmentLine]
    key_dates: list[KeyDate]
    followups_due: list[FollowUpLine]  # overdue and due today
    events: list[EventLine]  # today and the rest of the week
    radar: list[RadarItem]  # today's briefing opens with the radar's top items; none for another day


def previous_selling_day(clock: Clock, day: date) -> date | None:
    prev = day - timedelta(days=1)
    for _ in range(7):
        if clock.is_selling_day(prev):
            return prev
        prev -= timedelta(days=1)
    return None


def briefing(session: Session, boutique_id: int, clock: Clock, settings: Settings, day: date) -> Briefing:
    """The morning briefing for `day`: the most important first."""
    from .radar import Shared, radar  # its rules read services (satisfaction, people) that read this module

    start, end = clock.day_bounds(day)
    prev = previous_selling_day(clock, day)
    week_end = Clock.week_first(day) + timedelta(days=7)
    today = targets_pane(session, boutique_id, clock, settings, day)
    return Briefing(
        boutique_name=settings.boutique_name,
        currency=settings.currency,
        day=day,
        yesterday=targets_pane(session, boutique_id, clock, settings, prev) if prev else None,
        today=today,
        focus=focus_story(session, boutique_id, day),
        appointments=appointments(session, boutique_id, start, end),
        key_dates=key_dates(session, boutique_id, day),
        followups_due=_followup_lines(
            session, FollowUp.boutique_id == boutique_id, FollowUp.status == FollowUpStatus.OPEN.value,
            FollowUp.due <= day, col(Client.segment).in_(("VIC", "HJ"))),
        events=events(session, boutique_id, start, clock.day_bounds(week_end)[0]),
        radar=(radar(session, boutique_id, clock, settings, Shared(targets=today))[:BRIEFING_RADAR]
               if day == clock.today() else []),
    )


# -- the weekly review -----------------------------------------------------------------------


@dataclass(frozen=True)
class WeekRow:
    associate_id: int | None
    initials: str
    name: str
    target: int | None
    net_sales: int
    trend: list[int]  # net sales of the last 8 weeks, oldest first, this week last
    trend_targets: list[int | None]

    @property
    def achievement(self) -> float | None:
        return kpi.achievement(self.net_sales, self.target)


@dataclass(frozen=True)
class MeasureLine:
    measure: str
    responses: int
    average: float | None
    below: int
    threshold: float | None


def measure_lines(lines: list[ScoreLine], settings: Settings) -> list[MeasureLine]:
    """Satisfaction by measure: responses, average, how many flagged; one line per measure
    answered, by code. The weekly review and the satisfaction trends both read it."""
    measures: dict[str, list[float]] = {}
    for s in lines:
        measures.setdefault(s.measure, []).append(s.score)
    satisfaction = []
    for m, v in sorted(measures.items()):
        measure = settings.measure(m)
        below = sum(1 for x in v if measure.alert(x)) if measure else 0
        threshold = measure.threshold if measure else None
        satisfaction.append(MeasureLine(m, len(v), sum(v) / len(v), below, threshold))
    return satisfaction


@dataclass(frozen=True)
class WeekReview:
    boutique_name: str
    currency: str
    first: date
    last: date
    weeks: list[date]  # the 8 week starts of the trend, oldest first
    boutique: WeekRow
    associates: list[WeekRow]
    coaching: dict[tuple[str, str], int] = field(default_factory=dict)  # (moment, kind) -> count
    followups_due: int = 0
    followups_on_time: int = 0
    satisfaction: list[MeasureLine] = field(default_factory=list)
    recognitions: list[NoteRow] = field(default_factory=list)  # newest first

    @property
    def on_time_rate(self) -> float | None:
        return kpi.ratio(self.followups_on_time, self.followups_due)


def week(session: Session, boutique_id: int, clock: Clock, settings: Settings, day: date,
         weeks: int = 8) -> WeekReview:
    """The week containing `day` against target, with the trend of the last `weeks` weeks."""
    first = Clock.week_first(day)
    last = first + timedelta(days=6)
    starts = [first - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    span_first = starts[0]
    daily = sparks(session, boutique_id, clock, last, days=(last - span_first).days + 1)

    def weekly(values: list[int] | list[int | None], spark: Spark) -> list:  # type: ignore[type-arg]
        out = []
        for s in starts:
            chunk = [v for d, v in zip(spark.days, values, strict=True) if s <= d < s + timedelta(days=7)]
            known = [v for v in chunk if v is not None]
            out.append(sum(known) if known else None)
        return out

    rows: list[WeekRow] = []
    people = _names(session, boutique_id)
    for spark in daily:
        sales = [v or 0 for v in weekly(spark.sales, spark)]
        targets = weekly(spark.targets, spark)
        name = "Boutique" if spark.associate_id is None else people[spark.associate_id].name
        rows.append(WeekRow(spark.associate_id, "" if spark.associate_id is None else spark.initials,
                            name, targets[-1], sales[-1], sales, targets))
    start, end = clock.range_bounds(first, last)
    matrix: dict[tuple[str, str], int] = {}
    for moment, kind, n in session.exec(
        select(CoachingNote.moment, CoachingNote.kind, func.count())
        .where(CoachingNote.boutique_id == boutique_id, CoachingNote.noted_at >= start,
               CoachingNote.noted_at < end)
        .group_by(CoachingNote.moment, CoachingNote.kind)
    ):
        matrix[(moment, kind)] = n
    # Only what was due by now: a follow-up due on Saturday is not late on Wednesday.
    due, on_time = kpi.followup_on_time(session, boutique_id, clock, first, min(last, clock.today()))
    satisfaction = measure_lines(scores(session, boutique_id, start, end, settings), settings)
    return WeekReview(
        boutique_name=settings.boutique_name, currency=settings.currency, first=first, last=last,
        weeks=starts, boutique=rows[0], associates=rows[1:], coaching=matrix,
        followups_due=due, followups_on_time=on_time, satisfaction=satisfaction,
        recognitions=recognitions(session, boutique_id, start, end),
    )


def recognitions(session: Session, boutique_id: int, start: datetime, end: datetime) -> list[NoteRow]:
    """Recognition notes in [start, end), newest first: what was done well, said out loud."""
    query = (
        select(CoachingNote, Associate, Client)
        .join(Associate, col(Associate.id) == CoachingNote.associate_id)
        .outerjoin(Client, col(Client.id) == CoachingNote.client_id)
        .where(CoachingNote.boutique_id == boutique_id, CoachingNote.kind == NoteKind.RECOGNITION.value,
               CoachingNote.noted_at >= start, CoachingNote.noted_at < end)
        .order_by(col(CoachingNote.noted_at).desc(), col(CoachingNote.id).desc())
    )
    return [NoteRow(n.id, n.noted_at, a.initials, a.name, n.moment, n.kind, n.text,
                    c.display_name if c else "")
            for n, a, c in session.exec(query) if n.id is not None]


MOMENTS = [m.value for m in Moment]
KINDS = [k.value for k in NoteKind]
