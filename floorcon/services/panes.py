"""What the three live panes show, as plain data: the dashboard's services read it
(`dashboard.read_panes`), the TUI only lays it out.

Nothing here loads the store layer: the console's first look (`firstlook.py`) reads the panes in
a second process while the console paints, and hands them over pickled; the console can take
them before it has loaded SQLAlchemy itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from . import figures as formula
from .figures import SalesFigures


@dataclass(frozen=True)
class TargetRow:
    """One line of the targets pane: an associate on the floor, or the boutique (id None)."""

    associate_id: int | None
    initials: str
    name: str
    target: int | None
    figures: SalesFigures
    visitors: int | None = None
    behind: bool = False

    @property
    def achievement(self) -> float | None:
        return formula.achievement(self.figures.net_sales, self.target)

    @property
    def atv(self) -> int | None:
        return formula.atv(self.figures)

    @property
    def upt(self) -> float | None:
        return formula.upt(self.figures)

    @property
    def capture_rate(self) -> float | None:
        return formula.capture_rate(self.figures)

    @property
    def conversion(self) -> float | None:
        return formula.conversion(self.figures, self.visitors)


@dataclass(frozen=True)
class TargetsPane:
    day: date
    boutique: TargetRow
    associates: list[TargetRow]
    pace: float  # share of the selling day already gone
    month_target: int | None
    month_to_date: int
    selling_days_left: int
    run_rate_needed: int | None

    @property
    def month_achievement(self) -> float | None:
        return formula.achievement(self.month_to_date, self.month_target)


@dataclass(frozen=True)
class Colleague:
    """An associate as a pane names them (not the store's row)."""

    id: int
    initials: str
    first_name: str
    last_name: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class NoteRow:
    id: int
    noted_at: datetime  # UTC
    initials: str
    associate: str
    moment: str
    kind: str
    text: str
    client: str = ""


@dataclass(frozen=True)
class CoachingPane:
    day: date
    notes: list[NoteRow]
    not_coached: list[Colleague] = field(default_factory=list)


@dataclass(slots=True)  # not frozen: a frozen one costs the queue's hundreds of rows ~1 ms to build
class FollowUpRow:
    id: int
    due: date
    days_late: int  # > 0 overdue, 0 due today, < 0 days ahead
    client_id: int
    client: str
    client_number: str
    segment: str
    owner_id: int
    owner: str
    kind: str
    action: str
    channels: tuple[str, ...] = ()  # channels the client consented to, for the outreach

    @property
    def bucket(self) -> str:
        return "overdue" if self.days_late > 0 else "today" if self.days_late == 0 else "upcoming"


DUE_BUCKETS = ("overdue", "today", "upcoming")


@dataclass(frozen=True)
class Panes:
    """The three panes from one read: the day's targets, the coaching notes, the follow-up queue."""

    targets: TargetsPane
    coaching: CoachingPane
    followups: list[FollowUpRow]
