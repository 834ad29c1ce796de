"""Long-term client work: the High Jewelry pipeline and clienteling plans.

A High Jewelry opportunity's next step is followed up exactly once: setting it creates an open
`hj-next-step` follow-up for the owner on the step's day; changing it moves that follow-up
while it is open, and a new step after it was done creates the next one.

A clienteling plan picks clients (segment, a category owned or not, last purchase, owner) and
gives each one action for their associate, listing only the channels the client consented to;
a client with no consented channel is left out. Sales a contacted client makes within the
plan's window after the contact are attributed to the plan (`kpi.attributed_sales`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from ..clock import Clock
from ..models import (
    ActionStatus,
    Associate,
    Client,
    ClientelingAction,
    ClientelingPlan,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    HJOpportunity,
    HJStage,
    Sale,
    Segment,
)
from . import kpi
from .capture import parse_category
from .clients import log_contact
from .parsing import InputError
from .privacy import channel_list, parse_channel

STAGES = [s.value for s in HJStage]
OPEN_STAGES = (HJStage.INTEREST.value, HJStage.DESIGN.value, HJStage.PROPOSAL.value, HJStage.ORDER.value)
# The chance, in percent, that an opportunity at this stage becomes a sale: the weighted
# pipeline is each estimate times its stage's weight.
STAGE_WEIGHTS = {"interest": 10, "design": 25, "proposal": 50, "order": 90, "delivered": 100, "lost": 0}


def parse_stage(value: str) -> str:
    typed = value.strip().lower()
    if typed in STAGES:
        return typed
    starts = [s for s in STAGES if s.startswith(typed)] if typed else []
    if len(starts) == 1:
        return starts[0]
    raise InputError(f"stage: {value.strip()!r} is not one of {', '.join(STAGES)}")


# -- High Jewelry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpportunityLine:
    id: int
    client: str
    client_number: str
    owner: str  # initials
    stage: str
    estimate: int
    piece: str
    next_step: str
    next_step_due: date | None
    followup_status: str  # of the next step's follow-up; "" when none
    updated_at: datetime


@dataclass(frozen=True)
class StageTotal:
    stage: str
    count: int
    total: int
    weight: int  # percent

    @property
    def weighted(self) -> int:
        return self.total * self.weight // 100


@dataclass(frozen=True)
class Pipeline:
    stages: list[StageTotal]  # every stage, in order
    opportunities: list[OpportunityLine]  # open stages first, then by next step

    def _open(self) -> list[StageTotal]:
        return [s for s in self.stages if s.stage in OPEN_STAGES]

    @property
    def open_count(self) -> int:
        return sum(s.count for s in self._open())

    @property
    def open_total(self) -> int:
        return sum(s.total for s in self._open())

    @property
    def open_weighted(self) -> int:
        return sum(s.weighted for s in self._open())


def pipeline(session: Session, boutique_id: int) -> Pipeline:
    """Opportunities by stage with counts, totals and weighted totals, and each one."""
    query = (
        select(HJOpportunity, Client, Associate)
        .join(Client, col(Client.id) == HJOpportunity.client_id)
        .join(Associate, col(Associate.id) == HJOpportunity.owner_id)
        .where(HJOpportunity.boutique_id == boutique_id)
    )
    rows = list(session.exec(query))
    followups = {f.id: f.status for f in session.exec(
        select(FollowUp).where(col(FollowUp.id).in_([o.followup_id for o, _, _ in rows if o.followup_id]))
    )}
    lines = [
        OpportunityLine(o.id, c.display_name, c.number, a.initials, o.stage, o.estimate, o.piece,  # type: ignore[arg-type]
                        o.next_step, o.next_step_due, followups.get(o.followup_id, ""), o.updated_at)
        for o, c, a in rows
    ]
    order = {s: i for i, s in enumerate(STAGES)}
    lines.sort(key=lambda o: (o.stage not in OPEN_STAGES, o.next_step_due or date.max, order[o.stage], o.id))
    stages = [
        StageTotal(s, sum(1 for o in lines if o.stage == s), sum(o.estimate for o in lines if o.stage == s),
                   STAGE_WEIGHTS[s])
        for s in STAGES
    ]
    return Pipeline(stages, lines)


def _client(session: Session, boutique_id: int, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.boutique_id != boutique_id:
        raise InputError(f"client: no client with id {client_id}")
    return client


def _associate(session: Session, boutique_id: int, associate_id: int) -> Associate:
    associate = session.get(Associate, associate_id)
    if associate is None or associate.boutique_id != boutique_id:
        raise InputError(f"associate: no associate with id {associate_id}")
    return associate


def _check_step(next_step: str, due: date | None) -> None:
    if next_step and due is None:
        raise InputError("next step date: say when the next step is due")
    if due is not None and not next_step:
        raise InputError("next step: say what the next step is")


def add_opportunity(
    session: Session, boutique_id: int, *, client_id: int, estimate: int, now: datetime,
    stage: str = HJStage.INTEREST.value, piece: str = "", next_step: str = "",
    next_step_due: date | None = None, owner_id: int | None = None,
) -> HJOpportunity:
    """A new High Jewelry opportunity; its owner defaults to the client's associate."""
    client = _client(session, boutique_id, client_id)
    if estimate < 0:
        raise InputError("estimate: an estimate is 0 or more")
    owner = owner_id if owner_id is not None else client.owner_id
    if owner is None:
        raise InputError("owner: the client has no associate; choose who follows the opportunity")
    _associate(session, boutique_id, owner)
    step = next_step.strip()
    _check_step(step, next_step_due)
    opp = HJOpportunity(
        boutique_id=boutique_id, client_id=client_id, owner_id=owner, stage=parse_stage(stage),
        estimate=estimate, piece=piece.strip(), next_step=step, next_step_due=next_step_due,
        created_at=now, updated_at=now,
    )
    session.add(opp)
    session.flush()
    _follow_next_step(session, opp, now)
    return opp


