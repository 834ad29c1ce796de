"""Coaching notes: what the manager saw on the floor, tied to a moment of the sale."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel

from . import clients, team  # noqa: F401  (what its foreign keys point to)


class Moment(StrEnum):
    WELCOME = "welcome"
    DISCOVERY = "discovery"
    STORYTELLING = "storytelling"
    OBJECTION = "objection"
    CLOSING = "closing"
    AFTER_SALES = "after-sales"
    CLIENTELING = "clienteling"


class NoteKind(StrEnum):
    RECOGNITION = "recognition"
    DEVELOPMENT = "development"
    OBSERVATION = "observation"


class CoachingNote(SQLModel, table=True):
    __table_args__ = (
        Index("ix_coachingnote_boutique_noted", "boutique_id", "noted_at"),
        # An associate's notes in time order: their latest note is one index lookup.
        Index("ix_coachingnote_associate_noted", "associate_id", "noted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    associate_id: int = Field(foreign_key="associate.id")
    noted_at: datetime
    moment: str = Field(max_length=16)
    kind: str = Field(max_length=16)
    text: str
    client_id: int | None = Field(default=None, foreign_key="client.id")
    standard: str = Field(default="", max_length=80)
    next_action: str = Field(default="")
    author: str = Field(default="", max_length=16)
