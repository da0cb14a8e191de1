"""a year's goals are counted by area and status, and its first gaps by priority found,
from one index

Revision ID: 0021
Revises: 0017
Create Date: 2026-12-03 22:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_goals_year_priority",
        "goals",
        ["school_year", "status", "priority", "title", "id", "area"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_goals_year_priority", table_name="goals")
