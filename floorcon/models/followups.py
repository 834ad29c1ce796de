"""Follow-ups: a dated action for a client, owned by an associate."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from . import clients, only_on, team  # noqa: F401  (clients, team: what its foreign keys point to)

# The follow-up queue: open ones by due day, in the pane's order, with what it joins and shows.
QUEUE = ("boutique_id", "status", "due", "id", "client_id", "owner_id", "kind")


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


class FollowUp(SQLModel, table=True):
    """A dated action for a client, owned by an associate; `due` is a business day."""

    __table_args__ = (
        # On SQLite the queue's index holds the action too, so the queue reads no follow-up row
        # (their pages are what the queue's reads spent most on). Not on PostgreSQL: an index entry
        # there holds at most about 2.7 kB, and an action (a survey comment) may be longer.
        only_on("sqlite", Index("ix_followup_queue", *QUEUE, "action")),
        only_on("postgresql", Index("ix_followup_queue", *QUEUE)),
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
