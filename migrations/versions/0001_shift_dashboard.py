"""shift dashboard

Revision ID: 0001
Revises:
Create Date: 2026-11-25 06:50:30.835013
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('boutique',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_boutique')),
    sa.UniqueConstraint('code', name=op.f('uq_boutique_code'))
    )
    op.create_table('associate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('initials', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('specialties', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('languages', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_associate_boutique_id_boutique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_associate')),
    sa.UniqueConstraint('boutique_id', 'initials', name=op.f('uq_associate_boutique_id_initials'))
    )
    with op.batch_alter_table('associate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_associate_boutique_id'), ['boutique_id'], unique=False)

    op.create_table('traffic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('hour_start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('visitors', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_traffic_boutique_id_boutique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traffic')),
    sa.UniqueConstraint('boutique_id', 'hour_start', name=op.f('uq_traffic_boutique_id_hour_start'))
    )
    op.create_table('client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('segment', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_client_boutique_id_boutique')),
    sa.ForeignKeyConstraint(['owner_id'], ['associate.id'], name=op.f('fk_client_owner_id_associate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client')),
    sa.UniqueConstraint('boutique_id', 'number', name=op.f('uq_client_boutique_id_number'))
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index('ix_client_boutique_segment', ['boutique_id', 'segment'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_owner_id'), ['owner_id'], unique=False)

    op.create_table('shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('associate_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['associate_id'], ['associate.id'], name=op.f('fk_shift_associate_id_associate')),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_shift_boutique_id_boutique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift'))
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_associate_id'), ['associate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shift_boutique_id'), ['boutique_id'], unique=False)
        batch_op.create_index('ix_shift_boutique_starts', ['boutique_id', 'starts_at'], unique=False)

    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('associate_id', sa.Integer(), nullable=True),
    sa.Column('metric', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['associate_id'], ['associate.id'], name=op.f('fk_target_associate_id_associate')),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_target_boutique_id_boutique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target')),
    sa.UniqueConstraint('boutique_id', 'associate_id', 'metric', 'period', 'start', name=op.f('uq_target_boutique_id_associate_id_metric_period_start'))
    )
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_boutique_id'), ['boutique_id'], unique=False)
        batch_op.create_index('ix_target_lookup', ['boutique_id', 'period', 'start'], unique=False)

    op.create_table('coachingnote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('associate_id', sa.Integer(), nullable=False),
    sa.Column('noted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('moment', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('standard', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('next_action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['associate_id'], ['associate.id'], name=op.f('fk_coachingnote_associate_id_associate')),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_coachingnote_boutique_id_boutique')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_coachingnote_client_id_client')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coachingnote'))
    )
    with op.batch_alter_table('coachingnote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coachingnote_associate_id'), ['associate_id'], unique=False)
        batch_op.create_index('ix_coachingnote_boutique_noted', ['boutique_id', 'noted_at'], unique=False)

    op.create_table('followup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_followup_boutique_id_boutique')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_followup_client_id_client')),
    sa.ForeignKeyConstraint(['owner_id'], ['associate.id'], name=op.f('fk_followup_owner_id_associate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup'))
    )
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.create_index('ix_followup_boutique_status_due', ['boutique_id', 'status', 'due'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_owner_id'), ['owner_id'], unique=False)

    op.create_table('sale',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boutique_id', sa.Integer(), nullable=False),
    sa.Column('receipt', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('sold_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('associate_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['associate_id'], ['associate.id'], name=op.f('fk_sale_associate_id_associate')),
    sa.ForeignKeyConstraint(['boutique_id'], ['boutique.id'], name=op.f('fk_sale_boutique_id_boutique')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_sale_client_id_client')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sale')),
    sa.UniqueConstraint('boutique_id', 'receipt', 'line', name=op.f('uq_sale_boutique_id_receipt_line'))
    )
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.create_index('ix_sale_associate_sold', ['associate_id', 'sold_at'], unique=False)
        batch_op.create_index('ix_sale_boutique_sold', ['boutique_id', 'sold_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sale_client_id'), ['client_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_client_id'))
        batch_op.drop_index('ix_sale_boutique_sold')
        batch_op.drop_index('ix_sale_associate_sold')

    op.drop_table('sale')
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_owner_id'))
        batch_op.drop_index(batch_op.f('ix_followup_client_id'))
        batch_op.drop_index('ix_followup_boutique_status_due')

    op.drop_table('followup')
    with op.batch_alter_table('coachingnote', schema=None) as batch_op:
        batch_op.drop_index('ix_coachingnote_boutique_noted')
        batch_op.drop_index(batch_op.f('ix_coachingnote_associate_id'))

    op.drop_table('coachingnote')
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_index('ix_target_lookup')
        batch_op.drop_index(batch_op.f('ix_target_boutique_id'))

    op.drop_table('target')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_boutique_starts')
        batch_op.drop_index(batch_op.f('ix_shift_boutique_id'))
        batch_op.drop_index(batch_op.f('ix_shift_associate_id'))

    op.drop_table('shift')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_owner_id'))
        batch_op.drop_index('ix_client_boutique_segment')

    op.drop_table('client')
    op.drop_table('traffic')
    with op.batch_alter_table('associate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_associate_boutique_id'))

    op.drop_table('associate')
    op.drop_table('boutique')

