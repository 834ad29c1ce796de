"""Developing the team: one-to-ones and their agenda, agreed actions, IDPs and PMPs, the
associate file, and what is due or overdue.

Plain functions over a Session. Writes validate everything before adding anything, so a bad
value leaves the store untouched; reads return dataclasses the screens, the command line and
the exports lay out. Sales figures come from services/kpi.py and the daily trend from
rituals.sparks, so an associate's figures here are the recap's figures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple, Protocol

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from ..clock import Clock
from ..config import Settings
from ..models import (
    Action,
    Associate,
    Client,
    CoachingNote,
    DevelopmentPlan,
    GoalStatus,
    Level,
    NoteKind,
    OneToOne,
    PlanCheckIn,
    PlanGoal,
    PlanKind,
    PlanOutcome,
    PlanStatus,
    Review,
    SuccessionCandidate,
)
from . import kpi
from .dashboard import NoteRow
from .parsing import InputError
from .rituals import ScoreLine, Spark, scores, sparks

TREND_DAYS = 90
LEVELS = tuple(level.value for level in Level)
PLAN_KINDS = tuple(k.value for k in PlanKind)
PMP_OUTCOMES = (PlanOutcome.BACK_ON_STANDARD.value, PlanOutcome.EXTENDED.value, PlanOutcome.ENDED.value)
GOAL_STATUSES = tuple(s.value for s in GoalStatus)


# -- reading what is typed -------------------------------------------------------------------------


def _choice(value: str, options: Iterable[str], field_name: str) -> str:
    options = tuple(options)
    typed = value.strip().lower()
    if typed in options:
        return typed
    starts = [o for o in options if o.startswith(typed)] if typed else []
    if len(starts) == 1:
        return starts[0]
    raise InputError(f"{field_name}: {value.strip()!r} is not one of {', '.join(options)}")


def parse_level(value: str, field_name: str = "level") -> str:
    """low, medium or high; a prefix is enough ('h', 'med')."""
    return _choice(value, LEVELS, field_name)


def parse_plan_kind(value: str) -> str:
    return _choice(value, PLAN_KINDS, "kind")


def parse_pmp_outcome(value: str) -> str:
    return _choice(value, PMP_OUTCOMES, "outcome")


def parse_goal_status(value: str) -> str:
    return _choice(value, GOAL_STATUSES, "status")


def parse_rating(value: str | int, field_name: str = "rating") -> int:
    """A rating from 1 to 5."""
    raw = str(value).strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 5:
        raise InputError(f"{field_name}: {raw!r} is not a rating from 1 to 5")
    return int(raw)


def clean_text(value: str, field_name: str, longest: int | None = None) -> str:
    text = value.strip()
    if not text:
        raise InputError(f"{field_name}: empty")
    if longest is not None and len(text) > longest:
        raise InputError(f"{field_name}: at most {longest} characters")
    return text


def _associate(session: Session, boutique_id: int, associate_id: int) -> Associate:
    associate = session.get(Associate, associate_id)
    if associate is None or associate.boutique_id != boutique_id:
        raise InputError(f"associate: no associate with id {associate_id}")
    return associate


def _own(session: Session, model: type, boutique_id: int, row_id: int, what: str):  # type: ignore[no-untyped-def]
    row = session.get(model, row_id)
    if row is None or row.boutique_id != boutique_id:
        raise InputError(f"{what}: no {what} with id {row_id}")
    return row


# -- lines: what the screens, the command line and the exports show -------------------------------


@dataclass(frozen=True)
class OneToOneLine:
    id: int
    associate_id: int
    initials: str
    name: str
    scheduled_at: datetime
    held_at: datetime | None
    shared_notes: str
    private_notes: str
    overdue: bool  # scheduled on a day already gone, not held

    @property
    def held(self) -> bool:
        return self.held_at is not None


@dataclass(frozen=True)
class ActionLine:
    id: int
    associate_id: int
    initials: str
    text: str
    due: date
    created_at: datetime
    done_at: datetime | None
    one_to_one_id: int | None
    days_late: int  # > 0 overdue, 0 due today, < 0 days ahead; 0 once done

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def overdue(self) -> bool:
        return not self.done and self.days_late > 0


@dataclass(frozen=True)
class PlanItemLine:
    """A plan goal or a PMP checkpoint that is due: what the agenda and the dashboard list."""

    plan_id: int
    plan_kind: str
    plan_title: str
    associate_id: int
    initials: str
    what: str  # goal | checkpoint
    text: str
    due: date
    days_late: int

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


@dataclass(frozen=True)
class GoalLine:
    id: int
    text: str
    measure: str
    due: date
    status: str
    days_late: int  # for open goals; 0 otherwise


@dataclass(frozen=True)
class CheckInLine:
    id: int
    due: date | None  # a planned checkpoint
    noted_at: datetime | None
    note: str

    @property
    def held(self) -> bool:
        return self.noted_at is not None


@dataclass(frozen=True)
class PlanView:
    id: int
    associate_id: int
    kind: str
    title: str
    started_on: date
    ends_on: date | None
    status: str
    outcome: str
    closed_on: date | None
    goals: list[GoalLine] = field(default_factory=list)
    check_ins: list[CheckInLine] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.kind.upper()} · {self.title}"

    @property
    def open(self) -> bool:
        return self.status == PlanStatus.OPEN.value


@dataclass(frozen=True)
class ReviewLine:
    id: int
    period: str
    reviewed_on: date
    ratings: dict[str, int]
    overall: int
    performance: str
    potential: str
    comment: str


@dataclass(frozen=True)
class Trend:
    """An associate's sales from `first` to `last`: the KPIs and the daily series against target."""

    first: date
    last: date
    figures: kpi.SalesFigures
    spark: Spark

    @property
    def achievement(self) -> float | None:
        return self.spark.achievement

    @property
    def atv(self) -> int | None:
        return kpi.atv(self.figures)

    @property
    def upt(self) -> float | None:
        return kpi.upt(self.figures)

    @property
    def capture_rate(self) -> float | None:
        return kpi.capture_rate(self.figures)


