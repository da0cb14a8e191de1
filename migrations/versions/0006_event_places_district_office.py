"""event places: a place at a district's office, which its schools do not see

A person's events name the places of their role assignments. A district-level role
places them at the district, where only those granted the district see them; a place
naming a district alone otherwise reaches every school of it (a district-wide agreement).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('event_places', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('district_office', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('event_places', schema=None) as batch_op:
        batch_op.drop_column('district_office')
