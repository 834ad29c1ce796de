"""rituals

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 07:46:16.323299
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('daysummary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_daysummary_boutique_id_boutique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_daysummary')),
    sa.UniqueConstraint('boutique_id', 'day', name=op.f('uq_daysummary_boutique_id_day'))
    )
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_event_boutique_id_boutique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_boutique_starts', ['boutique_id', 'starts_at'], unique=False)

    op.create_table('focusstory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_focusstory_boutique_id_boutique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focusstory')),
    sa.UniqueConstraint('boutique_id', 'week_start', name=op.f('uq_focusstory_boutique_id_week_start'))
    )
    op.create_table('appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('associate_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.ForeignKeyConstraint(['associate_id'], ['associate.id'], name=op.f('fk_appointment_associate_id_associate')),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_appointment_boutique_id_boutique')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_appointment_client_id_client')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment'))
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_boutique_starts', ['boutique_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointment_client_id'), ['client_id'], unique=False)

    op.create_table('satisfactionscore',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('associate_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['associate_id'], ['associate.id'], name=op.f('fk_satisfactionscore_associate_id_associate')),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_satisfactionscore_boutique_id_boutique')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_satisfactionscore_client_id_client')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_satisfactionscore')),
    sa.UniqueConstraint('boutique_id', 'response_id', name=op.f('uq_satisfactionscore_boutique_id_response_id'))
    )
    with op.batch_alter_table('satisfactionscore', schema=None) as batch_op:
        batch_op.create_index('ix_satisfaction_boutique_received', ['boutique_id', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_satisfactionscore_associate_id'), ['associate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_satisfactionscore_client_id'), ['client_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('satisfactionscore', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_satisfactionscore_client_id'))
        batch_op.drop_index(batch_op.f('ix_satisfactionscore_associate_id'))
        batch_op.drop_index('ix_satisfaction_boutique_received')

    op.drop_table('satisfactionscore')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointment_client_id'))
        batch_op.drop_index('ix_appointment_boutique_starts')

    op.drop_table('appointment')
    op.drop_table('focusstory')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_boutique_starts')

    op.drop_table('event')
    op.drop_table('daysummary')

