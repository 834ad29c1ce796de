"""Writing what the manager captures: coaching notes, sales, follow-ups and their outcomes.

Each function validates everything before it adds anything, so a bad value leaves the store
untouched; the caller's `store.write()` commits the whole save or nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, or_, select

# A note needs only the tables imported by name; the sale and follow-up tables are reached as
# `models.Sale`, `models.FollowUp`, loaded on first use, so `floorcon note` does not pay for them.
from .. import models
from ..db import insert_new
from ..models import Associate, Client, CoachingNote, Moment, NoteKind
from .parsing import InputError
from .team import fold

if TYPE_CHECKING:
    from ..models import FollowUp, Sale

CATEGORIES = ("jewelry", "watches", "high jewelry", "bridal", "leather goods", "accessories")


def _choice(value: str, allowed: type, field: str) -> str:
    options = [m.value for m in allowed]  # type: ignore[attr-defined]
    typed = value.strip().lower()
    if typed in options:
        return typed
    starts = [o for o in options if o.startswith(typed)] if typed else []
    if len(starts) == 1:
        return starts[0]
    raise InputError(f"{field}: {value!r} is not one of {', '.join(options)}")


def parse_moment(value: str) -> str:
    return _choice(value, Moment, "moment")


def parse_kind(value: str) -> str:
    return _choice(value, NoteKind, "kind")


def parse_followup_kind(value: str) -> str:
    return _choice(value, models.FollowUpKind, "kind")


def parse_category(value: str) -> str:
    typed = value.strip().lower()
    if not typed:
        return ""
    starts = [c for c in CATEGORIES if c.startswith(typed)]
    if typed in CATEGORIES:
        return typed
    if len(starts) == 1:
        return starts[0]
    raise InputError(f"category: {value!r} is not one of {', '.join(CATEGORIES)}")


def _unknown(field: str, row_id: int) -> InputError:
    """An associate or client id that is not this boutique's: the one message for both checks."""
    return InputError(f"{field}: no {field} with id {row_id}")


def _associate(session: Session, boutique_id: int, associate_id: int) -> Associate:
    associate = session.get(Associate, associate_id)
    if associate is None or associate.boutique_id != boutique_id:
        raise _unknown("associate", associate_id)
    return associate


def _client(session: Session, boutique_id: int, client_id: int | None) -> Client | None:
    if client_id is None:
        return None
    client = session.get(Client, client_id)
    if client is None or client.boutique_id != boutique_id:
        raise _unknown("client", client_id)
    return client


@cache
def _owners_statement() -> Any:
    """The boutique of an associate and of a client (NULL for none), in one statement built
    once: a note's check reads two ids, not two objects."""
    return select(
        select(Associate.boutique_id).where(Associate.id == bindparam("associate")).scalar_subquery(),
        select(Client.boutique_id).where(Client.id == bindparam("client")).scalar_subquery(),
    )


def _check_owners(session: Session, boutique_id: int, associate_id: int, client_id: int | None) -> None:
    """What _associate and _client check, without loading either: for a save that needs ids."""
    associate_boutique, client_boutique = session.connection().execute(
        _owners_statement(), {"associate": associate_id, "client": client_id}).one()
    if associate_boutique != boutique_id:
        raise _unknown("associate", associate_id)
    if client_id is not None and client_boutique != boutique_id:
        raise _unknown("client", client_id)


def add_note(
    session: Session, boutique_id: int, *, associate_id: int, moment: str, kind: str, text: str,
    noted_at: datetime, author: str, client_id: int | None = None, next_action: str = "",
) -> CoachingNote:
    """Save a coaching note; the text must say something."""
    body = text.strip()
    if not body:
        raise InputError("text: the note is empty")
    _check_owners(session, boutique_id, associate_id, client_id)
    note = CoachingNote(
        boutique_id=boutique_id, associate_id=associate_id, noted_at=noted_at,
        moment=parse_moment(moment), kind=parse_kind(kind), text=body, client_id=client_id,
        next_action=next_action.strip(), author=author,
    )
    insert_new(session, note)
    return note


def add_sale(
    session: Session, boutique_id: int, *, receipt: str, associate_id: int, amount: int,
    sold_at: datetime, units: int = 1, category: str = "", client_id: int | None = None,
    source: str = "manual",
) -> Sale:
    """Log a sale line (a return is negative); a receipt may hold several lines."""
    if amount == 0:
        raise InputError("amount: a sale line cannot be zero")
    if units == 0:
        raise InputError("units: a sale line needs at least one piece (negative for a return)")
    if (amount < 0) != (units < 0):
        raise InputError("amount and units: a return has both negative, a sale both positive")
    _check_owners(session, boutique_id, associate_id, client_id)
    last_line = session.exec(
        select(func.max(models.Sale.line))
        .where(models.Sale.boutique_id == boutique_id, models.Sale.receipt == receipt)
    ).one()
    sale = models.Sale(
        boutique_id=boutique_id, receipt=receipt, line=(last_line or 0) + 1, sold_at=sold_at,
        associate_id=associate_id, client_id=client_id, amount=amount, units=units,
        category=parse_category(category), source=source,
    )
    session.add(sale)
    session.flush()
    return sale


