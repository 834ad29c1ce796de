"""The boutique and its team: who works here (when they are on the floor: shifts.py)."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel, UniqueConstraint


class Boutique(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=120)
    timezone: str = Field(max_length=64)
    currency: str = Field(max_length=3)
    created_at: datetime
    # The business day whose first-start upkeep (retention purge, follow-up rules) is done:
    # every terminal's first start of a day finds it here, so it runs once a day, not at each.
    upkeep_day: date | None = None


class Associate(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("boutique_id", "initials"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int = Field(foreign_key="boutique.id", index=True)
    initials: str = Field(max_length=4)
    first_name: str = Field(max_length=80)
    last_name: str = Field(max_length=80)
    role: str = Field(default="Sales Associate", max_length=60)
    # Comma-separated, e.g. "watches, high jewelry".
    specialties: str = Field(default="", max_length=200)
    languages: str = Field(default="", max_length=120)
    start_date: date | None = None
    active: bool = True

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