# -- one-to-ones and actions: writing ------------------------------------------------------------


def schedule_one_to_one(
    session: Session, boutique_id: int, associate_id: int, scheduled_at: datetime
) -> OneToOne:
    """Book a one-to-one; its agenda fills itself when it is held."""
    _associate(session, boutique_id, associate_id)
    row = OneToOne(boutique_id=boutique_id, associate_id=associate_id, scheduled_at=scheduled_at)
    session.add(row)
    session.flush()
    return row


def _booked(session: Session, boutique_id: int, one_to_one_id: int) -> OneToOne:
    row: OneToOne = _own(session, OneToOne, boutique_id, one_to_one_id, "one-to-one")
    if row.held_at is not None:
        raise InputError("one-to-one: already held and closed")
    return row


def reschedule_one_to_one(
    session: Session, boutique_id: int, one_to_one_id: int, scheduled_at: datetime
) -> OneToOne:
    """Move a booked one-to-one to another day or time (its notes, if any, stay with it)."""
    row = _booked(session, boutique_id, one_to_one_id)
    row.scheduled_at = scheduled_at
    session.add(row)
    session.flush()
    return row


def is_blank(session: Session, row: OneToOne) -> bool:
    """Nothing written in it and no action agreed in it."""
    if row.shared_notes.strip() or row.private_notes.strip():
        return False
    return session.exec(select(Action.id).where(Action.one_to_one_id == row.id)).first() is None


def cancel_one_to_one(session: Session, boutique_id: int, one_to_one_id: int) -> OneToOne:
    """Take a booked one-to-one off the diary. One with notes or actions is kept: what was said
    is not thrown away; close it, or move it (`reschedule_one_to_one`)."""
    row = _booked(session, boutique_id, one_to_one_id)
    if not is_blank(session, row):
        raise InputError("one-to-one: it has notes or actions; close it or move it instead")
    session.delete(row)
    session.flush()
    return row


def leave_one_to_one(session: Session, boutique_id: int, one_to_one_id: int) -> bool:
    """Leaving a one-to-one booked on the spot (`h`): when nothing was written in it, it never
    happened, so it is removed rather than left to show as missed tomorrow. True if removed."""
    row: OneToOne = _own(session, OneToOne, boutique_id, one_to_one_id, "one-to-one")
    if row.held_at is not None or not is_blank(session, row):
        return False
    session.delete(row)
    session.flush()
    return True


def save_one_to_one_notes(
    session: Session, boutique_id: int, one_to_one_id: int, shared: str, private: str
) -> OneToOne:
    """Keep the notes as they are now (held or not): nothing typed is lost."""
    row: OneToOne = _own(session, OneToOne, boutique_id, one_to_one_id, "one-to-one")
    row.shared_notes, row.private_notes = shared.strip(), private.strip()
    session.add(row)
    session.flush()
    return row


def close_one_to_one(
    session: Session, boutique_id: int, one_to_one_id: int, shared: str, private: str, held_at: datetime
) -> OneToOne:
    """The one-to-one took place: its notes are saved and it counts for the cadence from now."""
    row = save_one_to_one_notes(session, boutique_id, one_to_one_id, shared, private)
    if row.held_at is not None:
        raise InputError("one-to-one: already held and closed")
    if not row.shared_notes:
        raise InputError("shared notes: say what was agreed before closing")
    row.held_at = held_at
    session.add(row)
    session.flush()
    return row


def add_action(
    session: Session, boutique_id: int, *, associate_id: int, text: str, due: date,
    created_at: datetime, one_to_one_id: int | None = None,
) -> Action:
    """An agreed action with its owner and due day, followed until done."""
    body = clean_text(text, "action")
    _associate(session, boutique_id, associate_id)
    if one_to_one_id is not None:
        _own(session, OneToOne, boutique_id, one_to_one_id, "one-to-one")
    row = Action(boutique_id=boutique_id, associate_id=associate_id, one_to_one_id=one_to_one_id,
                 text=body, due=due, created_at=created_at)
    session.add(row)
    session.flush()
    return row


