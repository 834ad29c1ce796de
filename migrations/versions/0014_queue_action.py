"""queue action: on SQLite the follow-up queue's index holds the action too

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 15:45:00

The queue read each kept follow-up's row only for its action: on the five-year store those rows
lie on hundreds of pages, most of what the queue's query spent. The index now holds the action
(a line of text; the index grows by about 3 MB on five years) and the queue is read from the
index alone. PostgreSQL keeps the index without it: an entry there holds at most about 2.7 kB,
and an action (a survey comment) may be longer.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUE = ['boutique_id', 'status', 'due', 'id', 'client_id', 'owner_id', 'kind']  # as in revision 0012


def upgrade() -> None:
    if op.get_context().dialect.name == 'sqlite':
        op.drop_index('ix_followup_queue', table_name='followup')
        op.create_index('ix_followup_queue', 'followup', [*QUEUE, 'action'], unique=False)


def downgrade() -> None:
    if op.get_context().dialect.name == 'sqlite':
        op.drop_index('ix_followup_queue', table_name='followup')
        op.create_index('ix_followup_queue', 'followup', QUEUE, unique=False)
