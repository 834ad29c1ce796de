"""The associate file and the talent grid as documents: Markdown for a review meeting, JSON for
everything held about one associate (a staff member may ask for it) and for other tools.

The figures are those of services/people.py and talent.py, laid out; the daily trend is drawn
with exports.sparkline, like the rituals' exports.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from ..clock import Clock
from ..config import Settings
from ..models import (
    Action,
    Associate,
    ChangeLog,
    CoachingNote,
    DevelopmentPlan,
    OneToOne,
    PlanCheckIn,
    PlanGoal,
    Review,
    Sale,
    SatisfactionScore,
    Shift,
    SuccessionCandidate,
    Target,
)
from .exports import long_day, sparkline
from .parsing import format_money
from .people import AssociateFile, PlanView
from .rituals import KINDS
from .talent import BOX_NAMES, LEVELS, READINESS_LABELS, NineBox, Slate

NONE = "—"


def _md(text: str) -> str:
    """Text safe in a Markdown line or table cell."""
    out = " ".join(text.split())
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def _pct(value: float | None) -> str:
    return NONE if value is None else f"{value * 100:.0f}%"


def _day(value: date | None) -> str:
    return NONE if value is None else long_day(value)


def _local_day(clock: Clock, moment: datetime | None) -> str:
    return NONE if moment is None else long_day(clock.local_day(moment))


def plan_status(plan: PlanView) -> str:
    """'open, to Friday 18 December 2026', 'closed: back-on-standard on …'."""
    if plan.open:
        extended = " (extended)" if plan.outcome == "extended" else ""
        return f"open{extended}" + (f", to {_day(plan.ends_on)}" if plan.ends_on else "")
    return f"closed: {plan.outcome} on {_day(plan.closed_on)}"


def associate_markdown(f: AssociateFile, settings: Settings, clock: Clock) -> str:
    """The associate file for a review meeting. Private one-to-one notes stay out of it."""
    a = f.associate
    t = f.trend
    money = lambda v: NONE if v is None else format_money(v, settings)  # noqa: E731
    profile = [a.role]
    if a.start_date:
        profile.append(f"since {_day(a.start_date)}")
    if a.specialties:
        profile.append(a.specialties)
    if a.languages:
        profile.append(f"speaks {a.languages}")
    out = [f"# Associate file: {_md(a.initials)} {_md(a.name)}", _md(" · ".join(profile)),
           f"_{settings.boutique_name} · {_day(f.today)}_"]

    out.append(f"## Sales, {_day(t.first)} to {_day(t.last)}")
    out.append("| Net sales | Achievement | Transactions | ATV | UPT | Capture rate |\n"
               "|---:|---:|---:|---:|---:|---:|\n"
               f"| {money(t.figures.net_sales)} | {_pct(t.achievement)} | {t.figures.transactions} | "
               f"{money(t.atv)} | {NONE if t.upt is None else f'{t.upt:.1f}'} | {_pct(t.capture_rate)} |")
    out.append(f"Day by day: {sparkline(t.spark.sales)}")

    segments = ", ".join(f"{seg} {n}" for seg, n in sorted(f.portfolio.items()))
    out.append("## Clients and satisfaction")
    out.append(f"Portfolio: {f.portfolio_size} clients" + (f" ({_md(segments)})" if segments else "") + ".")
    if f.satisfaction:
        by: dict[str, list[float]] = {}
        for s in f.satisfaction:
            by.setdefault(s.measure, []).append(s.score)
        alerts = sum(1 for s in f.satisfaction if s.below)
        parts = [f"{m} {sum(v) / len(v):.1f} ({len(v)})" for m, v in sorted(by.items())]
        out.append(f"Satisfaction, last 90 days: {', '.join(parts)}; {alerts} under threshold.")
    else:
        out.append("_No survey answer in the last 90 days._")

    out.append("## Reviews")
    if f.reviews:
        latest = f.reviews[0]
        previous = f.reviews[1] if len(f.reviews) > 1 else None
        box = BOX_NAMES.get((latest.performance, latest.potential), "")
        out.append(f"{_md(latest.period)} ({_day(latest.reviewed_on)}): overall **{latest.overall}/5**, "
                   f"performance {latest.performance}, potential {latest.potential} ({box}).")
        head = f"| Competency | {_md(latest.period)} |" + (f" {_md(previous.period)} |" if previous else "")
        rule = "|---|---:|" + ("---:|" if previous else "")
        rows = [head, rule]
        for c in settings.competencies:
            before = previous.ratings.get(c) if previous else None
            rows.append(f"| {_md(c)} | {latest.ratings.get(c, NONE)} |"
                        + (f" {NONE if before is None else before} |" if previous else ""))
        out.append("\n".join(rows))
        if latest.comment:
            out.append(f"> {_md(latest.comment)}")
    else:
        out.append("_No review yet._")

    out.append("## Plans")
    if not f.plans:
        out.append("_No development or performance plan._")
    for plan in f.plans:
        out.append(f"### {plan.kind.upper()} · {_md(plan.title)}")
        out.append(f"From {_day(plan.started_on)}, {plan_status(plan)}.")
        items = [f"- Goal: {_md(g.text)}" + (f" — measured by {_md(g.measure)}" if g.measure else "")
                 + f" — due {_day(g.due)} — {g.status}" for g in plan.goals]
        for c in plan.check_ins:
            if c.held:
                items.append(f"- Check-in {_local_day(clock, c.noted_at)}: {_md(c.note)}")
            else:
                items.append(f"- Checkpoint due {_day(c.due)}")
        if items:
            out.append("\n".join(items))

    out.append("## One-to-ones")
    held = [o for o in f.one_to_ones if o.held]
    booked = [o for o in f.one_to_ones if not o.held]
    lines = [f"- Booked {_local_day(clock, o.scheduled_at)}" + (" (overdue)" if o.overdue else "")
             for o in reversed(booked)]
    lines += [f"- {_local_day(clock, o.held_at)}: {_md(o.shared_notes) or NONE}" for o in held[:6]]
    out.append("\n".join(lines) if lines else "_No one-to-one yet._")

    out.append("## Actions")
    open_actions = [x for x in f.actions if not x.done]
    lines = [f"- {_md(x.text)} — due {_day(x.due)}" + (f" (**{x.days_late} days late**)" if x.overdue else "")
             for x in open_actions]
    done = [x for x in f.actions if x.done][:5]
    lines += [f"- ✓ {_md(x.text)} — done {_local_day(clock, x.done_at)}" for x in done]
    out.append("\n".join(lines) if lines else "_No action agreed._")

    out.append("## Recognitions")
    recognitions = f.recognitions[:8]
    said = [f"- {_local_day(clock, n.noted_at)}, {n.moment}: {_md(n.text)}" for n in recognitions]
    out.append("\n".join(said) if said else "_No recognition noted yet._")

    counts = {k: sum(1 for n in f.notes if n.kind == k) for k in KINDS}
    out.append("## Coaching notes")
    out.append(f"{len(f.notes)} notes: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")

    out.append("## Succession")
    out.append("\n".join(f"- {_md(role)}: {READINESS_LABELS.get(ready, ready)}, flight risk {risk}"
                         for role, ready, risk in f.succession) if f.succession else "_On no slate._")
    return "\n\n".join(out) + "\n"


def _row(obj: Any) -> dict[str, Any]:
    """A stored row as JSON-ready data (ids kept: they tie the rows together)."""
    out: dict[str, Any] = {}
    for name in type(obj).model_fields:
        if name == "boutique_id":
            continue
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return out


def associate_data(session: Session, boutique_id: int, associate_id: int) -> dict[str, Any]:
    """Everything floorcon holds about one associate, as plain JSON-ready data.

    Sales they rang are listed without the client (that is the client's data, not theirs).
    """
    who = session.get(Associate, associate_id)
    if who is None or who.boutique_id != boutique_id:
        raise ValueError(f"no associate with id {associate_id}")

    def rows(model: Any, *where: Any) -> list[dict[str, Any]]:
        query = select(model).where(model.boutique_id == boutique_id, *where).order_by(model.id)
        return [_row(r) for r in session.exec(query)]

    plan_ids = list(session.exec(select(DevelopmentPlan.id).where(
        DevelopmentPlan.boutique_id == boutique_id, DevelopmentPlan.associate_id == associate_id)))
    reviews = rows(Review, Review.associate_id == associate_id)
    for review in reviews:
        review["ratings"] = json.loads(review["ratings"] or "{}")
    sales = [{k: v for k, v in r.items() if k != "client_id"}
             for r in rows(Sale, Sale.associate_id == associate_id)]
    return {
        "associate": _row(who),
        "one_to_ones": rows(OneToOne, OneToOne.associate_id == associate_id),
        "actions": rows(Action, Action.associate_id == associate_id),
        "reviews": reviews,
        "plans": rows(DevelopmentPlan, DevelopmentPlan.associate_id == associate_id),
        "plan_goals": rows(PlanGoal, col(PlanGoal.plan_id).in_(plan_ids)),
        "plan_check_ins": rows(PlanCheckIn, col(PlanCheckIn.plan_id).in_(plan_ids)),
        "succession": rows(SuccessionCandidate, SuccessionCandidate.associate_id == associate_id),
        "coaching_notes": rows(CoachingNote, CoachingNote.associate_id == associate_id),
        "satisfaction_scores": rows(SatisfactionScore, SatisfactionScore.associate_id == associate_id),
        "targets": rows(Target, Target.associate_id == associate_id),
        "shifts": rows(Shift, Shift.associate_id == associate_id),
        "sales": sales,
        "changes": [_row(c) for c in session.exec(
            select(ChangeLog).where(ChangeLog.table_name == "associate", ChangeLog.row_id == associate_id)
            .order_by(col(ChangeLog.id)))],
    }


# -- talent ------------------------------------------------------------------------------------


def talent_markdown(grid: NineBox, slates: list[Slate], settings: Settings, today: date) -> str:
    """The 9-box (potential rows, performance columns, names in the boxes) and the slates."""
    out = ["# Talent and succession", f"_{settings.boutique_name} · {_day(today)}_", "## 9-box"]
    rows = ["| Potential \\ Performance | low | medium | high |", "|---|---|---|---|"]
    for potential in reversed(LEVELS):
        cells = []
        for performance in LEVELS:
            names = ", ".join(p.initials for p in grid.box(performance, potential))
            cells.append(f"**{BOX_NAMES[(performance, potential)]}**: {names or NONE}")
        rows.append(f"| {potential} | " + " | ".join(cells) + " |")
    out.append("\n".join(rows))
    if grid.unreviewed:
        out.append(f"_Not reviewed yet: {_md(', '.join(grid.unreviewed))}._")
    out.append("## Succession")
    for slate in slates:
        out.append(f"### {_md(slate.role)}")
        if not slate.candidates:
            out.append("_No candidate._")
            continue
        out.append("| Candidate | Role today | Readiness | Flight risk |\n|---|---|---|---|\n" + "\n".join(
            f"| {_md(c.initials)} {_md(c.name)} | {_md(c.role)} | {c.readiness_label} | {c.flight_risk} |"
            for c in slate.candidates))
    return "\n\n".join(out) + "\n"


def talent_data(grid: NineBox, slates: list[Slate]) -> dict[str, Any]:
    return {
        "nine_box": [
            {"performance": perf, "potential": pot, "box": BOX_NAMES[(perf, pot)],
             "associates": [{"initials": p.initials, "name": p.name, "period": p.period, "overall": p.overall}
                            for p in grid.box(perf, pot)]}
            for pot in reversed(LEVELS) for perf in LEVELS
        ],
        "not_reviewed": grid.unreviewed,
        "slates": [
            {"role": s.role, "candidates": [
                {"initials": c.initials, "name": c.name, "role": c.role, "readiness": c.readiness,
                 "flight_risk": c.flight_risk, "note": c.note} for c in s.candidates]}
            for s in slates
        ],
    }
