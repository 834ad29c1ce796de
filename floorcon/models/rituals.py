"""What the manager's rituals keep: the day's summary, the focus story of the week, events,
client appointments and satisfaction scores."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from . import clienteling, clients, team  # noqa: F401  (what its foreign keys point to)


class DaySummary(SQLModel, table=True):
    """The manager's own words on a business day, sent with the recap."""

    __table_args__ = (UniqueConstraint("boutique_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    day: date
    text: str = ""
    updated_at: datetime
    author: str = Field(default="", max_length=64)


class FocusStory(SQLModel, table=True):
    """The story or product the team tells this week (a week starts on Monday)."""

    __table_args__ = (UniqueConstraint("boutique_id", "week_start"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    week_start: date
    title: str = Field(max_length=120)
    text: str = ""


class Event(SQLModel, table=True):
    """A boutique event: a private viewing, a launch, a trunk show."""

    __table_args__ = (Index("ix_event_boutique_starts", "boutique_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    title: str = Field(max_length=120)
    starts_at: datetime
    place: str = Field(default="", max_length=120)
    theme: str = Field(default="", max_length=120)
    partners: str = Field(default="", max_length=200)  # comma-separated


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    DONE = "done"
    NO_SHOW = "no-show"
    CANCELLED = "cancelled"


class Appointment(SQLModel, table=True):
    """A client expected in the boutique, with the associate who will receive them, what to
    prepare, the High Jewelry opportunity it serves (if any) and, once it has happened or been
    cancelled, what came of it."""

    __table_args__ = (Index("ix_appointment_boutique_starts", "boutique_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    client_id: int = Field(foreign_key="client.id", index=True)
    associate_id: int = Field(foreign_key="associate.id")
    starts_at: datetime
    purpose: str = ""
    status: str = Field(default=AppointmentStatus.BOOKED.value, max_length=12)
    prepare: str = ""  # the pieces to have ready on the tray
    opportunity_id: int | None = Field(default=None, foreign_key="hjopportunity.id")
    outcome: str = ""  # what came of the visit, why the client did not come, or why it was cancelled


class SatisfactionScore(SQLModel, table=True):
    """One answer from the Maison's survey programme (CER, FTR, CARE, …), on a 0-10 scale."""

    __table_args__ = (
        UniqueConstraint("boutique_id", "response_id"),
        Index("ix_satisfaction_boutique_received", "boutique_id", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    response_id: str = Field(max_length=40)  # the survey programme's own id: the import key
    measure: str = Field(max_length=16)
    score: float
    received_at: datetime
    associate_id: int | None = Field(default=None, foreign_key="associate.id", index=True)
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    comment: str = ""
