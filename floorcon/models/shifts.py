"""When each associate is on the floor. Apart from the team's tables: a coaching note or a sale
saved from the shell needs the boutique and its associates, never the schedule."""

from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from . import team  # noqa: F401  (what its foreign keys point to)


class Shift(SQLModel, table=True):
    """An associate on the floor from `starts_at` to `ends_at` (UTC)."""

    __table_args__ = (Index("ix_shift_boutique_starts", "boutique_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id", index=True)
    associate_id: int = Field(foreign_key="associate.id", index=True)
    starts_at: datetime
    ends_at: datetime