def complete_action(session: Session, boutique_id: int, action_id: int, done_at: datetime) -> Action:
    row: Action = _own(session, Action, boutique_id, action_id, "action")
    if row.done_at is not None:
        raise InputError(f"action: #{action_id} is already done")
    row.done_at = done_at
    session.add(row)
    session.flush()
    return row


# -- plans: writing ------------------------------------------------------------------------------


def create_plan(
    session: Session, boutique_id: int, *, associate_id: int, kind: str, title: str,
    started_on: date, ends_on: date | None = None, checkpoints: Iterable[date] = (),
) -> DevelopmentPlan:
    """An IDP or a PMP; a PMP has dated checkpoints (planned here, held as check-ins)."""
    kind = parse_plan_kind(kind)
    name = clean_text(title, "title", 120)
    _associate(session, boutique_id, associate_id)
    if ends_on is not None and ends_on < started_on:
        raise InputError("ends: the plan ends before it starts")
    days = sorted(set(checkpoints))
    if days and kind != PlanKind.PMP.value:
        raise InputError("checkpoints: only a PMP has checkpoints")
    if kind == PlanKind.PMP.value and not days:
        raise InputError("checkpoints: a PMP needs at least one dated checkpoint")
    if days and days[0] < started_on:
        raise InputError(f"checkpoints: {days[0].isoformat()} is before the plan starts")
    plan = DevelopmentPlan(boutique_id=boutique_id, associate_id=associate_id, kind=kind, title=name,
                           started_on=started_on, ends_on=ends_on)
    session.add(plan)
    session.flush()
    assert plan.id is not None
    for day in days:
        session.add(PlanCheckIn(boutique_id=boutique_id, plan_id=plan.id, due=day))
    session.flush()
    return plan


def _open_plan(session: Session, boutique_id: int, plan_id: int) -> DevelopmentPlan:
    plan: DevelopmentPlan = _own(session, DevelopmentPlan, boutique_id, plan_id, "plan")
    if plan.status != PlanStatus.OPEN.value:
        raise InputError(f"plan: {plan.title!r} is closed")
    return plan


def add_goal(
    session: Session, boutique_id: int, plan_id: int, *, text: str, measure: str, due: date
) -> PlanGoal:
    """A goal with how it is measured and when it is due."""
    _open_plan(session, boutique_id, plan_id)
    goal = PlanGoal(boutique_id=boutique_id, plan_id=plan_id, text=clean_text(text, "goal"),
                    measure=measure.strip(), due=due)
    session.add(goal)
    session.flush()
    return goal


def set_goal_status(session: Session, boutique_id: int, goal_id: int, status: str) -> PlanGoal:
    goal: PlanGoal = _own(session, PlanGoal, boutique_id, goal_id, "goal")
    goal.status = parse_goal_status(status)
    session.add(goal)
    session.flush()
    return goal


def add_check_in(
    session: Session, boutique_id: int, plan_id: int, *, note: str, noted_at: datetime, today: date
) -> PlanCheckIn:
    """A dated note on the plan. On a PMP it holds the earliest checkpoint due by today, if any."""
    plan = _open_plan(session, boutique_id, plan_id)
    body = clean_text(note, "note")
    pending = None
    if plan.kind == PlanKind.PMP.value:
        pending = session.exec(
            select(PlanCheckIn).where(PlanCheckIn.plan_id == plan_id, col(PlanCheckIn.noted_at).is_(None),
                                      col(PlanCheckIn.due).is_not(None), col(PlanCheckIn.due) <= today)
            .order_by(col(PlanCheckIn.due))
        ).first()
    row = pending or PlanCheckIn(boutique_id=boutique_id, plan_id=plan_id)
    row.noted_at, row.note = noted_at, body
    session.add(row)
    session.flush()
    return row


def close_plan(
    session: Session, boutique_id: int, plan_id: int, *, outcome: str, on: date,
    extended_to: date | None = None,
) -> DevelopmentPlan:
    """An IDP closes as completed. A PMP ends back on standard, ended, or extended to a new day
    (it then stays open with a checkpoint on that day)."""
    plan = _open_plan(session, boutique_id, plan_id)
    if plan.kind == PlanKind.IDP.value:
        plan.status, plan.outcome, plan.closed_on = PlanStatus.CLOSED.value, PlanOutcome.COMPLETED.value, on
    else:
        result = parse_pmp_outcome(outcome)
        if result == PlanOutcome.EXTENDED.value:
            if extended_to is None or extended_to <= on:
                raise InputError("extended to: give the new end day, after today")
            plan.outcome, plan.ends_on = result, extended_to
            assert plan.id is not None
            session.add(PlanCheckIn(boutique_id=boutique_id, plan_id=plan.id, due=extended_to))
        else:
            plan.status, plan.outcome, plan.closed_on = PlanStatus.CLOSED.value, result, on
    session.add(plan)
    session.flush()
    return plan


