"""The three live panes read from the store: the day's targets, the coaching notes, the
follow-up queue (their data classes are in `panes`, apart from the store layer)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from ..clock import Clock
from ..config import Settings
from ..db import columns
from ..models import Associate, Client, CoachingNote, FollowUp, FollowUpStatus, Segment
from ..models.clients import client_name
from . import kpi
from .panes import (
    DUE_BUCKETS,
    CoachingPane,
    Colleague,
    FollowUpRow,
    NoteRow,
    Panes,
    TargetRow,
    TargetsPane,
)
from .privacy import channel_list
from .targets import day_targets, month_target
from .team import on_floor

FOLLOWUP_SEGMENTS = (Segment.VIC.value, Segment.HIGH_JEWELRY.value)


def is_behind(achieved: float | None, pace: float, margin: float) -> bool:
    """Behind pace: achievement trails the share of the day gone by more than `margin`."""
    return achieved is not None and pace > 0 and achieved < pace - margin


def targets_pane(
    session: Session, boutique_id: int, clock: Clock, settings: Settings, day: date | None = None
) -> TargetsPane:
    """Today's targets: the boutique line, one row per associate on the floor, the month."""
    today = clock.today()
    day = day or today
    start, end = clock.day_bounds(day)
    floor = on_floor(session, boutique_id, clock, day)
    total_target, shares = day_targets(session, boutique_id, day, floor)
    by_associate = kpi.sales_figures_by_associate(session, boutique_id, start, end)
    pace = clock.elapsed_share() if day == today else (1.0 if day < today else 0.0)
    margin = settings.behind_pace_margin

    rows: list[TargetRow] = []
    seen: set[int] = set()
    for f in floor:
        aid = f.associate.id
        assert aid is not None
        seen.add(aid)
        figures = by_associate.get(aid, kpi.SalesFigures())
        target = shares.get(aid)
        rows.append(TargetRow(
            aid, f.associate.initials, f.associate.name, target, figures,
            behind=is_behind(kpi.achievement(figures.net_sales, target), pace, margin),
        ))
    # Someone who sold without a shift (a manager ringing a sale, a late schedule) still counts.
    missing = [aid for aid in by_associate if aid not in seen]
    if missing:
        for a in session.exec(select(Associate).where(col(Associate.id).in_(missing))):
            assert a.id is not None
            rows.append(TargetRow(a.id, a.initials, a.name, shares.get(a.id), by_associate[a.id]))

    figures = sum(by_associate.values(), kpi.SalesFigures())
    boutique = TargetRow(
        None, "", "Boutique", total_target, figures,
        visitors=kpi.visitors(session, boutique_id, start, end),
        behind=is_behind(kpi.achievement(figures.net_sales, total_target), pace, margin),
    )

    first, last = clock.month_first(day), clock.month_last(day)
    month_start = clock.day_bounds(first)[0]
    mtd = kpi.net_sales(session, boutique_id, month_start, end)
    m_target = month_target(session, boutique_id, first, last)
    days_left = clock.selling_days(day, last)
    return TargetsPane(
        day=day,
        boutique=boutique,
        associates=rows,
        pace=pace,
        month_target=m_target,
        month_to_date=mtd,
        selling_days_left=days_left,
        run_rate_needed=kpi.run_rate_needed(m_target, mtd, days_left),
    )


def coaching_pane(session: Session, boutique_id: int, clock: Clock, day: date | None = None) -> CoachingPane:
    """The day's coaching notes, newest first, and who on the floor has had none yet."""
    day = day or clock.today()
    start, end = clock.day_bounds(day)
    query = _notes_statement()
    notes: list[NoteRow] = []
    coached: set[int] = set()
    for (note_id, noted_at, associate_id, moment, kind, text, initials, first, last,
         c_title, c_first, c_last) in columns(session, query, {
            "boutique_id": boutique_id, "start": start, "end": end}):
        coached.add(associate_id)
        client = client_name(c_title, c_first, c_last) if c_last is not None else ""
        notes.append(NoteRow(note_id, noted_at, initials, f"{first} {last}", moment, kind, text, client))
    floor = on_floor(session, boutique_id, clock, day)
    waiting = [Colleague(a.id, a.initials, a.first_name, a.last_name)  # type: ignore[arg-type]
               for a in (f.associate for f in floor) if a.id not in coached]
    return CoachingPane(day, notes, waiting)


