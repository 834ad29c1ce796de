"""Talent and succession: the 9-box from the latest reviews, and a slate per key role."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from ..config import Settings
from ..models import Level, Readiness, SuccessionCandidate
from .parsing import InputError
from .people import LEVELS, _associate, _choice, latest_reviews, parse_level
from .team import list_associates

READINESS = tuple(r.value for r in Readiness)
READINESS_LABELS = {"ready-now": "ready now", "1-2-years": "1–2 years", "3-plus-years": "3+ years"}

# The usual names of the nine boxes: (performance, potential) -> name.
BOX_NAMES = {
    ("high", "high"): "Star", ("medium", "high"): "High potential", ("low", "high"): "Enigma",
    ("high", "medium"): "High performer", ("medium", "medium"): "Core player",
    ("low", "medium"): "Inconsistent", ("high", "low"): "Trusted professional",
    ("medium", "low"): "Effective", ("low", "low"): "Under-performer",
}


def parse_readiness(value: str) -> str:
    """ready-now, 1-2-years or 3-plus-years; also 'now', '1-2', '3+'."""
    typed = value.strip().lower().replace("–", "-").replace(" ", "-")
    aliases = {"now": "ready-now", "1-2": "1-2-years", "12": "1-2-years", "3+": "3-plus-years",
               "3": "3-plus-years", "3-plus": "3-plus-years", "3+-years": "3-plus-years"}
    return _choice(aliases.get(typed, typed), READINESS, "readiness")


@dataclass(frozen=True)
class Placed:
    """An associate in a box of the 9-box."""

    associate_id: int
    initials: str
    name: str
    period: str
    overall: int


@dataclass(frozen=True)
class NineBox:
    boxes: dict[tuple[str, str], list[Placed]]  # (performance, potential) -> associates
    unreviewed: list[str] = field(default_factory=list)  # "XX Name" of the active ones never reviewed

    def box(self, performance: str, potential: str) -> list[Placed]:
        return self.boxes.get((performance, potential), [])


def nine_box(session: Session, boutique_id: int) -> NineBox:
    """Every active associate placed by their latest review: performance × potential."""
    latest = latest_reviews(session, boutique_id)
    boxes: dict[tuple[str, str], list[Placed]] = {(p, q): [] for p in LEVELS for q in LEVELS}
    unreviewed = []
    for a in list_associates(session, boutique_id):
        assert a.id is not None
        review = latest.get(a.id)
        if review is None:
            unreviewed.append(f"{a.initials} {a.name}")
            continue
        boxes[(review.performance, review.potential)].append(
            Placed(a.id, a.initials, a.name, review.period, review.overall))
    for names in boxes.values():
        names.sort(key=lambda p: (-p.overall, p.initials))
    return NineBox(boxes, unreviewed)


@dataclass(frozen=True)
class Candidate:
    id: int
    associate_id: int
    initials: str
    name: str
    role: str  # their role today
    readiness: str
    flight_risk: str
    note: str

    @property
    def readiness_label(self) -> str:
        return READINESS_LABELS.get(self.readiness, self.readiness)


@dataclass(frozen=True)
class Slate:
    role: str
    candidates: list[Candidate]

    @property
    def ready_now(self) -> int:
        return sum(1 for c in self.candidates if c.readiness == Readiness.READY_NOW.value)


def slates(session: Session, boutique_id: int, settings: Settings) -> list[Slate]:
    """A slate per configured key role (then any other role with candidates), readiest first."""
    people = {a.id: a for a in list_associates(session, boutique_id, active_only=False)}
    by_role: dict[str, list[Candidate]] = {role: [] for role in settings.key_roles}
    query = select(SuccessionCandidate).where(SuccessionCandidate.boutique_id == boutique_id).order_by(
        col(SuccessionCandidate.id))
    for c in session.exec(query):
        who = people.get(c.associate_id)
        if who is None or not who.active or c.id is None:
            continue
        by_role.setdefault(c.role, []).append(Candidate(
            c.id, c.associate_id, who.initials, who.name, who.role, c.readiness, c.flight_risk, c.note))
    risk = {level.value: i for i, level in enumerate(Level)}
    for candidates in by_role.values():
        candidates.sort(key=lambda c: (READINESS.index(c.readiness) if c.readiness in READINESS else 9,
                                       risk.get(c.flight_risk, 9), c.initials))
    return [Slate(role, candidates) for role, candidates in by_role.items()]


def parse_role(value: str, settings: Settings) -> str:
    """A configured key role; its first letters are enough ('floor', 'sales m')."""
    typed = value.strip().casefold()
    roles = settings.key_roles
    exact = [r for r in roles if r.casefold() == typed]
    starts = [r for r in roles if r.casefold().startswith(typed)] if typed else []
    if exact or len(starts) == 1:
        return (exact or starts)[0]
    raise InputError(f"role: {value.strip()!r} is not one of the key roles ({', '.join(roles)})")


def set_candidate(
    session: Session, boutique_id: int, settings: Settings, *, role: str, associate_id: int,
    readiness: str, flight_risk: str, note: str = "",
) -> SuccessionCandidate:
    """Put an associate on a key role's slate, or update their readiness and flight risk."""
    name = parse_role(role, settings)
    _associate(session, boutique_id, associate_id)
    ready = parse_readiness(readiness)
    risk = parse_level(flight_risk, "flight risk")
    row = session.exec(select(SuccessionCandidate).where(
        SuccessionCandidate.boutique_id == boutique_id, SuccessionCandidate.role == name,
        SuccessionCandidate.associate_id == associate_id,
    )).first() or SuccessionCandidate(boutique_id=boutique_id, role=name, associate_id=associate_id,
                                      readiness=ready)
    row.readiness, row.flight_risk, row.note = ready, risk, note.strip()
    session.add(row)
    session.flush()
    return row



def remove_candidate(
    session: Session, boutique_id: int, settings: Settings, *, role: str, associate_id: int
) -> SuccessionCandidate:
    """Take an associate off a key role's slate (the change log keeps that they were on it)."""
    name = parse_role(role, settings)
    who = _associate(session, boutique_id, associate_id)
    row = session.exec(select(SuccessionCandidate).where(
        SuccessionCandidate.boutique_id == boutique_id, SuccessionCandidate.role == name,
        SuccessionCandidate.associate_id == associate_id,
    )).first()
    if row is None:
        raise InputError(f"slate: {who.initials} is not on the {name} slate")
    session.delete(row)
    session.flush()
    return row