# -- reviews: writing ----------------------------------------------------------------------------


def save_review(
    session: Session, boutique_id: int, settings: Settings, *, associate_id: int, period: str,
    reviewed_on: date, ratings: dict[str, int], overall: int, performance: str, potential: str,
    comment: str = "",
) -> Review:
    """A review of one period (one per associate and period: saving again replaces it)."""
    name = clean_text(period, "period", 32)
    _associate(session, boutique_id, associate_id)
    unknown = [c for c in ratings if c not in settings.competencies]
    if unknown:
        raise InputError(f"ratings: {unknown[0]!r} is not a configured competency")
    missing = [c for c in settings.competencies if c not in ratings]
    if missing:
        raise InputError(f"ratings: no rating for {missing[0]!r}")
    clean = {c: parse_rating(ratings[c], c) for c in settings.competencies}
    row = session.exec(select(Review).where(
        Review.boutique_id == boutique_id, Review.associate_id == associate_id, Review.period == name
    )).first() or Review(boutique_id=boutique_id, associate_id=associate_id, period=name,
                         reviewed_on=reviewed_on, overall=1, performance="", potential="")
    row.reviewed_on = reviewed_on
    row.ratings = json.dumps(clean, ensure_ascii=False)
    row.overall = parse_rating(overall, "overall")
    row.performance = parse_level(performance, "performance")
    row.potential = parse_level(potential, "potential")
    row.comment = comment.strip()
    session.add(row)
    session.flush()
    return row


def review_line(row: Review) -> ReviewLine:
    assert row.id is not None
    return ReviewLine(row.id, row.period, row.reviewed_on, json.loads(row.ratings or "{}"), row.overall,
                      row.performance, row.potential, row.comment)


def latest_reviews(session: Session, boutique_id: int) -> dict[int, ReviewLine]:
    """Each associate's latest review (by review day, then the latest saved)."""
    # Ranked in SQL, so only one review per associate is read, however many years there are.
    ranked = select(Review.id, func.row_number().over(
        partition_by=Review.associate_id, order_by=(col(Review.reviewed_on).desc(), col(Review.id).desc()),
    ).label("n")).where(Review.boutique_id == boutique_id).subquery()
    query = select(Review).join(ranked, ranked.c.id == Review.id).where(ranked.c.n == 1)
    return {row.associate_id: review_line(row) for row in session.exec(query)}


# -- reading -------------------------------------------------------------------------------------


class _Named(Protocol):
    """What a line shows of an associate: an Associate, or a _Who read as columns."""

    @property
    def initials(self) -> str: ...

    @property
    def name(self) -> str: ...


class _Who(NamedTuple):
    initials: str
    name: str


def _names(session: Session, boutique_id: int) -> dict[int, Associate]:
    rows = session.exec(select(Associate).where(Associate.boutique_id == boutique_id))
    return {a.id: a for a in rows if a.id is not None}


def _one_to_one_line(row: OneToOne, who: Associate, clock: Clock) -> OneToOneLine:
    assert row.id is not None
    overdue = row.held_at is None and clock.local_day(row.scheduled_at) < clock.today()
    return OneToOneLine(row.id, row.associate_id, who.initials, who.name, row.scheduled_at, row.held_at,
                        row.shared_notes, row.private_notes, overdue)


def one_to_one(session: Session, boutique_id: int, clock: Clock, one_to_one_id: int) -> OneToOneLine:
    row: OneToOne = _own(session, OneToOne, boutique_id, one_to_one_id, "one-to-one")
    return _one_to_one_line(row, _associate(session, boutique_id, row.associate_id), clock)


def one_to_ones(
    session: Session, boutique_id: int, clock: Clock, associate_id: int | None = None,
    pending_only: bool = False,
) -> list[OneToOneLine]:
    """One-to-ones, newest first (one associate's, or everyone's; `pending_only`: those booked
    and not held yet, without reading the years of held ones)."""
    people = _names(session, boutique_id)
    query = select(OneToOne).where(OneToOne.boutique_id == boutique_id)
    if associate_id is not None:
        query = query.where(OneToOne.associate_id == associate_id)
    if pending_only:
        query = query.where(col(OneToOne.held_at).is_(None))
    query = query.order_by(col(OneToOne.scheduled_at).desc(), col(OneToOne.id).desc())
    return [_one_to_one_line(r, people[r.associate_id], clock) for r in session.exec(query)
            if r.associate_id in people]


def actions(
    session: Session, boutique_id: int, today: date, associate_id: int | None = None,
    open_only: bool = True,
) -> list[ActionLine]:
    """Agreed actions, the most urgent first (open ones by due day, then the done ones)."""
    return _actions(session, boutique_id, today, _names(session, boutique_id), associate_id, open_only)


