"""Reaching a client: the consent in force per channel, and the log of contacts."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel

from . import clients, team  # noqa: F401  (what its foreign keys point to)


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"
    MAIL = "mail"


class ClientConsent(SQLModel, table=True):
    """One recorded consent decision for one channel; the newest per channel is in force."""

    # The decision in force per client and channel, read from the index alone: its entries run
    # in the order that decides which decision is the newest (recorded_at, then id), so the
    # follow-up queue reads each of its hundreds of rows' channels with one lookup, no sorting.
    __table_args__ = (Index("ix_clientconsent_client_newest", "client_id", "channel", "recorded_at", "id",
                            "granted"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    client_id: int = Field(foreign_key="client.id")
    channel: str = Field(max_length=8)  # email | phone | sms | mail
    granted: bool
    recorded_at: datetime
    source: str = Field(default="", max_length=60)  # e.g. "in boutique", "CRM import", "web form"
    recorded_by: str = Field(default="", max_length=64)


class ClientContact(SQLModel, table=True):
    """One contact with a client (a call, a message, a visit): the last one feeds the
    portfolio and the over-solicitation guard."""

    __table_args__ = (Index("ix_clientcontact_client_at", "client_id", "contacted_at"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id", index=True)
    client_id: int = Field(foreign_key="client.id")
    associate_id: int | None = Field(default=None, foreign_key="associate.id")
    channel: str = Field(max_length=8)  # email | phone | sms | mail | visit
    contacted_at: datetime
    note: str = ""  # profiling data: erased with the client
