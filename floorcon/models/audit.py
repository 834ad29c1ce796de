"""The change log: who changed what, when. Field names only, never values, so the log itself
holds no personal data."""

from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from . import team  # noqa: F401  (what its foreign keys point to)


class ChangeLog(SQLModel, table=True):
    __table_args__ = (Index("ix_changelog_record", "table_name", "row_id"),)

    id: int | None = Field(default=None, primary_key=True)
    boutique_id: int | None = Field(default=None, foreign_key="boutique.id", index=True)
    changed_at: datetime
    actor: str = Field(max_length=64)  # configured initials, else the OS user
    table_name: str = Field(max_length=40)
    row_id: int
    action: str = Field(max_length=8)  # create | update | delete
    fields: str = ""  # comma-separated names of the fields written