def _actions(
    session: Session, boutique_id: int, today: date, people: Mapping[int, _Named],
    associate_id: int | None = None, open_only: bool = True,
) -> list[ActionLine]:
    rows = session.exec(_actions_statement(associate_id is not None, open_only),  # type: ignore[call-overload]
                        params={"boutique_id": boutique_id, "associate_id": associate_id})
    return [
        ActionLine(aid, owner, people[owner].initials, text, due, created_at, done_at, one_to_one_id,
                   0 if done_at is not None else today.toordinal() - due.toordinal())
        for aid, owner, text, due, created_at, done_at, one_to_one_id in sorted(
            rows, key=lambda a: (a[5] is not None, a[3], a[0]))
        if owner in people
    ]


@cache
def _actions_statement(by_associate: bool, open_only: bool) -> Any:
    """Actions as columns, built once per shape and run with the boutique (and associate)."""
    action = Action.__table__.c  # type: ignore[attr-defined]
    query = select(action.id, action.associate_id, action.text, action.due, action.created_at,
                   action.done_at, action.one_to_one_id).where(action.boutique_id == bindparam("boutique_id"))
    if by_associate:
        query = query.where(action.associate_id == bindparam("associate_id"))
    return query.where(action.done_at.is_(None)) if open_only else query


def plans(
    session: Session, boutique_id: int, today: date, associate_id: int | None = None,
    open_only: bool = False,
) -> list[PlanView]:
    """Plans with their goals and check-ins: open ones first, newest first."""
    plan_query, goal_query, check_query = _plan_statements(associate_id is not None, open_only)
    params = {"boutique_id": boutique_id, "associate_id": associate_id}
    found = list(session.exec(plan_query, params=params))  # type: ignore[call-overload]
    goals: dict[int, list[GoalLine]] = {}
    for goal_id, plan_id, text, measure, due, status in session.exec(goal_query, params=params):  # type: ignore[call-overload]
        late = (today - due).days if status == GoalStatus.OPEN.value else 0
        goals.setdefault(plan_id, []).append(GoalLine(goal_id, text, measure, due, status, late))
    checks: dict[int, list[CheckInLine]] = {}
    for check_id, plan_id, due, noted_at, note in session.exec(check_query, params=params):  # type: ignore[call-overload]
        checks.setdefault(plan_id, []).append(CheckInLine(check_id, due, noted_at, note))
    for items in checks.values():
        items.sort(key=lambda c: (_when(c), c.id))
    found.sort(key=lambda p: (p.status != PlanStatus.OPEN.value, -p.started_on.toordinal(), -p.id))
    return [
        PlanView(p.id, p.associate_id, p.kind, p.title, p.started_on, p.ends_on, p.status, p.outcome,
                 p.closed_on, goals.get(p.id, []), checks.get(p.id, []))
        for p in found
    ]


@cache
def _plan_statements(by_associate: bool, open_only: bool) -> tuple[Any, Any, Any]:
    """The plans, their goals and their check-ins as columns, built once per shape: the goals and
    check-ins of the same plans, chosen in SQL (no list of plan ids sent back)."""
    plan, goal, check = (m.__table__.c for m in (DevelopmentPlan, PlanGoal, PlanCheckIn))  # type: ignore[attr-defined]
    query = (select(plan.id, plan.associate_id, plan.kind, plan.title, plan.started_on, plan.ends_on,
                    plan.status, plan.outcome, plan.closed_on)
             .where(plan.boutique_id == bindparam("boutique_id")))
    if by_associate:
        query = query.where(plan.associate_id == bindparam("associate_id"))
    if open_only:
        query = query.where(plan.status == PlanStatus.OPEN.value)
    chosen = select(query.subquery().c.id)
    return (query,
            select(goal.id, goal.plan_id, goal.text, goal.measure, goal.due, goal.status)
            .where(goal.plan_id.in_(chosen)).order_by(goal.due, goal.id),
            select(check.id, check.plan_id, check.due, check.noted_at, check.note)
            .where(check.plan_id.in_(chosen)))


def _when(check: CheckInLine) -> date:
    """A check-in's place in the plan: the day it was due, or else the day it was written."""
    if check.due is not None:
        return check.due
    return check.noted_at.date() if check.noted_at is not None else date.max


def plan_items_due(
    session: Session, boutique_id: int, today: date, days_ahead: int, associate_id: int | None = None
) -> list[PlanItemLine]:
    """Open goals and checkpoints not yet held of open plans, due by `today + days_ahead`
    (overdue ones included), the most late first."""
    return _plan_items(plans(session, boutique_id, today, associate_id, open_only=True),
                       _names(session, boutique_id), today, days_ahead)