def update_opportunity(
    session: Session, boutique_id: int, opportunity_id: int, *, now: datetime, stage: str,
    estimate: int, piece: str, next_step: str, next_step_due: date | None, owner_id: int | None = None,
) -> HJOpportunity:
    """Move an opportunity on: the form shows every field as it is and saves them all (an
    owner left empty stays who it was)."""
    opp = session.get(HJOpportunity, opportunity_id)
    if opp is None or opp.boutique_id != boutique_id:
        raise InputError(f"opportunity: no High Jewelry opportunity #{opportunity_id}")
    if estimate < 0:
        raise InputError("estimate: an estimate is 0 or more")
    if owner_id is not None:
        _associate(session, boutique_id, owner_id)
    step = next_step.strip()
    _check_step(step, next_step_due)
    opp.stage, opp.estimate, opp.piece = parse_stage(stage), estimate, piece.strip()
    opp.owner_id = owner_id if owner_id is not None else opp.owner_id
    opp.next_step, opp.next_step_due, opp.updated_at = step, next_step_due, now
    session.add(opp)
    session.flush()
    _follow_next_step(session, opp, now)
    return opp


def _follow_next_step(session: Session, opp: HJOpportunity, now: datetime) -> None:
    """The rule: one open hj-next-step follow-up for the current next step, no more."""
    current = session.get(FollowUp, opp.followup_id) if opp.followup_id else None
    is_open = current is not None and current.status == FollowUpStatus.OPEN.value
    if opp.stage not in OPEN_STAGES:
        if is_open:
            assert current is not None
            current.status, current.outcome, current.done_at = (
                FollowUpStatus.CANCELLED.value, f"opportunity {opp.stage}", now)
            session.add(current)
            session.flush()
        return
    if not opp.next_step or opp.next_step_due is None:
        return
    if is_open:
        assert current is not None
        wanted = (opp.next_step, opp.next_step_due, opp.owner_id)
        if (current.action, current.due, current.owner_id) != wanted:
            current.action, current.due, current.owner_id = wanted  # type: ignore[assignment]
            session.add(current)
            session.flush()
        return
    if current is not None and (current.action, current.due) == (opp.next_step, opp.next_step_due):
        return  # this step was already followed up (done or cancelled)
    followup = FollowUp(
        boutique_id=opp.boutique_id, client_id=opp.client_id, owner_id=opp.owner_id,
        kind=FollowUpKind.HJ_NEXT_STEP.value, action=opp.next_step, due=opp.next_step_due,
        created_at=now,
    )
    session.add(followup)
    session.flush()
    opp.followup_id = followup.id
    session.add(opp)
    session.flush()


