"""Client data, handled as a Maison must: masked on screen on demand, consent per channel,
everything held about a client exportable, erasable on request, and profiling data purged
after the retention period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import pendulum
from sqlalchemy import bindparam, update
from sqlmodel import Session, col, delete, select

from ..clock import to_utc
from ..models import (
    ChangeLog,
    Channel,
    Client,
    ClientConsent,
    ClientContact,
    CoachingNote,
    FollowUp,
    Sale,
)
from .parsing import InputError

ERASED_NAME = "Erased client"


# -- discreet mode ----------------------------------------------------------------------------


# -- consent ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    channel: str
    granted: bool
    recorded_at: datetime | None
    source: str
    recorded_by: str


def parse_channel(value: str) -> str:
    typed = value.strip().lower().replace("-", "").replace("e mail", "email")
    aliases = {"e-mail": "email", "mail": "mail", "post": "mail", "text": "sms", "call": "phone"}
    typed = aliases.get(typed, typed)
    options = [c.value for c in Channel]
    if typed not in options:
        raise InputError(f"channel: {value!r} is not one of {', '.join(options)}")
    return typed


def record_consent(
    session: Session, boutique_id: int, client_id: int, channel: str, granted: bool,
    recorded_at: datetime, source: str, recorded_by: str,
) -> ClientConsent:
    """Record a consent decision; earlier ones stay as history."""
    client = _client(session, boutique_id, client_id)
    row = ClientConsent(
        boutique_id=boutique_id, client_id=client.id, channel=parse_channel(channel),  # type: ignore[arg-type]
        granted=granted, recorded_at=recorded_at, source=source.strip(), recorded_by=recorded_by,
    )
    session.add(row)
    session.flush()
    refresh_channels(session, [row.client_id])
    return row


CHANNEL_ORDER = tuple(c.value for c in Channel)  # how channels are listed everywhere


def consents(session: Session, client_ids: list[int]) -> dict[int, dict[str, ConsentState]]:
    """The consent in force per client and channel (the newest decision); none = not granted."""
    if not client_ids:
        return {}
    rows = session.exec(
        select(ClientConsent.client_id, ClientConsent.channel, ClientConsent.granted,
               ClientConsent.recorded_at, ClientConsent.source, ClientConsent.recorded_by)
        .where(col(ClientConsent.client_id).in_(client_ids))
        .order_by(col(ClientConsent.recorded_at), col(ClientConsent.id))
    )
    found: dict[int, dict[str, ConsentState]] = {}
    for client_id, channel, granted, recorded_at, source, recorded_by in rows:
        found.setdefault(client_id, {})[channel] = ConsentState(channel, granted, recorded_at, source,
                                                                recorded_by)
    return found


def refresh_channels(session: Session, client_ids: Iterable[int]) -> None:
    """Write `Client.channels` again for these clients from their decisions in force: whoever
    records, imports or erases a decision calls this in the same transaction, so a list of
    clients reads its channels as one column that never disagrees with the decisions."""
    ids = sorted(set(client_ids))
    client = Client.__table__.c  # type: ignore[attr-defined]
    for start in range(0, len(ids), _BATCH):
        found = session.exec(select(client.id, *(_granted_in_force(client.id, c) for c in CHANNEL_ORDER))  # type: ignore[call-overload]
                             .where(client.id.in_(ids[start:start + _BATCH])))
        rows = [{"cid": client_id, "text": ",".join(c for c, yes in zip(CHANNEL_ORDER, decisions, strict=True)
                                                    if yes)} for client_id, *decisions in found]
        if rows:
            session.execute(_channels_update(), rows)
    # The update went round the ORM: clients already loaded read the new text when next used.
    touched = set(ids)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Client) and obj.id in touched:
            session.expire(obj, ["channels"])


_BATCH = 500  # clients per statement: far below any driver's limit on parameters


@cache
def _channels_update() -> Any:
    client = Client.__table__  # type: ignore[attr-defined]
    return update(client).where(client.c.id == bindparam("cid")).values(channels=bindparam("text"))


def _granted_in_force(client_id: Any, channel: str) -> Any:
    """The newest decision on `channel` for the client `client_id` (a column of the enclosing
    query), as a correlated subquery: NULL without one."""
    consent = ClientConsent.__table__.c  # type: ignore[attr-defined]
    return (select(consent.granted).where(consent.client_id == client_id, consent.channel == channel)
            .order_by(consent.recorded_at.desc(), consent.id.desc()).limit(1).scalar_subquery())


@cache
def channel_list(channels: str) -> tuple[str, ...]:
    """A `Client.channels` text as its channels: a list's hundreds of rows share a handful."""
    return tuple(channels.split(",")) if channels else ()