def _plan_items(
    open_plans: list[PlanView], people: Mapping[int, _Named], today: date, days_ahead: int
) -> list[PlanItemLine]:
    horizon = today + timedelta(days=days_ahead)
    items: list[PlanItemLine] = []
    for plan in open_plans:
        who = people.get(plan.associate_id)
        if who is None:
            continue
        for g in plan.goals:
            if g.status == GoalStatus.OPEN.value and g.due <= horizon:
                items.append(PlanItemLine(plan.id, plan.kind, plan.title, plan.associate_id, who.initials,
                                          "goal", g.text, g.due, (today - g.due).days))
        for c in plan.check_ins:
            if not c.held and c.due is not None and c.due <= horizon:
                items.append(PlanItemLine(plan.id, plan.kind, plan.title, plan.associate_id, who.initials,
                                          "checkpoint", f"{plan.kind.upper()} checkpoint", c.due,
                                          (today - c.due).days))
    items.sort(key=lambda i: (i.due, i.initials, i.what))
    return items


def trend(session: Session, boutique_id: int, clock: Clock, associate_id: int, first: date,
          last: date) -> Trend:
    """An associate's KPIs over [first, last] and their daily sales against their target."""
    start, end = clock.range_bounds(first, last)
    figures = kpi.sales_figures_by_associate(session, boutique_id, start, end).get(
        associate_id, kpi.SalesFigures())
    days = (last - first).days + 1
    series = next((s for s in sparks(session, boutique_id, clock, last, days=days)
                   if s.associate_id == associate_id), None)
    if series is None:
        span = [first + timedelta(days=i) for i in range(days)]
        series = Spark(associate_id, "", span, [0] * days, [None] * days)
    return Trend(first, last, figures, series)


def _notes(
    session: Session, boutique_id: int, associate_id: int, since: datetime | None = None
) -> list[NoteRow]:
    query = (
        select(CoachingNote, Client)
        .outerjoin(Client, col(Client.id) == CoachingNote.client_id)
        .where(CoachingNote.boutique_id == boutique_id, CoachingNote.associate_id == associate_id)
    )
    if since is not None:
        query = query.where(CoachingNote.noted_at >= since)
    who = _associate(session, boutique_id, associate_id)
    query = query.order_by(col(CoachingNote.noted_at).desc(), col(CoachingNote.id).desc())
    return [NoteRow(n.id, n.noted_at, who.initials, who.name, n.moment, n.kind, n.text,
                    c.display_name if c else "")
            for n, c in session.exec(query) if n.id is not None]


# -- the agenda of a one-to-one ------------------------------------------------------------------


@dataclass(frozen=True)
class Agenda:
    """What a one-to-one talks about, filled from the store: figures and coaching notes since
    the last one held, the open actions, the plan goals and checkpoints due."""

    one_to_one: OneToOneLine
    role: str
    since: date  # the day of the last one-to-one held (or one cadence back)
    last_held: datetime | None
    trend: Trend
    notes: list[NoteRow]
    actions: list[ActionLine]
    plan_items: list[PlanItemLine]


def agenda(
    session: Session, boutique_id: int, clock: Clock, settings: Settings, one_to_one_id: int
) -> Agenda:
    """The agenda of one one-to-one, as of now."""
    line = one_to_one(session, boutique_id, clock, one_to_one_id)
    who = _associate(session, boutique_id, line.associate_id)
    today = clock.today()
    last = session.exec(
        select(OneToOne.held_at).where(
            OneToOne.boutique_id == boutique_id, OneToOne.associate_id == line.associate_id,
            col(OneToOne.held_at).is_not(None), OneToOne.id != one_to_one_id,
        ).order_by(col(OneToOne.held_at).desc())
    ).first()
    since = clock.local_day(last) if last else today - timedelta(days=settings.one_to_one_cadence_days)
    since_moment = last or clock.day_bounds(since)[0]
    return Agenda(
        one_to_one=line,
        role=who.role,
        since=since,
        last_held=last,
        trend=trend(session, boutique_id, clock, line.associate_id, since, today),
        notes=_notes(session, boutique_id, line.associate_id, since_moment),
        actions=actions(session, boutique_id, today, line.associate_id),
        plan_items=plan_items_due(session, boutique_id, today, settings.people_days_ahead, line.associate_id),
    )


def booked_one_to_one(session: Session, boutique_id: int, associate_id: int) -> OneToOne | None:
    """The earliest one-to-one booked with the associate and not held yet."""
    return session.exec(
        select(OneToOne).where(OneToOne.boutique_id == boutique_id, OneToOne.associate_id == associate_id,
                               col(OneToOne.held_at).is_(None))
        .order_by(col(OneToOne.scheduled_at))
    ).first()


def next_one_to_one(
    session: Session, boutique_id: int, clock: Clock, associate_id: int
) -> tuple[OneToOne, bool]:
    """The one-to-one to hold now: the earliest booked and not held, or a new one booked now
    (then True: see `leave_one_to_one`)."""
    row = booked_one_to_one(session, boutique_id, associate_id)
    if row is not None:
        return row, False
    return schedule_one_to_one(session, boutique_id, associate_id, clock.now_utc()), True