# -- clienteling plans -------------------------------------------------------------------------

_SEGMENT_ALIASES = {"vic": "VIC", "hj": "HJ", "high jewelry": "HJ", "high jewellery": "HJ",
                    "regular": "regular", "prospect": "prospect"}


def parse_segments(text: str) -> tuple[str, ...]:
    """'VIC, HJ' -> ('VIC', 'HJ'); empty: every segment."""
    found: list[str] = []
    for part in text.replace(";", ",").split(","):
        typed = part.strip().lower()
        if not typed:
            continue
        segment = _SEGMENT_ALIASES.get(typed)
        if segment is None:
            options = ", ".join(s.value for s in Segment)
            raise InputError(f"segment: {part.strip()!r} is not one of {options}")
        if segment not in found:
            found.append(segment)
    return tuple(found)


@dataclass(frozen=True)
class Selection:
    """Which clients a plan picks; every criterion left empty picks everyone."""

    segments: tuple[str, ...] = ()
    owned: str = ""
    not_owned: str = ""
    bought_after: date | None = None
    bought_before: date | None = None
    owner_id: int | None = None

    def describe(self, owner_initials: str = "") -> str:
        parts = [", ".join(self.segments) if self.segments else "every segment"]
        if self.owned:
            parts.append(f"owns {self.owned}")
        if self.not_owned:
            parts.append(f"never bought {self.not_owned}")
        if self.bought_after:
            parts.append(f"last purchase on or after {self.bought_after.isoformat()}")
        if self.bought_before:
            parts.append(f"last purchase before {self.bought_before.isoformat()}")
        if owner_initials:
            parts.append(f"owner {owner_initials}")
        return " · ".join(parts)


@dataclass(frozen=True)
class Candidate:
    client_id: int
    owner_id: int
    channels: list[str]


@dataclass(frozen=True)
class Picked:
    """Who a selection reaches, and who it had to leave out and why."""

    candidates: list[Candidate]
    no_consent: int  # matched, but consented to no channel
    no_owner: int  # matched, but has no active associate


def select_clients(session: Session, boutique_id: int, clock: Clock, selection: Selection) -> Picked:
    """The clients a selection picks, each with their associate and consented channels."""
    owned = parse_category(selection.owned) if selection.owned else ""
    not_owned = parse_category(selection.not_owned) if selection.not_owned else ""
    query = select(Client).where(Client.boutique_id == boutique_id, col(Client.erased_at).is_(None))
    if selection.segments:
        query = query.where(col(Client.segment).in_(selection.segments))
    if selection.owner_id is not None:
        query = query.where(Client.owner_id == selection.owner_id)
    clients = list(session.exec(query.order_by(col(Client.id))))
    if owned or not_owned:
        bought: dict[str, set[int]] = {}
        for cid, category in session.exec(
            select(Sale.client_id, Sale.category)
            .where(Sale.boutique_id == boutique_id, col(Sale.client_id).is_not(None), Sale.amount > 0,
                   col(Sale.category).in_([c for c in (owned, not_owned) if c]))
            .distinct()
        ):
            bought.setdefault(category, set()).add(cid)
        if owned:
            clients = [c for c in clients if c.id in bought.get(owned, set())]
        if not_owned:
            clients = [c for c in clients if c.id not in bought.get(not_owned, set())]
    if selection.bought_after or selection.bought_before:
        last = dict(session.exec(
            select(Sale.client_id, func.max(Sale.sold_at))
            .where(Sale.boutique_id == boutique_id, col(Sale.client_id).is_not(None), Sale.amount > 0)
            .group_by(Sale.client_id)
        ).all())
        after = clock.day_bounds(selection.bought_after)[0] if selection.bought_after else None
        before = clock.day_bounds(selection.bought_before)[0] if selection.bought_before else None
        clients = [c for c in clients if (when := last.get(c.id)) is not None
                   and (after is None or when >= after) and (before is None or when < before)]
    active = {a.id for a in session.exec(
        select(Associate).where(Associate.boutique_id == boutique_id, col(Associate.active).is_(True)))}
    picked: list[Candidate] = []
    no_consent = no_owner = 0
    for c in clients:
        assert c.id is not None
        if c.owner_id is None or c.owner_id not in active:
            no_owner += 1
            continue
        channels = list(channel_list(c.channels))  # the consents in force
        if not channels:
            no_consent += 1
            continue
        picked.append(Candidate(c.id, c.owner_id, channels))
    return Picked(picked, no_consent, no_owner)


