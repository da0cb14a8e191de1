"""goals are found by status, and a year's goals counted by area and status and its first
gaps found by priority, from one index in place of the index on status alone

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 22:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_goals_status", table_name="goals")
    op.create_index(
        "ix_goals_status_year",
        "goals",
        ["status", "school_year", "priority", "title", "id", "area"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_goals_status_year", table_name="goals")
    op.create_index("ix_goals_status", "goals", ["status", "id"], unique=False)