# -- the team at a glance, and what needs attention ----------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    """One associate on the People screen."""

    associate_id: int
    initials: str
    name: str
    role: str
    last_held: datetime | None
    days_since: int | None  # days since the last one-to-one held
    next_scheduled: datetime | None
    beyond_cadence: bool
    one_to_one_overdue: bool
    open_actions: int
    overdue_actions: int
    plans: tuple[str, ...]  # kinds of the open plans: ("idp",), ("pmp",)…
    items_due: int  # plan goals and checkpoints due soon or overdue
    items_overdue: int
    box: tuple[str, str] | None  # (performance, potential) of the latest review

    @property
    def flags(self) -> list[str]:
        out = []
        if self.one_to_one_overdue:
            out.append("1:1 overdue")
        elif self.beyond_cadence:
            out.append("no 1:1" if self.days_since is None else f"1:1 {self.days_since}d ago")
        if self.overdue_actions:
            out.append(f"{self.overdue_actions} action{'s' if self.overdue_actions != 1 else ''} late")
        if self.items_overdue:
            out.append(f"{self.items_overdue} plan item{'s' if self.items_overdue != 1 else ''} late")
        return out


def beyond_cadence(last_held_day: date | None, start: date | None, today: date, cadence: int) -> bool:
    """Without a one-to-one for longer than the cadence: since the last one held, or, never
    having had one, since the associate started (an associate with no start day: at once)."""
    since = last_held_day or start
    return since is None or (today - since).days > cadence


