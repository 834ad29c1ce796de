"""Sales lines, targets and door traffic: what the KPIs are computed from."""

from datetime import date, datetime

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from . import clients, team  # noqa: F401  (what its foreign keys point to)


class Target(SQLModel, table=True):
    """A number to reach for a metric over a period starting on `start` (a business day).

    `associate_id` None is the boutique's own target. Money metrics are in minor units.
    """

    __table_args__ = (
        UniqueConstraint("boutique_id", "associate_id", "metric", "period", "start"),
        Index("ix_target_lookup", "boutique_id", "period", "start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id", index=True)
    associate_id: int | None = Field(default=None, foreign_key="associate.id")
    metric: str = Field(default="net_sales", max_length=32)
    period: str = Field(max_length=8)  # day | week | month
    start: date
    value: int


class Sale(SQLModel, table=True):
    """One line of a receipt; a return is a line with negative amount and units."""

    __table_args__ = (
        UniqueConstraint("boutique_id", "receipt", "line"),
        # A range of lines by time answered from the index alone: the day's and month's figures.
        Index("ix_sale_boutique_sold_cover", "boutique_id", "sold_at", "associate_id", "receipt", "amount",
              "units", "client_id"),
        # No (associate, time) index: every figure by associate reads a time range of the one
        # above, and a second index on every line would cost each import (migration 0013).
        # A client's purchases in time order: first purchases (new clients), client history.
        Index("ix_sale_client_sold", "client_id", "sold_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    receipt: str = Field(max_length=40)
    line: int = 1
    sold_at: datetime
    associate_id: int = Field(foreign_key="associate.id")
    client_id: int | None = Field(default=None, foreign_key="client.id")
    amount: int  # minor units, negative for a return
    units: int = 1
    category: str = Field(default="", max_length=40)
    source: str = Field(default="manual", max_length=16)  # manual | pos | demo


class Traffic(SQLModel, table=True):
    """Visitors counted by the door counter in the hour starting at `hour_start` (UTC)."""

    __table_args__ = (UniqueConstraint("boutique_id", "hour_start"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    hour_start: datetime
    visitors: int