@dataclass(frozen=True)
class PlanMade:
    plan: ClientelingPlan
    actions: int
    no_consent: int
    no_owner: int


def create_plan(
    session: Session, boutique_id: int, clock: Clock, *, name: str, starts: date, ends: date,
    attribution_days: int, selection: Selection, author: str,
) -> PlanMade:
    """A plan and one action per picked client; a plan that reaches nobody is refused."""
    title = name.strip()
    if not title:
        raise InputError("name: say what the plan is (e.g. Holiday gifting)")
    if ends < starts:
        raise InputError(f"to: the plan ends ({ends.isoformat()}) before it starts ({starts.isoformat()})")
    if not 1 <= attribution_days <= 365:
        raise InputError(f"window: {attribution_days} is not a number of days from 1 to 365")
    if selection.owner_id is not None:
        _associate(session, boutique_id, selection.owner_id)
    picked = select_clients(session, boutique_id, clock, selection)
    if not picked.candidates:
        left = f" ({picked.no_consent} without a consented channel, {picked.no_owner} without an associate)" \
            if picked.no_consent or picked.no_owner else ""
        raise InputError(f"plan: no client to contact matches this selection{left}; nothing saved")
    plan = ClientelingPlan(
        boutique_id=boutique_id, name=title, starts=starts, ends=ends, attribution_days=attribution_days,
        segments=",".join(selection.segments),
        owned=parse_category(selection.owned) if selection.owned else "",
        not_owned=parse_category(selection.not_owned) if selection.not_owned else "",
        bought_after=selection.bought_after, bought_before=selection.bought_before,
        owner_id=selection.owner_id, created_at=clock.now_utc(), created_by=author,
    )
    session.add(plan)
    session.flush()
    assert plan.id is not None
    session.add_all([
        ClientelingAction(boutique_id=boutique_id, plan_id=plan.id, client_id=c.client_id,
                          associate_id=c.owner_id, channels=",".join(c.channels))
        for c in picked.candidates
    ])
    session.flush()
    return PlanMade(plan, len(picked.candidates), picked.no_consent, picked.no_owner)


def complete_action(
    session: Session, boutique_id: int, action_id: int, channel: str, outcome: str, done_at: datetime
) -> ClientelingAction:
    """The client was contacted, on one of the channels they consented to."""
    action = session.get(ClientelingAction, action_id)
    if action is None or action.boutique_id != boutique_id:
        raise InputError(f"action: no clienteling action #{action_id}")
    if action.status == ActionStatus.DONE.value:
        raise InputError(f"action: #{action_id} is already done")
    used = parse_channel(channel)
    allowed = action.channels.split(",")
    if used not in allowed:
        raise InputError(f"channel: the client has not consented to {used} (use {', '.join(allowed)})")
    text = outcome.strip()
    if not text:
        raise InputError("outcome: say what came of it (e.g. 'called, visit booked Sat')")
    action.status, action.channel = ActionStatus.DONE.value, used
    action.outcome, action.done_at = text, done_at
    session.add(action)
    plan = session.get(ClientelingPlan, action.plan_id)
    # A plan's contact is a contact: the portfolio's last contact and the guard count it.
    log_contact(session, boutique_id, action.client_id, used, done_at, action.associate_id,
                f"{plan.name if plan else 'Clienteling'}: {text}")
    return action


