"""speed: indexes that answer the panes, the recap and the radar; the day of the daily upkeep

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 04:05:00

The targets pane, the month to date, the recap's sparklines and hourly chart read a range of
sale lines by time and sum them: with the associate, receipt, amount, units and client in the
index itself, SQLite answers from the index alone instead of fetching every line from the table
(a month's sum about three times faster on the five-year store). The radar's "not coached
for N days" asks each associate's latest note: (associate_id, noted_at) answers it with one
index lookup instead of grouping every note ever written. The consents' index carries the
decision, so the follow-up queue's channels are read from it alone. `boutique.upkeep_day` keeps the
business day whose first-start upkeep (retention purge, follow-up rules) is done, so later
starts skip it. No table is rebuilt.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVER = ['boutique_id', 'sold_at', 'associate_id', 'receipt', 'amount', 'units', 'client_id']


def upgrade() -> None:
    op.add_column('boutique', sa.Column('upkeep_day', sa.Date(), nullable=True))
    op.create_index('ix_sale_boutique_sold_cover', 'sale', COVER, unique=False)
    op.drop_index('ix_sale_boutique_sold', table_name='sale')  # a prefix of the new one
    op.create_index('ix_coachingnote_associate_noted', 'coachingnote', ['associate_id', 'noted_at'],
                    unique=False)
    op.drop_index('ix_coachingnote_associate_id', table_name='coachingnote')
    op.create_index('ix_clientconsent_client_decision', 'clientconsent',
                    ['client_id', 'channel', 'recorded_at', 'granted'], unique=False)
    op.drop_index('ix_clientconsent_client_channel', table_name='clientconsent')


def downgrade() -> None:
    op.create_index('ix_clientconsent_client_channel', 'clientconsent', ['client_id', 'channel', 'recorded_at'],
                    unique=False)
    op.drop_index('ix_clientconsent_client_decision', table_name='clientconsent')
    with op.batch_alter_table('boutique') as batch:
        batch.drop_column('upkeep_day')
    op.create_index('ix_coachingnote_associate_id', 'coachingnote', ['associate_id'], unique=False)
    op.drop_index('ix_coachingnote_associate_noted', table_name='coachingnote')
    op.create_index('ix_sale_boutique_sold', 'sale', ['boutique_id', 'sold_at'], unique=False)
    op.drop_index('ix_sale_boutique_sold_cover', table_name='sale')
