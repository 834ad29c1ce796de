"""Follow-ups created by the rules of `[followups]` in config.toml: a thank-you after a large
receipt, a birthday or anniversary ahead of the date.

Each rule fires once: the follow-up it creates carries a `rule_key` (unique in the store), so
running the rules again (every start, after each sale, after an import) adds nothing new, and
a follow-up done, snoozed or cancelled is not created again. The satisfaction-recovery rule
lives with the satisfaction import (services/imports), where the answers arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, extract, func, or_
from sqlmodel import Session, col, select

from ..clock import Clock
from ..config import Settings
from ..models import Client, FollowUp, FollowUpKind, Sale
from .clients import as_utc, next_occurrence

# A thank-you is written within days of the sale: older receipts never create one, so a first
# start on an old store does not flood the queue.
THANK_YOU_LOOKBACK_DAYS = 7


@dataclass(frozen=True)
class RulesResult:
    thank_you: int = 0
    key_dates: int = 0

    @property
    def created(self) -> int:
        return self.thank_you + self.key_dates

    def summary(self) -> str:
        parts = [f"{n} {what}" for n, what in ((self.thank_you, "thank-you"), (self.key_dates, "key-date"))
                 if n]
        return f"{' and '.join(parts)} follow-up{'s' if self.created != 1 else ''} created by the rules"


def _taken(session: Session, boutique_id: int, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return {k for k in session.exec(select(FollowUp.rule_key).where(
        FollowUp.boutique_id == boutique_id, col(FollowUp.rule_key).in_(keys))) if k}


def thank_you_rule(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> int:
    """A thank-you for each recent receipt of an identified client above the threshold."""
    if settings.thank_you_above <= 0:
        return 0
    today = clock.today()
    since = clock.day_bounds(today - timedelta(days=THANK_YOU_LOOKBACK_DAYS))[0]
    receipts = list(session.exec(
        select(Sale.receipt, func.max(Sale.client_id), func.min(Sale.sold_at), func.min(Sale.associate_id),
               func.sum(Sale.amount), func.aggregate_strings(Sale.category, ","))
        .where(Sale.boutique_id == boutique_id, col(Sale.client_id).is_not(None), Sale.sold_at >= since,
               Sale.sold_at <= clock.now_utc())
        .group_by(Sale.receipt)
        .having(func.sum(Sale.amount) > settings.thank_you_above)
    ))
    if not receipts:
        return 0
    taken = _taken(session, boutique_id, [f"thank-you:{r[0]}" for r in receipts])
    clients = {c.id: c for c in session.exec(select(Client).where(
        col(Client.id).in_([r[1] for r in receipts])))}
    made = 0
    for receipt, client_id, sold_at, seller, _total, categories in receipts:
        key = f"thank-you:{receipt}"
        client = clients.get(client_id)
        if key in taken or client is None or client.erased_at is not None:
            continue
        moment = as_utc(sold_at)
        assert moment is not None
        sold_day = clock.local_day(moment)
        what = ", ".join(sorted({c for c in (categories or "").split(",") if c}))
        due = max(sold_day + timedelta(days=settings.thank_you_after_days), today)
        session.add(FollowUp(
            boutique_id=boutique_id, client_id=client_id, owner_id=client.owner_id or seller,
            kind=FollowUpKind.THANK_YOU.value, due=due,
            action=f"Thank-you for receipt {receipt}" + (f" ({what})" if what else ""),
            created_at=clock.now_utc(), rule_key=key,
        ))
        made += 1
    return made


def key_date_rule(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> int:
    """A birthday or anniversary follow-up `key_date_days_ahead` days before the date."""
    if not settings.key_date_segments:
        return 0
    today = clock.today()
    horizon = today + timedelta(days=settings.key_date_days_ahead)
    found: list[tuple[str, int, int, str, date]] = []
    for cid, owner, birthday, anniversary in session.exec(select(
            Client.id, Client.owner_id, Client.birthday, Client.anniversary).where(
            Client.boutique_id == boutique_id, col(Client.erased_at).is_(None),
            col(Client.owner_id).is_not(None), col(Client.segment).in_(settings.key_date_segments),
            or_(comes_round(col(Client.birthday), today, horizon),
                comes_round(col(Client.anniversary), today, horizon)))):
        for kind, day in (("birthday", birthday), ("anniversary", anniversary)):
            if day is None:
                continue
            nxt = next_occurrence(day, today)
            if nxt <= horizon:
                assert cid is not None and owner is not None
                found.append((f"{kind}:{cid}:{nxt.isoformat()}", cid, owner, kind, nxt))
    taken = _taken(session, boutique_id, [k for k, *_ in found])
    made = 0
    for key, cid, owner, kind, nxt in found:
        if key in taken:
            continue
        session.add(FollowUp(
            boutique_id=boutique_id, client_id=cid, owner_id=owner,
            kind=FollowUpKind.BIRTHDAY.value if kind == "birthday" else FollowUpKind.ANNIVERSARY.value,
            due=max(today, nxt - timedelta(days=settings.key_date_days_ahead)),
            action=f"{kind.capitalize()} on {nxt:%a %d %B}", created_at=clock.now_utc(), rule_key=key,
        ))
        made += 1
    return made


def comes_round(column: ColumnElement[date], first: date, last: date) -> ColumnElement[bool]:
    """The yearly dates whose month and day fall between `first` and `last` (at most a year
    apart; across New Year too), and every 29 February: what `next_occurrence` may place in
    that window, and little else. A rule run after each sale so reads the few clients whose
    date comes round, not every VIC's file."""
    day = extract("month", column) * 100 + extract("day", column)
    low, high = first.month * 100 + first.day, last.month * 100 + last.day
    if (last - first).days >= 365:
        return column.is_not(None)
    within = day.between(low, high) if first.year == last.year else (day >= low) | (day <= high)
    return within | (day == 229)


def apply_rules(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> RulesResult:
    """Run every rule once; what they already created is not created again."""
    result = RulesResult(thank_you_rule(session, boutique_id, clock, settings),
                         key_date_rule(session, boutique_id, clock, settings))
    session.flush()
    return result
