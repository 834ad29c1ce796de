"""indexes: composite indexes matching the recap's and the new-client figure's queries

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 21:54:12.800056

Index changes only (no table is rebuilt), so upgrading a five-year store takes seconds.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_followup_boutique_created', 'followup', ['boutique_id', 'created_at'], unique=False)
    op.create_index('ix_followup_boutique_status_done', 'followup', ['boutique_id', 'status', 'done_at'],
                    unique=False)
    # (client_id, sold_at) serves every lookup the single-column index did, and first purchases.
    op.drop_index('ix_sale_client_id', table_name='sale')
    op.create_index('ix_sale_client_sold', 'sale', ['client_id', 'sold_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_sale_client_sold', table_name='sale')
    op.create_index('ix_sale_client_id', 'sale', ['client_id'], unique=False)
    op.drop_index('ix_followup_boutique_status_done', table_name='followup')
    op.drop_index('ix_followup_boutique_created', table_name='followup')
