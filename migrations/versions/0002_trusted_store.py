"""trusted store

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 07:25:19.378976
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('changelog',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('table_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('fields', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_changelog_boutique_id_boutique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changelog'))
    )
    with op.batch_alter_table('changelog', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changelog_boutique_id'), ['boutique_id'], unique=False)
        batch_op.create_index('ix_changelog_record', ['table_name', 'row_id'], unique=False)

    op.create_table('clientconsent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('granted', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_clientconsent_boutique_id_boutique')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_clientconsent_client_id_client')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clientconsent'))
    )
    with op.batch_alter_table('clientconsent', schema=None) as batch_op:
        batch_op.create_index('ix_clientconsent_client_channel', ['client_id', 'channel', 'recorded_at'], unique=False)

    with op.batch_alter_table('client', schema=None) as batch_op:
        # Existing clients get empty profiling fields.
        batch_op.add_column(sa.Column('preferences', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('profile_updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('profile_updated_at')
        batch_op.drop_column('notes')
        batch_op.drop_column('preferences')

    with op.batch_alter_table('clientconsent', schema=None) as batch_op:
        batch_op.drop_index('ix_clientconsent_client_channel')

    op.drop_table('clientconsent')
    with op.batch_alter_table('changelog', schema=None) as batch_op:
        batch_op.drop_index('ix_changelog_record')
        batch_op.drop_index(batch_op.f('ix_changelog_boutique_id'))

    op.drop_table('changelog')