def add_followup(
    session: Session, boutique_id: int, *, client_id: int, kind: str, due: date, action: str,
    created_at: datetime, owner_id: int | None = None,
) -> FollowUp:
    """Create an open follow-up; the owner defaults to the client's associate."""
    client = _client(session, boutique_id, client_id)
    assert client is not None
    owner = owner_id if owner_id is not None else client.owner_id
    if owner is None:
        raise InputError("owner: the client has no associate; choose who follows up")
    _associate(session, boutique_id, owner)
    followup = models.FollowUp(
        boutique_id=boutique_id, client_id=client_id, owner_id=owner,
        kind=parse_followup_kind(kind), due=due, action=action.strip(), created_at=created_at,
    )
    session.add(followup)
    session.flush()
    return followup


def _open_followup(session: Session, boutique_id: int, followup_id: int) -> FollowUp:
    followup = session.get(models.FollowUp, followup_id)
    if followup is None or followup.boutique_id != boutique_id:
        raise InputError(f"follow-up: no follow-up with id {followup_id}")
    if followup.status != models.FollowUpStatus.OPEN.value:
        raise InputError(f"follow-up: #{followup_id} is already {followup.status}")
    return followup


def complete_followup(
    session: Session, boutique_id: int, followup_id: int, outcome: str, done_at: datetime
) -> FollowUp:
    """Mark done with what came of it: the outcome is what the next person reads."""
    text = outcome.strip()
    if not text:
        raise InputError("outcome: say what came of it (e.g. 'called, visit booked Sat')")
    followup = _open_followup(session, boutique_id, followup_id)
    followup.status, followup.outcome, followup.done_at = models.FollowUpStatus.DONE.value, text, done_at
    session.add(followup)
    session.flush()
    return followup


def cancel_followup(
    session: Session, boutique_id: int, followup_id: int, reason: str, cancelled_at: datetime
) -> FollowUp:
    """Close without doing it, saying why: the reason is what the next person reads."""
    text = reason.strip()
    if not text:
        raise InputError("reason: say why it is cancelled (e.g. 'client abroad until March')")
    followup = _open_followup(session, boutique_id, followup_id)
    followup.status, followup.cancel_reason = models.FollowUpStatus.CANCELLED.value, text
    followup.cancelled_at = cancelled_at
    session.add(followup)
    session.flush()
    return followup


def snooze_followup(
    session: Session, boutique_id: int, followup_id: int, due: date, today: date
) -> FollowUp:
    if due <= today:
        raise InputError(f"date: snooze to a day after today ({due.isoformat()} is not)")
    followup = _open_followup(session, boutique_id, followup_id)
    followup.due = due
    session.add(followup)
    session.flush()
    return followup


def reassign_followup(
    session: Session, boutique_id: int, followup_id: int, owner_id: int
) -> FollowUp:
    _associate(session, boutique_id, owner_id)
    followup = _open_followup(session, boutique_id, followup_id)
    followup.owner_id = owner_id
    session.add(followup)
    session.flush()
    return followup


def find_clients(session: Session, boutique_id: int, text: str, limit: int = 8) -> list[Client]:
    """Clients by number, name, phone or e-mail; accents and case ignored."""
    typed = text.strip()
    if not typed:
        return []
    exact = session.exec(
        select(Client).where(Client.boutique_id == boutique_id, Client.number == typed)
    ).first()
    if exact is not None:
        return [exact]
    pattern = f"%{typed}%"
    query = select(Client).where(
        Client.boutique_id == boutique_id,
        or_(
            col(Client.last_name).ilike(pattern),
            col(Client.first_name).ilike(pattern),
            col(Client.number).ilike(pattern),
            col(Client.email).ilike(pattern),
            col(Client.phone).ilike(pattern),
        ),
    ).limit(200)
    candidates = list(session.exec(query))
    if not candidates:
        # accents: 'helene' should find 'Hélène'
        folded = fold(typed)
        everyone = session.exec(select(Client).where(Client.boutique_id == boutique_id))
        candidates = [c for c in everyone if folded in fold(f"{c.first_name} {c.last_name}")]
    candidates.sort(key=lambda c: (c.segment not in ("VIC", "HJ"), c.last_name, c.first_name))
    return candidates[:limit]


def resolve_client(session: Session, boutique_id: int, text: str) -> Client:
    """The one client `text` names (client number or an unambiguous name)."""
    matches = find_clients(session, boutique_id, text)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise InputError(f"client: no client matches {text.strip()!r}")
    # Client numbers only: a message may end up on a shared screen or in a log.
    sample = ", ".join(c.number for c in matches[:4])
    raise InputError(f"client: {text.strip()!r} matches several clients ({sample}); use the number")
