"""Satisfaction over time: each measure week by week, for the boutique and per associate,
always with its number of responses, and the low answers with their recovery follow-up.

The figures per week are the weekly review's own (`rituals.scores` and
`rituals.measure_lines`). A low answer's recovery follow-up is the one the satisfaction
import created for it: same client, kind `satisfaction-recovery`, action starting with
"Recovery: <measure> <score>".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from ..clock import Clock
from ..config import Settings
from ..models import Associate, Client, FollowUp, FollowUpKind, SatisfactionScore
from ..models.clients import client_name
from .rituals import MeasureLine, measure_lines, scores


@dataclass(frozen=True)
class Trend:
    """One measure for one associate (or the boutique, initials ""), week by week."""

    initials: str
    name: str
    weeks: list[MeasureLine]  # one per week of the span, oldest first; responses 0 when none

    @property
    def responses(self) -> int:
        return sum(w.responses for w in self.weeks)


@dataclass(frozen=True)
class MeasureTrend:
    code: str
    label: str
    threshold: float | None
    boutique: Trend
    associates: list[Trend]


@dataclass(frozen=True)
class Recovery:
    id: int
    status: str
    owner: str  # initials
    due: date
    outcome: str


@dataclass(frozen=True)
class LowScore:
    id: int
    measure: str
    score: float
    threshold: float | None
    received_at: datetime
    associate: str
    client: str
    client_number: str
    comment: str
    recovery: Recovery | None


@dataclass(frozen=True)
class SatisfactionView:
    weeks: list[date]  # the Mondays of the span, oldest first
    measures: list[MeasureTrend]
    low: list[LowScore]  # newest first


def satisfaction(
    session: Session, boutique_id: int, clock: Clock, settings: Settings, day: date, weeks: int = 8
) -> SatisfactionView:
    """The `weeks` weeks ending with the week of `day`."""
    last_week = Clock.week_first(day)
    starts = [last_week - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    start, end = clock.range_bounds(starts[0], last_week + timedelta(days=6))
    answers = scores(session, boutique_id, start, end, settings)
    people = {a.initials: a.name for a in session.exec(
        select(Associate).where(Associate.boutique_id == boutique_id))}
    codes = sorted(set(settings.satisfaction_measures) | {s.measure for s in answers})

    def week_lines(lines: list, code: str) -> list[MeasureLine]:  # type: ignore[type-arg]
        measure = settings.measure(code)
        threshold = measure.threshold if measure else None
        out = []
        for first in starts:
            chunk = [s for s in lines if s.measure == code
                     and first <= clock.local_day(s.received_at) < first + timedelta(days=7)]
            found = measure_lines(chunk, settings)
            out.append(found[0] if found else MeasureLine(code, 0, None, 0, threshold))
        return out

    trends = []
    for code in codes:
        measure = settings.measure(code)
        mine = [s for s in answers if s.measure == code]
        associates = [
            Trend(who, people.get(who, who), week_lines([s for s in mine if s.associate == who], code))
            for who in sorted({s.associate for s in mine if s.associate})
        ]
        label, threshold = (measure.label, measure.threshold) if measure else (code, None)
        trends.append(MeasureTrend(code, label, threshold, Trend("", "Boutique", week_lines(mine, code)),
                                   associates))
    return SatisfactionView(starts, trends, low_scores(session, boutique_id, settings, start, end))


def low_scores(
    session: Session, boutique_id: int, settings: Settings, start: datetime, end: datetime
) -> list[LowScore]:
    """Answers on the wrong side of their threshold in [start, end), with their recovery."""
    # The thresholds are applied in SQL too, so only the low answers become objects (a month
    # of a flagship's answers is a thousand; the low ones a few dozen).
    wrong_side = [
        and_(func.upper(func.trim(SatisfactionScore.measure)) == code,
             col(SatisfactionScore.score) < m.threshold if m.higher_is_better
             else col(SatisfactionScore.score) > m.threshold)
        for code, m in settings.satisfaction_measures.items() if m.threshold is not None
    ]
    if not wrong_side:
        return []
    s = SatisfactionScore
    rows = session.exec(  # columns, not objects: a flagship's fortnight holds hundreds of answers
        select(s.id, s.measure, s.score, s.received_at, s.comment, s.client_id, Associate.initials,
               Client.title, Client.first_name, Client.last_name, Client.number)
        .outerjoin(Associate, col(Associate.id) == s.associate_id)
        .outerjoin(Client, col(Client.id) == s.client_id)
        .where(s.boutique_id == boutique_id, s.received_at >= start, s.received_at < end, or_(*wrong_side))
        .order_by(col(s.received_at).desc(), col(s.id).desc())
    )
    low = [r for r in rows if (m := settings.measure(r[1])) is not None and m.alert(r[2])]
    client_ids = {r[5] for r in low if r[5] is not None}
    recoveries: dict[int, list[tuple]] = {}
    if client_ids:
        for f in session.exec(
            select(FollowUp.id, FollowUp.client_id, FollowUp.action, FollowUp.status, FollowUp.owner_id,
                   FollowUp.due, FollowUp.outcome)
            .where(col(FollowUp.client_id).in_(client_ids), FollowUp.kind == FollowUpKind.RECOVERY.value)
            .order_by(col(FollowUp.created_at), col(FollowUp.id))
        ):
            recoveries.setdefault(f[1], []).append(f)
    owners = dict(session.exec(select(Associate.id, Associate.initials)
                               .where(Associate.boutique_id == boutique_id)).all())
    taken: set[int] = set()
    result = []
    # Oldest first, so each answer takes the earliest follow-up written for it.
    for (score_id, code, score, received_at, comment, client_id, initials, title, first, last,
         number) in reversed(low):
        prefix = f"Recovery: {code} {score:g}"
        found = next((f for f in recoveries.get(client_id or -1, []) if f[0] not in taken
                      and (f[2] == prefix or f[2].startswith(prefix + " "))), None)
        recovery = None
        if found is not None:
            taken.add(found[0])
            recovery = Recovery(found[0], found[3], owners.get(found[4], ""), found[5], found[6])
        measure = settings.measure(code)
        result.append(LowScore(
            score_id, code, score, measure.threshold if measure else None, received_at,
            initials or "", client_name(title, first, last) if number is not None else "", number or "",
            comment, recovery,
        ))
    result.reverse()
    return result