def read_panes(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> Panes:
    """Today's three panes from one read: what the dashboard shows, and the console's first look."""
    targets = targets_pane(session, boutique_id, clock, settings)
    queue = followups_pane(session, boutique_id, clock.today(), settings.followup_days_ahead)
    return Panes(targets, coaching_pane(session, boutique_id, clock), queue)


@cache
def _notes_statement() -> Any:
    """A day's notes with their associate and client, newest first: built once, run with the
    day's bounds. Columns of the tables, not objects: building ORM objects for a day's notes
    would cost more than the query."""
    note, associate, client = (m.__table__.c for m in (CoachingNote, Associate, Client))  # type: ignore[attr-defined]
    return (
        select(note.id, note.noted_at, note.associate_id, note.moment, note.kind, note.text,
               associate.initials, associate.first_name, associate.last_name,
               client.title, client.first_name, client.last_name)
        .join_from(CoachingNote.__table__, Associate.__table__, associate.id == note.associate_id)  # type: ignore[attr-defined]
        .outerjoin(Client.__table__, client.id == note.client_id)  # type: ignore[attr-defined]
        .where(note.boutique_id == bindparam("boutique_id"), note.noted_at >= bindparam("start"),
               note.noted_at < bindparam("end"))
        .order_by(note.noted_at.desc(), note.id.desc())
    )


def followups_pane(
    session: Session, boutique_id: int, today: date, days_ahead: int,
    segments: tuple[str, ...] | None = FOLLOWUP_SEGMENTS, owner_id: int | None = None,
    due: str | None = None,
) -> list[FollowUpRow]:
    """Open follow-ups of VIC / High Jewelry clients (`segments` None: every client):
    overdue, due today, and the next `days_ahead` days; `owner_id` keeps one associate's,
    `due` one of DUE_BUCKETS."""
    if due is not None and due not in DUE_BUCKETS:
        raise ValueError(f"due: {due!r} is not one of {', '.join(DUE_BUCKETS)}")
    params = {"boutique_id": boutique_id, "horizon": today + timedelta(days=days_ahead), "today": today,
              "owner_id": owner_id}
    # all(): the rows in one fetch, not one driver call per row
    found = columns(session, _followups_statement(segments, owner_id is not None, due), params).all()
    day = today.toordinal()  # plain integers: hundreds of rows, no calendar objects per row
    return [
        FollowUpRow(fu_id, due_day, day - due_day.toordinal(), client_id, client_name(title, first, last),
                    number, segment, owner, initials, kind, action, channel_list(channels))
        for (fu_id, due_day, owner, kind, action, client_id, title, first, last, number, segment,
             initials, channels) in found
    ]


@cache
def _followups_statement(segments: tuple[str, ...] | None, by_owner: bool, due: str | None) -> Any:
    """The queue's statement for one shape of filters, built once and run with the day, the
    horizon and the owner as parameters; as columns of the tables, not ORM objects (as many rows
    as the queue holds), each client's channels in force with them (`Client.channels`). On
    SQLite the follow-ups' columns all come from `ix_followup_queue`, no follow-up row is read."""
    fu, client, associate = (m.__table__.c for m in (FollowUp, Client, Associate))  # type: ignore[attr-defined]
    query = (
        select(fu.id, fu.due, fu.owner_id, fu.kind, fu.action, client.id, client.title, client.first_name,
               client.last_name, client.number, client.segment, associate.initials, client.channels)
        .join_from(FollowUp.__table__, Client.__table__, client.id == fu.client_id)  # type: ignore[attr-defined]
        .join(Associate.__table__, associate.id == fu.owner_id)  # type: ignore[attr-defined]
        .where(fu.boutique_id == bindparam("boutique_id"), fu.status == FollowUpStatus.OPEN.value,
               fu.due <= bindparam("horizon"))
        .order_by(fu.due, fu.id)
    )
    if segments is not None:  # bound one by one: an expanding IN would be rendered on every run
        query = query.where(client.segment.in_([bindparam(f"segment_{i}", value)
                                                for i, value in enumerate(segments)]))
    if by_owner:
        query = query.where(fu.owner_id == bindparam("owner_id"))
    if due is not None:
        today = bindparam("today")
        query = query.where(fu.due < today if due == "overdue" else fu.due == today if due == "today"
                            else fu.due > today)
    return query
