"""Clients and their follow-ups."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from . import team  # noqa: F401  (what its foreign keys point to)


class Segment(StrEnum):
    VIC = "VIC"
    HIGH_JEWELRY = "HJ"
    REGULAR = "regular"
    PROSPECT = "prospect"


class FollowUpKind(StrEnum):
    THANK_YOU = "thank-you"
    AFTER_SALES = "after-sales"
    HJ_NEXT_STEP = "hj-next-step"
    BIRTHDAY = "birthday"
    EVENT = "event-invitation"
    RECOVERY = "satisfaction-recovery"
    ANNIVERSARY = "anniversary"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"
    MAIL = "mail"


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
    created_at: datetime
    erased_at: datetime | None = None  # personal data removed at the client's request

    @property
    def display_name(self) -> str:
        return client_name(self.title, self.first_name, self.last_name)


def client_name(title: str, first_name: str, last_name: str) -> str:
    """A client's name as shown: 'Mme Hélène Dubois'. Also for queries that read the three
    columns without loading the client (the panes' lists)."""
    return " ".join(p for p in (title, first_name, last_name) if p)


class FollowUp(SQLModel, table=True):
    """A dated action for a client, owned by an associate; `due` is a business day."""

    __table_args__ = (
        Index("ix_followup_boutique_status_due", "boutique_id", "status", "due"),
        UniqueConstraint("boutique_id", "rule_key"),
        # The recap: follow-ups done on a day, and created on a day.
        Index("ix_followup_boutique_status_done", "boutique_id", "status", "done_at"),
        Index("ix_followup_boutique_created", "boutique_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    client_id: int = Field(foreign_key="client.id", index=True)
    owner_id: int = Field(foreign_key="associate.id", index=True)
    kind: str = Field(max_length=24)
    action: str = Field(default="")  # the next action, in the manager's words
    due: date
    status: str = Field(default=FollowUpStatus.OPEN.value, max_length=12)
    outcome: str = Field(default="")
    cancel_reason: str = Field(default="")
    created_at: datetime
    done_at: datetime | None = None
    cancelled_at: datetime | None = None
    # Set when a rule of [followups] created it (e.g. "thank-you:R123"): a rule fires once.
    rule_key: str | None = Field(default=None, max_length=80)


class ClientConsent(SQLModel, table=True):
    """One recorded consent decision for one channel; the newest per channel is in force."""

    __table_args__ = (Index("ix_clientconsent_client_channel", "client_id", "channel", "recorded_at"),)

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