@dataclass(frozen=True)
class ActionLine:
    id: int
    client: str
    client_number: str
    segment: str
    associate: str  # initials
    channels: str
    status: str
    channel: str
    outcome: str
    done_at: datetime | None
    attributed: int


@dataclass(frozen=True)
class AssociateProgress:
    associate_id: int
    initials: str
    name: str
    done: int
    todo: int
    attributed: int

    @property
    def total(self) -> int:
        return self.done + self.todo


@dataclass(frozen=True)
class PlanReport:
    id: int
    name: str
    starts: date
    ends: date
    attribution_days: int
    selection: str
    progress: list[AssociateProgress]
    actions: list[ActionLine]  # to do first, then done

    @property
    def done(self) -> int:
        return sum(p.done for p in self.progress)

    @property
    def todo(self) -> int:
        return sum(p.todo for p in self.progress)

    @property
    def attributed(self) -> int:
        return sum(p.attributed for p in self.progress)


def _plan(session: Session, boutique_id: int, plan_id: int) -> ClientelingPlan:
    plan = session.get(ClientelingPlan, plan_id)
    if plan is None or plan.boutique_id != boutique_id:
        raise InputError(f"plan: no clienteling plan #{plan_id}")
    return plan


def plan_report(session: Session, boutique_id: int, plan_id: int) -> PlanReport:
    """A plan's actions, its progress per associate and the sales attributed to it."""
    plan = _plan(session, boutique_id, plan_id)
    rows = list(session.exec(
        select(ClientelingAction, Client, Associate)
        .join(Client, col(Client.id) == ClientelingAction.client_id)
        .join(Associate, col(Associate.id) == ClientelingAction.associate_id)
        .where(ClientelingAction.plan_id == plan_id)
    ))
    contacts = {a.client_id: a.done_at for a, _, _ in rows if a.done_at is not None}
    sold = kpi.attributed_sales(session, boutique_id, contacts, plan.attribution_days)  # type: ignore[arg-type]
    lines = [
        ActionLine(a.id, c.display_name, c.number, c.segment, p.initials, a.channels, a.status,  # type: ignore[arg-type]
                   a.channel, a.outcome, a.done_at, sold.get(a.client_id, 0))
        for a, c, p in rows
    ]
    lines.sort(key=lambda a: (a.status == ActionStatus.DONE.value, a.associate, a.client_number))
    people: dict[int, tuple[Associate, list[ClientelingAction]]] = {}
    for a, _, p in rows:
        people.setdefault(a.associate_id, (p, []))[1].append(a)
    progress = [
        AssociateProgress(
            aid, p.initials, p.name,
            sum(1 for a in acts if a.status == ActionStatus.DONE.value),
            sum(1 for a in acts if a.status != ActionStatus.DONE.value),
            sum(sold.get(a.client_id, 0) for a in acts if a.done_at is not None),
        )
        for aid, (p, acts) in people.items()
    ]
    progress.sort(key=lambda r: r.initials)
    owner = session.get(Associate, plan.owner_id) if plan.owner_id else None
    selection = Selection(tuple(s for s in plan.segments.split(",") if s), plan.owned, plan.not_owned,
                          plan.bought_after, plan.bought_before, plan.owner_id)
    return PlanReport(plan.id, plan.name, plan.starts, plan.ends, plan.attribution_days,  # type: ignore[arg-type]
                      selection.describe(owner.initials if owner else ""), progress, lines)


@dataclass(frozen=True)
class PlanSummary:
    id: int
    name: str
    starts: date
    ends: date
    actions: int
    done: int
    attributed: int


def plans(session: Session, boutique_id: int) -> list[PlanSummary]:
    """Every plan, the latest first, with its progress and attributed sales."""
    found = session.exec(
        select(ClientelingPlan).where(ClientelingPlan.boutique_id == boutique_id)
        .order_by(col(ClientelingPlan.starts).desc(), col(ClientelingPlan.id).desc())
    )
    result = []
    for plan in found:
        assert plan.id is not None
        report = plan_report(session, boutique_id, plan.id)
        result.append(PlanSummary(plan.id, plan.name, plan.starts, plan.ends, report.done + report.todo,
                                  report.done, report.attributed))
    return result
