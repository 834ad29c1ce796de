"""The KPIs, one definition each (see DESIGN.md), used by every screen, command and export.

`sales_figures*` read the raw sums from the store; the pure formulas that turn them into the
ratios a manager reads (`achievement`, `atv`, `upt`, …) are in `figures`, offered here under
the same names.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, case, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from ..clock import Clock
from ..db import columns
from ..models import FollowUp, FollowUpStatus, Sale, Traffic
from .figures import SalesFigures as SalesFigures  # the formulas live there (no store layer)
from .figures import achievement as achievement
from .figures import atv as atv
from .figures import capture_rate as capture_rate
from .figures import conversion as conversion
from .figures import ratio as ratio
from .figures import retention_rate as retention_rate
from .figures import run_rate_needed as run_rate_needed
from .figures import upt as upt


def _receipts():  # type: ignore[no-untyped-def]
    """One row per receipt and associate in [:start, :end): its net, units, client and whether
    it only returns."""
    return (
        select(
            Sale.associate_id.label("associate_id"),  # type: ignore[attr-defined]
            func.sum(Sale.amount).label("net"),
            func.sum(Sale.units).label("units"),
            func.max(Sale.amount).label("largest"),
            func.max(Sale.client_id).label("client_id"),
        )
        .where(Sale.boutique_id == bindparam("boutique_id"), Sale.sold_at >= bindparam("start"),
               Sale.sold_at < bindparam("end"))
        .group_by(Sale.receipt, Sale.associate_id)
        .subquery()
    )


@cache
def _figures_statement(by_associate: bool):  # type: ignore[no-untyped-def]
    """Built once, run with the period as parameters: building it costs more than running it
    on a day of sale lines."""
    r = _receipts()
    positive = case((r.c.net > 0, 1), else_=0)
    return_only = case((r.c.largest < 0, 1), else_=0)
    identified = r.c.client_id.is_not(None)
    query = select(
        func.coalesce(func.sum(r.c.net), 0),
        func.coalesce(func.sum(positive) - func.sum(return_only), 0),
        func.coalesce(func.sum(r.c.units), 0),
        func.coalesce(
            func.sum(case((identified, positive), else_=0))
            - func.sum(case((identified, return_only), else_=0)),
            0,
        ),
    )
    return query.add_columns(r.c.associate_id).group_by(r.c.associate_id) if by_associate else query


def sales_figures(
    session: Session, boutique_id: int, start: datetime, end: datetime
) -> SalesFigures:
    """The boutique's figures for [start, end).

    Transactions = receipts with a positive net, minus return-only receipts.
    """
    period = {"boutique_id": boutique_id, "start": start, "end": end}
    net, tx, units, ident = columns(session, _figures_statement(False), period).one()
    return SalesFigures(int(net), int(tx), int(units), int(ident))


def net_sales(session: Session, boutique_id: int, start: datetime, end: datetime) -> int:
    """Net sales for [start, end) alone (returns negative): the month to date, without the
    receipts' grouping that the transaction count needs."""
    period = {"boutique_id": boutique_id, "start": start, "end": end}
    return int(columns(session, _net_statement(), period).scalar_one())


@cache
def _net_statement():  # type: ignore[no-untyped-def]
    """Built once, run with the period as parameters (the targets pane asks on every reload)."""
    return select(func.coalesce(func.sum(Sale.amount), 0)).where(
        Sale.boutique_id == bindparam("boutique_id"), Sale.sold_at >= bindparam("start"),
        Sale.sold_at < bindparam("end"))


def sales_figures_by_associate(
    session: Session, boutique_id: int, start: datetime, end: datetime
) -> dict[int, SalesFigures]:
    """The same figures per associate (the associate who rang the receipt)."""
    period = {"boutique_id": boutique_id, "start": start, "end": end}
    rows = columns(session, _figures_statement(True), period)
    return {
        int(aid): SalesFigures(int(net), int(tx), int(units), int(ident))
        for net, tx, units, ident, aid in rows
    }


def visitors(session: Session, boutique_id: int, start: datetime, end: datetime) -> int | None:
    """Door-counter visitors in [start, end); None when no hour was counted at all."""
    period = {"boutique_id": boutique_id, "start": start, "end": end}
    hours, total = columns(session, _visitors_statement(), period).one()
    return int(total or 0) if hours else None


@cache
def _visitors_statement():  # type: ignore[no-untyped-def]
    """Built once, run with the period as parameters (the targets pane asks on every reload)."""
    return select(func.count(), func.sum(Traffic.visitors)).where(
        Traffic.boutique_id == bindparam("boutique_id"),
        Traffic.hour_start >= bindparam("start"),
        Traffic.hour_start < bindparam("end"),
    )


def new_clients(session: Session, boutique_id: int, start: datetime, end: datetime) -> int:
    """Clients whose first purchase falls in [start, end): a purchase then, and none before.

    Asked that way, the index on (client_id, sold_at) answers for the period's buyers only,
    instead of grouping every sale line the boutique ever had."""
    period = {"boutique_id": boutique_id, "start": start, "end": end}
    return int(columns(session, _new_clients_statement(), period).scalar_one())


@cache
def _new_clients_statement():  # type: ignore[no-untyped-def]
    """new_clients' statement, built once and run with the period as parameters."""
    boutique, start = bindparam("boutique_id"), bindparam("start")
    earlier = aliased(Sale)
    before = select(earlier.id).where(
        earlier.boutique_id == boutique, earlier.client_id == Sale.client_id, earlier.amount > 0,
        earlier.sold_at < start,
    ).exists()
    return select(func.count(func.distinct(Sale.client_id))).where(
        Sale.boutique_id == boutique, col(Sale.client_id).is_not(None), Sale.amount > 0,
        Sale.sold_at >= start, Sale.sold_at < bindparam("end"), ~before,
    )


def followup_on_time(
    session: Session, boutique_id: int, clock: Clock, first: date, last: date
) -> tuple[int, int]:
    """(follow-ups due in [first, last], of which done by the end of their due day).

    Follow-up on time = the second / the first (see `ratio`). Cancelled ones do not count.
    """
    due = list(session.exec(
        select(FollowUp.due, FollowUp.status, FollowUp.done_at).where(
            FollowUp.boutique_id == boutique_id, FollowUp.due >= first, FollowUp.due <= last,
            FollowUp.status != FollowUpStatus.CANCELLED.value,
        )
    ))
    on_time = sum(
        1 for day, status, done_at in due
        if status == FollowUpStatus.DONE.value and done_at is not None
        and done_at < clock.day_bounds(day)[1]
    )
    return len(due), on_time


def attributed_sales(
    session: Session, boutique_id: int, contacts: dict[int, datetime], days: int
) -> dict[int, int]:
    """Net sales (returns negative) each client made in [contact, contact + `days` days).

    `contacts` maps a client to the moment they were reached (a clienteling contact, an event
    they attended); the window is half-open, so a sale at the contact's very moment counts and
    one exactly `days` days later does not. Clients with no sale in their window are left out.
    """
    if not contacts:
        return {}
    window = timedelta(days=days)
    first, last = min(contacts.values()), max(contacts.values()) + window
    found: dict[int, int] = {}
    rows = session.exec(
        select(Sale.client_id, Sale.sold_at, Sale.amount)
        .where(Sale.boutique_id == boutique_id, col(Sale.client_id).in_(list(contacts)),
               Sale.sold_at >= first, Sale.sold_at < last)
    )
    for client_id, sold_at, amount in rows:
        start = contacts[client_id]
        if start <= sold_at < start + window:
            found[client_id] = found.get(client_id, 0) + amount
    return found