def team(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> list[PersonRow]:
    """Every active associate with their one-to-ones, actions, plans and 9-box placement."""
    return _team(session, boutique_id, clock, settings).rows


@dataclass(frozen=True)
class _TeamReading:
    """The team's rows and what they were computed from, each read once (the People line
    shows both)."""

    rows: list[PersonRow]
    open_actions: list[ActionLine]
    plan_items: list[PlanItemLine]
    pending: list[OneToOneLine]  # booked, not held yet, the soonest first


def _team(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> _TeamReading:
    today = clock.today()
    team_query, pending_query = _team_statements()
    params = {"boutique_id": boutique_id}
    team = list(session.exec(team_query, params=params))  # type: ignore[call-overload]
    names = {aid: _Who(initials, f"{first} {last}") for aid, initials, first, last, *_ in team}
    open_actions = _actions(session, boutique_id, today, names)
    open_plans = plans(session, boutique_id, today, open_only=True)
    items = _plan_items(open_plans, names, today, settings.people_days_ahead)
    pending = [
        OneToOneLine(meeting_id, aid, names[aid].initials, names[aid].name, scheduled_at, None, shared,
                     private, clock.local_day(scheduled_at) < today)
        for meeting_id, aid, scheduled_at, shared, private in session.exec(pending_query, params=params)  # type: ignore[call-overload]
        if aid in names
    ]
    # Each associate's share of the lists, gathered in one pass over each list.
    waiting: dict[int, list[OneToOneLine]] = {}
    for line in pending:
        waiting.setdefault(line.associate_id, []).append(line)
    mine: dict[int, list[ActionLine]] = {}
    for action in open_actions:
        mine.setdefault(action.associate_id, []).append(action)
    mine_items: dict[int, list[PlanItemLine]] = {}
    for item in items:
        mine_items.setdefault(item.associate_id, []).append(item)
    kinds: dict[int, set[str]] = {}
    for plan in open_plans:
        kinds.setdefault(plan.associate_id, set()).add(plan.kind)
    rows = []
    for aid, initials, first, last, role, start_date, active, held, review_id, performance, potential in team:
        if not active:
            continue
        held_day = clock.local_day(held) if held else None
        booked = waiting.get(aid, [])
        actions_of, items_of = mine.get(aid, []), mine_items.get(aid, [])
        rows.append(PersonRow(
            aid, initials, f"{first} {last}", role, held, (today - held_day).days if held_day else None,
            booked[0].scheduled_at if booked else None,
            beyond_cadence(held_day, start_date, today, settings.one_to_one_cadence_days),
            any(w.overdue for w in booked),
            len(actions_of), sum(1 for x in actions_of if x.overdue),
            tuple(sorted(kinds.get(aid, ()))),
            len(items_of), sum(1 for i in items_of if i.overdue),
            (performance, potential) if review_id is not None else None,
        ))
    return _TeamReading(rows, open_actions, items, pending)


@cache
def _team_statements() -> tuple[Any, Any]:
    """The People line's reads as columns, built once and run with the boutique. The whole team
    in list_associates' order (the inactive ones still name the lines they own), each with their
    last one-to-one held and their latest review's 9-box placement (by day, then the latest
    saved, as latest_reviews ranks them), each an index lookup per associate; then the
    one-to-ones booked and not held, the soonest first."""
    who, meeting, review = (m.__table__.c for m in (Associate, OneToOne, Review))  # type: ignore[attr-defined]
    boutique = bindparam("boutique_id")
    last_held = (select(func.max(meeting.held_at))
                 .where(meeting.boutique_id == boutique, meeting.associate_id == who.id).scalar_subquery())
    latest = (select(review.id).where(review.boutique_id == boutique, review.associate_id == who.id)
              .order_by(review.reviewed_on.desc(), review.id.desc()).limit(1).scalar_subquery())
    shown = Review.__table__.alias("shown")  # type: ignore[attr-defined]
    return (
        select(who.id, who.initials, who.first_name, who.last_name, who.role, who.start_date, who.active,
               last_held, shown.c.id, shown.c.performance, shown.c.potential)
        .select_from(Associate.__table__).outerjoin(shown, shown.c.id == latest)  # type: ignore[attr-defined]
        .where(who.boutique_id == boutique).order_by(who.first_name, who.last_name, who.id),
        select(meeting.id, meeting.associate_id, meeting.scheduled_at, meeting.shared_notes,
               meeting.private_notes)
        .where(meeting.boutique_id == boutique, meeting.held_at.is_(None))
        .order_by(meeting.scheduled_at, meeting.id),
    )


@dataclass(frozen=True)
class Attention:
    """What the dashboard's People line says: only what needs the manager."""

    overdue_actions: list[ActionLine]
    overdue_one_to_ones: list[OneToOneLine]
    beyond_cadence: list[PersonRow]
    plan_items: list[PlanItemLine]  # due within days_ahead, overdue included
    cadence_days: int

    @property
    def quiet(self) -> bool:
        return not (self.overdue_actions or self.overdue_one_to_ones or self.beyond_cadence
                    or self.plan_items)


def attention(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> Attention:
    reading = _team(session, boutique_id, clock, settings)
    active = {r.associate_id for r in reading.rows}
    return Attention(
        overdue_actions=[a for a in reading.open_actions if a.overdue and a.associate_id in active],
        overdue_one_to_ones=[o for o in reading.pending if o.overdue and o.associate_id in active],
        beyond_cadence=[r for r in reading.rows if r.beyond_cadence],
        plan_items=[i for i in reading.plan_items if i.associate_id in active],
        cadence_days=settings.one_to_one_cadence_days,
    )


# -- the associate file --------------------------------------------------------------------------


@dataclass(frozen=True)
class AssociateFile:
    """Everything the manager looks at before a one-to-one or a review."""

    associate: Associate
    today: date
    row: PersonRow | None  # None for an associate who left
    trend: Trend
    portfolio: dict[str, int]  # client segment -> clients they own
    satisfaction: list[ScoreLine]  # the last TREND_DAYS days, lowest first
    notes: list[NoteRow]  # every coaching note, newest first
    one_to_ones: list[OneToOneLine]
    actions: list[ActionLine]  # open first, then done
    plans: list[PlanView]
    reviews: list[ReviewLine]  # newest first
    succession: list[tuple[str, str, str]]  # (key role, readiness, flight risk)

    @property
    def recognitions(self) -> list[NoteRow]:
        return [n for n in self.notes if n.kind == NoteKind.RECOGNITION.value]

    @property
    def portfolio_size(self) -> int:
        return sum(self.portfolio.values())

    def notes_for(self, moment: str | None = None, kind: str | None = None) -> list[NoteRow]:
        """The coaching notes of one moment of the sale and / or one kind."""
        return [n for n in self.notes if (moment is None or n.moment == moment)
                and (kind is None or n.kind == kind)]


def associate_file(
    session: Session, boutique_id: int, clock: Clock, settings: Settings, associate_id: int
) -> AssociateFile:
    who = _associate(session, boutique_id, associate_id)
    today = clock.today()
    first = today - timedelta(days=TREND_DAYS - 1)
    portfolio: dict[str, int] = dict(session.exec(  # type: ignore[arg-type]
        select(Client.segment, func.count()).where(
            Client.boutique_id == boutique_id, Client.owner_id == associate_id,
            col(Client.erased_at).is_(None)).group_by(Client.segment)
    ).all())
    start, end = clock.range_bounds(first, today)
    reviews = [review_line(r) for r in session.exec(
        select(Review).where(Review.boutique_id == boutique_id, Review.associate_id == associate_id)
        .order_by(col(Review.reviewed_on).desc(), col(Review.id).desc()))]
    slates = [(c.role, c.readiness, c.flight_risk) for c in session.exec(
        select(SuccessionCandidate).where(SuccessionCandidate.boutique_id == boutique_id,
                                          SuccessionCandidate.associate_id == associate_id)
        .order_by(col(SuccessionCandidate.role)))]
    return AssociateFile(
        associate=who,
        today=today,
        row=next((r for r in team(session, boutique_id, clock, settings) if r.associate_id == associate_id),
                 None),
        trend=trend(session, boutique_id, clock, associate_id, first, today),
        portfolio=portfolio,
        satisfaction=[s for s in scores(session, boutique_id, start, end, settings)
                      if s.associate == who.initials],
        notes=_notes(session, boutique_id, associate_id),
        one_to_ones=one_to_ones(session, boutique_id, clock, associate_id),
        actions=actions(session, boutique_id, today, associate_id, open_only=False),
        plans=plans(session, boutique_id, today, associate_id),
        reviews=reviews,
        succession=slates,
    )
