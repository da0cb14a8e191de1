"""a match keeps its first check-in date and longest gap between check-ins; reviews
are found by person and programme

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-03 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite stores dates as text, so days between two of them go through julianday().
DAYS = {
    "postgresql": "held_on - lag(held_on) OVER (PARTITION BY match_id ORDER BY held_on)",
    "sqlite": "CAST(julianday(held_on) - julianday(lag(held_on) OVER "
    "(PARTITION BY match_id ORDER BY held_on)) AS INTEGER)",
}

BACKFILL = """
UPDATE mentoring_matches
SET check_in_count = s.n, first_check_in_on = s.first, last_check_in_on = s.last,
    longest_check_in_gap = s.longest_gap
FROM (
    SELECT match_id, count(*) AS n, min(held_on) AS first, max(held_on) AS last,
        max(gap) AS longest_gap
    FROM (SELECT match_id, held_on, {days} AS gap FROM mentoring_check_ins) AS gaps
    GROUP BY match_id
) AS s
WHERE s.match_id = mentoring_matches.id
"""


def upgrade() -> None:
    with op.batch_alter_table("mentoring_matches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_check_in_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("longest_check_in_gap", sa.Integer(), nullable=True))
    op.execute(BACKFILL.format(days=DAYS[op.get_bind().dialect.name]))
    with op.batch_alter_table("mentoring_reviews", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentoring_reviews_person_program", ["person_id", "program_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mentoring_reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_mentoring_reviews_person_program")
    with op.batch_alter_table("mentoring_matches", schema=None) as batch_op:
        batch_op.drop_column("longest_check_in_gap")
        batch_op.drop_column("first_check_in_on")
