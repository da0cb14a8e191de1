"""event indexes: each place an event row names, and the record it is about, in sequence order

The feed reads a caller's events as one select per kind of place, each walking its own
index from `after`, so a caller whose scope was quiet while others wrote does not filter
the whole log since its last event. A role assignment looks up the event that created its
person, to let that creation reach the assignment's place.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 00:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_district_seq', ['district_id', 'seq'], unique=False)
        batch_op.create_index('ix_events_partner_seq', ['partner_id', 'seq'], unique=False)
        batch_op.create_index('ix_events_resource_id_seq', ['resource_id', 'seq'], unique=False)
        batch_op.create_index('ix_events_school_seq', ['school_id', 'seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_school_seq')
        batch_op.drop_index('ix_events_resource_id_seq')
        batch_op.drop_index('ix_events_partner_seq')
        batch_op.drop_index('ix_events_district_seq')
