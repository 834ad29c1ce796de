"""Client appointments: book, move, cancel, and record what came of the visit.

An appointment is booked for a client with the associate who will receive them, a purpose, the
pieces to have ready and, for a High Jewelry client, the opportunity it serves. Only a booked
appointment can be moved, cancelled or closed; a visit's outcome (done or no-show) is recorded
once its time has come, with a note the next person reads. Each function validates everything
before it changes anything, so the caller's `store.write()` commits the whole change or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from ..clock import Clock
from ..models import Appointment, AppointmentStatus, Associate, Client, HJOpportunity
from .capture import _associate, _client
from .parsing import InputError

OUTCOMES = (AppointmentStatus.DONE.value, AppointmentStatus.NO_SHOW.value)


@dataclass(frozen=True)
class AppointmentRow:
    """One appointment as the list shows it."""

    id: int
    starts_at: datetime
    client_id: int
    client_number: str
    client: str
    segment: str
    associate_id: int
    associate: str
    purpose: str
    prepare: str
    opportunity_id: int | None
    opportunity: str  # the piece, or "" when the appointment serves no opportunity
    status: str
    outcome: str


def parse_outcome(value: str) -> str:
    """'done' or 'no-show' (a prefix will do: 'd', 'no')."""
    typed = value.strip().lower().replace(" ", "-").replace("noshow", "no-show")
    if typed in OUTCOMES:
        return typed
    starts = [o for o in OUTCOMES if o.startswith(typed)] if typed else []
    if len(starts) == 1:
        return starts[0]
    raise InputError(f"outcome: {value.strip()!r} is not one of {', '.join(OUTCOMES)}")


def _opportunity(session: Session, boutique_id: int, client_id: int, opportunity_id: int | None) -> None:
    if opportunity_id is None:
        return
    opportunity = session.get(HJOpportunity, opportunity_id)
    if opportunity is None or opportunity.boutique_id != boutique_id:
        raise InputError(f"opportunity: no High Jewelry opportunity #{opportunity_id}")
    if opportunity.client_id != client_id:
        raise InputError(f"opportunity: #{opportunity_id} is another client's")


def _future(starts_at: datetime, now: datetime, clock: Clock) -> None:
    if starts_at < now:
        raise InputError(f"time: {clock.local(starts_at).format('ddd DD MMM HH:mm')} is already past")


def book(
    session: Session, boutique_id: int, clock: Clock, *, client_id: int, associate_id: int,
    starts_at: datetime, purpose: str, prepare: str = "", opportunity_id: int | None = None,
) -> Appointment:
    """Book a client with an associate; the purpose says why they come, so it is required."""
    why = purpose.strip()
    if not why:
        raise InputError("purpose: say why the client comes (e.g. 'try the emerald ring')")
    _client(session, boutique_id, client_id)
    _associate(session, boutique_id, associate_id)
    _opportunity(session, boutique_id, client_id, opportunity_id)
    _future(starts_at, clock.now_utc(), clock)
    appointment = Appointment(boutique_id=boutique_id, client_id=client_id, associate_id=associate_id,
                              starts_at=starts_at, purpose=why, prepare=prepare.strip(),
                              opportunity_id=opportunity_id)
    session.add(appointment)
    session.flush()
    return appointment


def _booked(session: Session, boutique_id: int, appointment_id: int) -> Appointment:
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.boutique_id != boutique_id:
        raise InputError(f"appointment: no appointment #{appointment_id}")
    if appointment.status != AppointmentStatus.BOOKED.value:
        raise InputError(f"appointment: #{appointment_id} is already {appointment.status}")
    return appointment


def move(
    session: Session, boutique_id: int, clock: Clock, appointment_id: int, starts_at: datetime,
    associate_id: int | None = None,
) -> Appointment:
    """Move a booked appointment to another time and, if given, to another associate."""
    appointment = _booked(session, boutique_id, appointment_id)
    if associate_id is not None:
        _associate(session, boutique_id, associate_id)
    _future(starts_at, clock.now_utc(), clock)
    appointment.starts_at = starts_at
    if associate_id is not None:
        appointment.associate_id = associate_id
    session.add(appointment)
    session.flush()
    return appointment


def cancel(session: Session, boutique_id: int, appointment_id: int, reason: str) -> Appointment:
    """Cancel a booked appointment, saying why: the reason is what the next person reads."""
    why = reason.strip()
    if not why:
        raise InputError("reason: say why it is cancelled (e.g. 'client travelling, will call back')")
    appointment = _booked(session, boutique_id, appointment_id)
    appointment.status, appointment.outcome = AppointmentStatus.CANCELLED.value, why
    session.add(appointment)
    session.flush()
    return appointment


def record_outcome(
    session: Session, boutique_id: int, clock: Clock, appointment_id: int, outcome: str, note: str,
) -> Appointment:
    """Close a visit whose time has come: done or no-show, with what came of it."""
    status = parse_outcome(outcome)
    text = note.strip()
    if not text:
        raise InputError("note: say what came of it (e.g. 'tried the ring, will decide Friday')")
    appointment = _booked(session, boutique_id, appointment_id)
    if appointment.starts_at > clock.now_utc():
        raise InputError(f"appointment: #{appointment_id} is at "
                         f"{clock.local(appointment.starts_at).format('ddd DD MMM HH:mm')}, not yet")
    appointment.status, appointment.outcome = status, text
    session.add(appointment)
    session.flush()
    return appointment


def appointment_rows(
    session: Session, boutique_id: int, start: datetime, end: datetime, client_id: int | None = None,
) -> list[AppointmentRow]:
    """Every appointment from start to end (one client's, if given), whatever its status, earliest
    first."""
    query = (
        select(Appointment, Client, Associate, HJOpportunity)
        .join(Client, col(Client.id) == Appointment.client_id)
        .join(Associate, col(Associate.id) == Appointment.associate_id)
        .outerjoin(HJOpportunity, col(HJOpportunity.id) == Appointment.opportunity_id)
        .where(Appointment.boutique_id == boutique_id, Appointment.starts_at >= start,
               Appointment.starts_at < end)
        .order_by(col(Appointment.starts_at), col(Appointment.id))
    )
    if client_id is not None:
        query = query.where(Appointment.client_id == client_id)
    rows = []
    for ap, c, a, o in session.exec(query):
        assert ap.id is not None and c.id is not None and a.id is not None
        rows.append(AppointmentRow(
            ap.id, ap.starts_at, c.id, c.number, c.display_name, c.segment, a.id, a.initials, ap.purpose,
            ap.prepare, ap.opportunity_id, (o.piece or f"#{o.id}") if o is not None else "", ap.status,
            ap.outcome,
        ))
    return rows


def day_appointments(session: Session, boutique_id: int, clock: Clock, day: date) -> list[AppointmentRow]:
    """The day's appointments in the boutique's zone, every status."""
    start, end = clock.day_bounds(day)
    return appointment_rows(session, boutique_id, start, end)
