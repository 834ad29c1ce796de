"""Clients: who they are, who looks after them, what they shared."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from . import team  # noqa: F401  (what its foreign keys point to)


class Segment(StrEnum):
    VIC = "VIC"
    HIGH_JEWELRY = "HJ"
    REGULAR = "regular"
    PROSPECT = "prospect"


class Client(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("boutique_id", "number"),
        Index("ix_client_boutique_segment", "boutique_id", "segment"),
    )

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    number: str = Field(max_length=32)  # the CRM's client number
    title: str = Field(default="", max_length=16)
    first_name: str = Field(default="", max_length=80)
    last_name: str = Field(max_length=80)
    segment: str = Field(default=Segment.REGULAR.value, max_length=16)
    owner_id: int | None = Field(default=None, foreign_key="associate.id", index=True)
    # Who steps in when the owner is away; a portfolio lists these clients apart.
    second_owner_id: int | None = Field(default=None, foreign_key="associate.id", index=True)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=160)
    language: str = Field(default="", max_length=8)
    birthday: date | None = None
    anniversary: date | None = None  # a wedding or a relationship date the client shared
    # Profiling data: purged after the retention period (privacy.retention_months).
    preferences: str = ""
    sizes: str = ""  # e.g. "ring 52, wrist 16 cm"
    notes: str = ""
    profile_updated_at: datetime | None = None
    # The channels an outreach may use, from the consent decisions in force ("email,phone", in
    # privacy.CHANNEL_ORDER): written by privacy.refresh_channels whenever a decision is, so a
    # list of clients (the follow-up queue) reads them as a column, not as lookups per row.
    channels: str = Field(default="", max_length=40)
    created_at: datetime
    erased_at: datetime | None = None  # personal data removed at the client's request

    @property
    def display_name(self) -> str:
        return client_name(self.title, self.first_name, self.last_name)


def client_name(title: str, first_name: str, last_name: str) -> str:
    """A client's name as shown: 'Mme Hélène Dubois'. Also for queries that read the three
    columns without loading the client (the panes' lists)."""
    return " ".join(filter(None, (title, first_name, last_name)))
