"""The client brief: what an associate should know in thirty seconds before an appointment or
when a VIC walks in.

It is the client file cut short, never computed a second way: the same profile (preferences,
sizes, key dates, consent), the last few purchases, the categories owned and the cross-selling
openings, the follow-ups and High Jewelry opportunities still open, the last survey answer, and
the appointments to come. Every view masks it like the file does (discreet mode).
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from ..clock import Clock
from ..config import Settings
from ..models import FollowUpStatus, HJStage
from .appointments import appointment_rows
from .clients import ClientFile, Column, Section, client_file

LAST_PURCHASES = 3  # purchases in the brief; the file has them all
CLOSED_STAGES = (HJStage.DELIVERED.value, HJStage.LOST.value)
COMING_DAYS = 90  # appointments booked this far ahead show in the brief


def _cut(section: Section, key: str, title: str, rows: list[tuple], empty: str) -> Section:
    return Section(key, title, section.columns, rows, empty)


def client_brief(
    session: Session, boutique_id: int, client_id: int, clock: Clock, settings: Settings
) -> ClientFile:
    """The brief: the client file's profile and the parts of its sections that matter now."""
    file = client_file(session, boutique_id, client_id, clock, settings)
    by_key = {s.key: s for s in file.sections}
    sections: list[Section] = []
    purchases = by_key["purchases"]
    sections.append(_cut(purchases, "last_purchases", "Last purchases", purchases.rows[:LAST_PURCHASES],
                         purchases.empty))
    sections.append(by_key["categories"])
    follow_ups = by_key["follow_ups"]
    status = [c.key for c in follow_ups.columns].index("status")
    sections.append(_cut(follow_ups, "open_follow_ups", "Open follow-ups",
                         [r for r in follow_ups.rows if r[status] == FollowUpStatus.OPEN.value],
                         "no open follow-up"))
    hj = by_key["hj_opportunities"]
    stage = [c.key for c in hj.columns].index("stage")
    sections.append(_cut(hj, "open_opportunities", "Open High Jewelry opportunities",
                         [r for r in hj.rows if r[stage] not in CLOSED_STAGES], "no open opportunity"))
    satisfaction = by_key["satisfaction"]
    sections.append(_cut(satisfaction, "last_satisfaction", "Last satisfaction score", satisfaction.rows[:1],
                         satisfaction.empty))
    sections.append(_coming(session, boutique_id, client_id, clock))
    return ClientFile(file.profile, sections)


def _coming(session: Session, boutique_id: int, client_id: int, clock: Clock) -> Section:
    now = clock.now_utc()
    ahead = appointment_rows(session, boutique_id, now, now + timedelta(days=COMING_DAYS), client_id)
    rows = [r for r in ahead if r.status == "booked"]
    return Section("appointments", "Appointments to come", (
        Column("at", "When", "moment"), Column("associate", "SA"), Column("purpose", "Purpose", "private"),
        Column("prepare", "Prepare"), Column("opportunity", "HJ"),
    ), [(r.starts_at, r.associate, r.purpose, r.prepare, r.opportunity) for r in rows], "none booked")

