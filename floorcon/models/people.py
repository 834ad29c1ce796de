"""Developing the team: one-to-ones and their agreed actions, reviews, development and
performance plans with their goals and check-ins, and succession slates."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from . import team  # noqa: F401  (what its foreign keys point to)


class Level(StrEnum):
    """Performance and potential on the 9-box; flight risk on a slate."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class PlanKind(StrEnum):
    IDP = "idp"  # individual development plan
    PMP = "pmp"  # performance management plan


class PlanStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class PlanOutcome(StrEnum):
    """How a PMP ends (an IDP closes as completed)."""

    BACK_ON_STANDARD = "back-on-standard"
    EXTENDED = "extended"
    ENDED = "ended"
    COMPLETED = "completed"


class GoalStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    MISSED = "missed"


class Readiness(StrEnum):
    READY_NOW = "ready-now"
    ONE_TO_TWO = "1-2-years"
    THREE_PLUS = "3-plus-years"


class OneToOne(SQLModel, table=True):
    """A one-to-one with an associate: scheduled, then held. Notes in two parts: what is shared
    with the associate, and what stays private to the manager."""

    # The People line asks each associate's last one held (the end of their entries in the
    # second index) and the ones not held yet, the soonest first (the start of the third).
    __table_args__ = (Index("ix_onetoone_boutique_scheduled", "boutique_id", "scheduled_at"),
                      Index("ix_onetoone_associate_held", "boutique_id", "associate_id", "held_at"),
                      Index("ix_onetoone_boutique_held", "boutique_id", "held_at", "scheduled_at"))

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    associate_id: int = Field(foreign_key="associate.id", index=True)
    scheduled_at: datetime
    held_at: datetime | None = None
    shared_notes: str = ""
    private_notes: str = ""


class Action(SQLModel, table=True):
    """An action agreed (usually in a one-to-one), owned by an associate, followed until done."""

    __table_args__ = (Index("ix_action_boutique_due", "boutique_id", "done_at", "due"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    associate_id: int = Field(foreign_key="associate.id", index=True)  # the owner
    one_to_one_id: int | None = Field(default=None, foreign_key="onetoone.id", index=True)
    text: str
    due: date
    created_at: datetime
    done_at: datetime | None = None


class Review(SQLModel, table=True):
    """A review of one period: ratings (1-5) per configured competency, kept as JSON, an overall
    rating, and performance and potential for the 9-box."""

    # Each associate's latest review: the last of their entries (by day, then id) in the index.
    __table_args__ = (UniqueConstraint("boutique_id", "associate_id", "period"),
                      Index("ix_review_associate_reviewed", "boutique_id", "associate_id", "reviewed_on"))

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    associate_id: int = Field(foreign_key="associate.id", index=True)
    period: str = Field(max_length=32)  # e.g. "2026 H2"
    reviewed_on: date
    ratings: str = "{}"  # {"client experience": 4, ...}
    overall: int
    performance: str = Field(max_length=8)  # low | medium | high
    potential: str = Field(max_length=8)
    comment: str = ""


class DevelopmentPlan(SQLModel, table=True):
    """An IDP or a PMP: goals with a measure and a due day, check-ins, and (a PMP) an outcome."""

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    associate_id: int = Field(foreign_key="associate.id", index=True)
    kind: str = Field(max_length=4)  # idp | pmp
    title: str = Field(max_length=120)
    started_on: date
    ends_on: date | None = None
    status: str = Field(default=PlanStatus.OPEN.value, max_length=8)
    outcome: str = Field(default="", max_length=20)
    closed_on: date | None = None


class PlanGoal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    plan_id: int = Field(foreign_key="developmentplan.id", index=True)
    text: str
    measure: str = ""
    due: date
    status: str = Field(default=GoalStatus.OPEN.value, max_length=8)


class PlanCheckIn(SQLModel, table=True):
    """A dated note on a plan. A PMP checkpoint is planned first (`due`, no note yet), then held."""

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    plan_id: int = Field(foreign_key="developmentplan.id", index=True)
    due: date | None = None  # a planned checkpoint
    noted_at: datetime | None = None  # when it was held / written
    note: str = ""


class SuccessionCandidate(SQLModel, table=True):
    """One associate on the slate of one key role."""

    __table_args__ = (UniqueConstraint("boutique_id", "role", "associate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    role: str = Field(max_length=60)
    associate_id: int = Field(foreign_key="associate.id", index=True)
    readiness: str = Field(max_length=16)  # ready-now | 1-2-years | 3-plus-years
    flight_risk: str = Field(default=Level.LOW.value, max_length=8)
    note: str = ""
