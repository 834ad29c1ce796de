"""sale lines: without the (associate, time) index

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 11:20:00

Every figure by associate (the targets pane, the recap, an associate's file, the team's
figures) reads a range of days through the (boutique, time) index that carries the associate,
and never used the (associate, time) one. Only the export of one associate's data did; it now
passes over the boutique's lines instead, a rare request slower by a fraction of a second on
five years. The index cost every sale line written: about a fifth of a 100,000-line import.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_sale_associate_sold', table_name='sale')


def downgrade() -> None:
    op.create_index('ix_sale_associate_sold', 'sale', ['associate_id', 'sold_at'], unique=False)
