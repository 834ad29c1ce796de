"""Long-term client work: High Jewelry opportunities, clienteling plans and their actions,
event invitations, and the log of local partnerships and community actions."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from . import clients, followups, rituals, team  # noqa: F401  (what its foreign keys point to)


class HJStage(StrEnum):
    INTEREST = "interest"
    DESIGN = "design"
    PROPOSAL = "proposal"
    ORDER = "order"
    DELIVERED = "delivered"
    LOST = "lost"


class HJOpportunity(SQLModel, table=True):
    """A High Jewelry piece a client may commission or buy, from first interest to delivery.

    `followup_id` is the follow-up its current next step created, so a step is followed up once.
    """

    __table_args__ = (Index("ix_hjopportunity_boutique_stage", "boutique_id", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    client_id: int = Field(foreign_key="client.id", index=True)
    owner_id: int = Field(foreign_key="associate.id")
    stage: str = Field(default=HJStage.INTEREST.value, max_length=12)
    estimate: int = 0  # minor units
    piece: str = Field(default="", max_length=160)
    next_step: str = ""
    next_step_due: date | None = None
    followup_id: int | None = Field(default=None, foreign_key="followup.id")
    created_at: datetime
    updated_at: datetime


class ClientelingPlan(SQLModel, table=True):
    """An outreach campaign (holiday gifting, a collection launch) and how it picked clients.

    The selection is kept as typed so the plan can say why each client is in it.
    """

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id", index=True)
    name: str = Field(max_length=120)
    starts: date
    ends: date
    attribution_days: int
    segments: str = Field(default="", max_length=60)  # comma-separated; empty: every segment
    owned: str = Field(default="", max_length=40)  # a category the client has bought
    not_owned: str = Field(default="", max_length=40)  # a category the client has never bought
    bought_after: date | None = None  # last purchase on or after
    bought_before: date | None = None  # last purchase before
    owner_id: int | None = Field(default=None, foreign_key="associate.id")
    created_at: datetime
    created_by: str = Field(default="", max_length=64)


class ActionStatus(StrEnum):
    PENDING = "to do"  # stored as "to do"
    DONE = "done"


class ClientelingAction(SQLModel, table=True):
    """One client to contact for a plan, by their associate, on a channel they consented to."""

    __table_args__ = (UniqueConstraint("plan_id", "client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    plan_id: int = Field(foreign_key="clientelingplan.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    associate_id: int = Field(foreign_key="associate.id")
    channels: str = Field(max_length=40)  # the consented channels when the plan was made
    status: str = Field(default=ActionStatus.PENDING.value, max_length=8)
    channel: str = Field(default="", max_length=8)  # the one used
    outcome: str = ""
    done_at: datetime | None = None


class InvitationStatus(StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    ATTENDED = "attended"
    NO_SHOW = "no-show"


class Invitation(SQLModel, table=True):
    """A client on an event's guest list, and whether they came."""

    __table_args__ = (UniqueConstraint("event_id", "client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    event_id: int = Field(foreign_key="event.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    associate_id: int | None = Field(default=None, foreign_key="associate.id")
    status: str = Field(default=InvitationStatus.INVITED.value, max_length=12)
    updated_at: datetime


class CommunityAction(SQLModel, table=True):
    """A local partnership or community action: the boutique's ambassadorship, logged."""

    __table_args__ = (Index("ix_communityaction_boutique_day", "boutique_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    day: date
    partner: str = Field(max_length=120)
    what: str
    outcome: str = ""
    created_at: datetime
