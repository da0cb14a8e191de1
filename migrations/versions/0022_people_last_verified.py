"""the re-verification worklist (people sorted by when they were last verified, never
verified first) reads from an index

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 12:30:00.000000
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The very expression the list sorts by, the epoch written into the SQL as there.
NEVER_VERIFIED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    last_verified = sa.func.coalesce(
        sa.column("verified_at", TIMESTAMP),
        sa.literal(NEVER_VERIFIED, TIMESTAMP, literal_execute=True),
    )
    op.create_index("ix_people_last_verified", "people", [last_verified, sa.column("id")])


def downgrade() -> None:
    op.drop_index("ix_people_last_verified", table_name="people")