# -- client rights ----------------------------------------------------------------------------


def _client(session: Session, boutique_id: int, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.boutique_id != boutique_id:
        raise InputError(f"client: no client with id {client_id}")
    return client


def _row(obj: Any) -> dict[str, Any]:
    data = obj.model_dump()
    return {k: (v.isoformat() if isinstance(v, date | datetime) else data[k])
            for k in type(obj).model_fields if (v := data.get(k)) is not None or k in data}


def export_client(session: Session, boutique_id: int, client_id: int) -> dict[str, Any]:
    """Everything floorcon holds about one client, as plain JSON-ready data."""
    client = _client(session, boutique_id, client_id)

    def rows(model: Any, *where: Any) -> list[dict[str, Any]]:
        return [_row(r) for r in session.exec(select(model).where(*where).order_by(model.id))]

    return {
        "client": _row(client),
        "consents": rows(ClientConsent, ClientConsent.client_id == client_id),
        "purchases": rows(Sale, Sale.client_id == client_id),
        "follow_ups": rows(FollowUp, FollowUp.client_id == client_id),
        "contacts": rows(ClientContact, ClientContact.client_id == client_id),
        "coaching_notes": rows(CoachingNote, CoachingNote.client_id == client_id),
        "changes": rows(ChangeLog, ChangeLog.table_name == "client", ChangeLog.row_id == client_id),
    }


def erase_client(session: Session, boutique_id: int, client_id: int, erased_at: datetime) -> Client:
    """Remove a client's personal data. Sales stay, attached to an anonymous client, so the
    boutique's figures (capture rate, new clients) do not change."""
    client = _client(session, boutique_id, client_id)
    if client.erased_at is not None:
        raise InputError(f"client: #{client_id} was already erased on {client.erased_at.date().isoformat()}")
    client.title = client.first_name = client.phone = client.email = client.language = ""
    client.preferences = client.sizes = client.notes = ""
    client.last_name = ERASED_NAME
    client.channels = ""  # the decisions go below
    client.birthday = client.anniversary = None
    client.profile_updated_at = None
    client.erased_at = erased_at
    session.add(client)
    session.exec(delete(ClientConsent).where(col(ClientConsent.client_id) == client_id))  # type: ignore[call-overload]
    session.exec(delete(FollowUp).where(col(FollowUp.client_id) == client_id))  # type: ignore[call-overload]
    session.exec(delete(ClientContact).where(col(ClientContact.client_id) == client_id))  # type: ignore[call-overload]
    session.exec(
        update(CoachingNote).where(col(CoachingNote.client_id) == client_id).values(client_id=None)  # type: ignore[call-overload]
    )
    session.flush()
    return client


def purge_profiling(session: Session, boutique_id: int, before: datetime) -> int:
    """Clear preferences, sizes and notes last updated before `before`, unlink clients from
    coaching notes older than it and blank the notes of older contacts; returns how many
    clients were purged."""
    stale = list(session.exec(
        select(Client).where(
            Client.boutique_id == boutique_id,
            col(Client.profile_updated_at).is_not(None),
            col(Client.profile_updated_at) < before,
        )
    ))
    for client in stale:
        client.preferences = client.sizes = client.notes = ""
        client.profile_updated_at = None
        session.add(client)
    session.exec(
        update(CoachingNote)  # type: ignore[call-overload]
        .where(CoachingNote.boutique_id == boutique_id, col(CoachingNote.noted_at) < before,
               col(CoachingNote.client_id).is_not(None))
        .values(client_id=None)
    )
    session.exec(
        update(ClientContact)  # type: ignore[call-overload]
        .where(ClientContact.boutique_id == boutique_id, col(ClientContact.contacted_at) < before,
               ClientContact.note != "")
        .values(note="")
    )
    session.flush()
    return len(stale)


def purge_expired(session: Session, boutique_id: int, now: datetime, months: int) -> int:
    """Apply the retention setting: purge profiling data older than `months` before `now`."""
    cutoff = pendulum.instance(now).subtract(months=months)
    return purge_profiling(session, boutique_id, to_utc(cutoff))


# -- the change log ---------------------------------------------------------------------------


def history(session: Session, table: str, row_id: int) -> list[ChangeLog]:
    """Who changed one record, when, and which fields: newest first."""
    return list(session.exec(
        select(ChangeLog)
        .where(ChangeLog.table_name == table, ChangeLog.row_id == row_id)
        .order_by(col(ChangeLog.changed_at).desc(), col(ChangeLog.id).desc())
    ))
