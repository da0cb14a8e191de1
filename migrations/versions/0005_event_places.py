"""event places: every school (or whole district, or partner) an event belongs to

An agreement covers several schools or a whole district, but an event row names one
school; the feed reads these rows so every school's staff sees the agreement's events.
Events written before this revision keep only their row's place.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 23:45:52.447469
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('event_places',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('district_id', sa.Uuid(), nullable=True),
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('partner_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['seq'], ['events.seq'], name=op.f('fk_event_places_seq_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('seq', 'position', name=op.f('pk_event_places'))
    )
    with op.batch_alter_table('event_places', schema=None) as batch_op:
        batch_op.create_index('ix_event_places_district_seq', ['district_id', 'seq'], unique=False)
        batch_op.create_index('ix_event_places_partner_seq', ['partner_id', 'seq'], unique=False)
        batch_op.create_index('ix_event_places_school_seq', ['school_id', 'seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event_places', schema=None) as batch_op:
        batch_op.drop_index('ix_event_places_school_seq')
        batch_op.drop_index('ix_event_places_partner_seq')
        batch_op.drop_index('ix_event_places_district_seq')

    op.drop_table('event_places')
