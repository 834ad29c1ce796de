"""The radar's memory: an item the manager dismissed or acted on stays off the list that day."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from . import team  # noqa: F401  (what its foreign keys point to)


class RadarDismissal(SQLModel, table=True):
    """One radar item taken off the list for one business day (dismissed, or acted on)."""

    __tablename__ = "radar_dismissal"
    __table_args__ = (UniqueConstraint("boutique_id", "item_key", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id")
    item_key: str = Field(max_length=80)  # the rule and what it is about: "pace:3", "followup:41"
    day: date  # the business day it stays off, in the boutique's zone
    acted: bool = False  # True: acted on from the radar; False: dismissed
    at: datetime  # UTC
