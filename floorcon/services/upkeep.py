"""The first start of a business day's upkeep: the retention purge and the follow-up rules.

Both are idempotent but read years of notes, contacts and clients; done once a business day
(the day is kept in the boutique's row, so every terminal and the server share it), they never
cost a later start anything.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, select

from ..clock import Clock
from ..config import Settings
from ..models import Boutique
from .followups import RulesResult, apply_rules
from .privacy import purge_expired


def daily_upkeep(session: Session, boutique_id: int, clock: Clock, settings: Settings) -> RulesResult | None:
    """Purge what the retention setting says, run the follow-up rules (birthdays and
    anniversaries come round by the day) and note the day; None when today's is already done."""
    today = clock.today()
    done = session.exec(select(Boutique.upkeep_day).where(Boutique.id == boutique_id)).first()
    if done == today:
        return None
    purge_expired(session, boutique_id, clock.now_utc(), settings.retention_months)
    rules = apply_rules(session, boutique_id, clock, settings)
    session.execute(update(Boutique).where(Boutique.id == boutique_id).values(upkeep_day=today))  # type: ignore[arg-type]
    return rules
