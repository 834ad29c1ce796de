"""Events and ambassadorship: the boutique's events, their guest lists, what attendees bought
afterwards, and the log of local partnerships and community actions.

An event's sales are its attendees' net sales within `events.attribution_days` from the
event's start (`kpi.attributed_sales`); invited guests who did not come count for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from ..models import Associate, Client, CommunityAction, Event, Invitation, InvitationStatus
from . import kpi
from .parsing import InputError

STATUSES = [s.value for s in InvitationStatus]


def parse_status(value: str) -> str:
    typed = value.strip().lower().replace(" ", "-")
    if typed in STATUSES:
        return typed
    starts = [s for s in STATUSES if s.startswith(typed)] if typed else []
    if len(starts) == 1:
        return starts[0]
    raise InputError(f"status: {value.strip()!r} is not one of {', '.join(STATUSES)}")


def add_event(
    session: Session, boutique_id: int, *, title: str, starts_at: datetime, place: str = "",
    theme: str = "", partners: str = "",
) -> Event:
    name = title.strip()
    if not name:
        raise InputError("title: say what the event is (e.g. High Jewelry private viewing)")
    cleaned = ", ".join(p.strip() for p in partners.split(",") if p.strip())
    event = Event(boutique_id=boutique_id, title=name, starts_at=starts_at, place=place.strip(),
                  theme=theme.strip(), partners=cleaned)
    session.add(event)
    session.flush()
    return event


def _event(session: Session, boutique_id: int, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None or event.boutique_id != boutique_id:
        raise InputError(f"event: no event #{event_id}")
    return event


def invite(
    session: Session, boutique_id: int, event_id: int, client_id: int, now: datetime,
    associate_id: int | None = None,
) -> Invitation:
    """Put a client on the guest list; the associate who invites defaults to the client's own."""
    _event(session, boutique_id, event_id)
    client = session.get(Client, client_id)
    if client is None or client.boutique_id != boutique_id:
        raise InputError(f"client: no client with id {client_id}")
    existing = session.exec(
        select(Invitation).where(Invitation.event_id == event_id, Invitation.client_id == client_id)
    ).first()
    if existing is not None:
        raise InputError(f"client: {client.number} is already on the guest list ({existing.status})")
    invitation = Invitation(boutique_id=boutique_id, event_id=event_id, client_id=client_id,
                            associate_id=associate_id if associate_id is not None else client.owner_id,
                            updated_at=now)
    session.add(invitation)
    session.flush()
    return invitation


def set_status(
    session: Session, boutique_id: int, invitation_id: int, status: str, now: datetime
) -> Invitation:
    """Invited, confirmed, attended or no-show."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.boutique_id != boutique_id:
        raise InputError(f"invitation: no invitation #{invitation_id}")
    invitation.status, invitation.updated_at = parse_status(status), now
    session.add(invitation)
    session.flush()
    return invitation


def log_action(
    session: Session, boutique_id: int, *, day: date, partner: str, what: str, outcome: str, now: datetime,
) -> CommunityAction:
    """One line in the log of local partnerships and community actions."""
    who, did = partner.strip(), what.strip()
    if not who:
        raise InputError("partner: name the partner (e.g. Hôtel Le Meurice)")
    if not did:
        raise InputError("what: say what was done")
    row = CommunityAction(boutique_id=boutique_id, day=day, partner=who, what=did, outcome=outcome.strip(),
                          created_at=now)
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class GuestLine:
    id: int  # the invitation's
    client: str
    client_number: str
    segment: str
    associate: str  # initials, "" when none
    status: str
    attributed: int


@dataclass(frozen=True)
class EventSummary:
    id: int
    title: str
    starts_at: datetime
    place: str
    theme: str
    partners: str
    invited: int  # on the guest list, whatever their status
    confirmed: int
    attended: int
    no_show: int
    attributed: int  # attendees' sales within the window


@dataclass(frozen=True)
class EventReport:
    event: EventSummary
    attribution_days: int
    guests: list[GuestLine]


def _report(session: Session, boutique_id: int, event: Event, days: int) -> EventReport:
    rows = list(session.exec(
        select(Invitation, Client, Associate)
        .join(Client, col(Client.id) == Invitation.client_id)
        .outerjoin(Associate, col(Associate.id) == Invitation.associate_id)
        .where(Invitation.event_id == event.id)
    ))
    came = InvitationStatus.ATTENDED.value
    attended = {i.client_id: event.starts_at for i, _, _ in rows if i.status == came}
    sold = kpi.attributed_sales(session, boutique_id, attended, days)
    guests = [
        GuestLine(i.id, c.display_name, c.number, c.segment, a.initials if a else "", i.status,  # type: ignore[arg-type]
                  sold.get(i.client_id, 0) if i.client_id in attended else 0)
        for i, c, a in rows
    ]
    # Who came first (with what they bought), then who is expected, then who did not come.
    order = {"attended": 0, "confirmed": 1, "invited": 2, "no-show": 3}
    guests.sort(key=lambda g: (order[g.status], g.client_number))

    def count(status: str) -> int:
        return sum(1 for g in guests if g.status == status)

    summary = EventSummary(
        event.id, event.title, event.starts_at, event.place, event.theme, event.partners,  # type: ignore[arg-type]
        len(guests), count("confirmed"), count("attended"), count("no-show"), sum(sold.values()),
    )
    return EventReport(summary, days, guests)


def event_report(session: Session, boutique_id: int, event_id: int, days: int) -> EventReport:
    """An event, its guest list with each attendee's sales, and the event's total."""
    return _report(session, boutique_id, _event(session, boutique_id, event_id), days)


def event_list(session: Session, boutique_id: int, days: int) -> list[EventSummary]:
    """Every event, the latest first, with its guest counts and attributed sales."""
    found = session.exec(
        select(Event).where(Event.boutique_id == boutique_id)
        .order_by(col(Event.starts_at).desc(), col(Event.id).desc())
    )
    return [_report(session, boutique_id, e, days).event for e in found]


def community_log(session: Session, boutique_id: int) -> list[CommunityAction]:
    """The partnerships and community actions, newest first."""
    return list(session.exec(
        select(CommunityAction).where(CommunityAction.boutique_id == boutique_id)
        .order_by(col(CommunityAction.day).desc(), col(CommunityAction.id).desc())
    ))
