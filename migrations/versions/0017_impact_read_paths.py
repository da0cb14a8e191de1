"""each survey response keeps the sum and count of its answers to growth items; a
review's scores are read from an index alone

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-03 18:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROWTH_ANSWERS = """
    FROM mentoring_survey_answers a
    JOIN mentoring_survey_items i ON i.id = a.item_id
    WHERE a.response_id = mentoring_survey_responses.id AND i.outcome_level = 'growth'
"""
BACKFILL = f"""
UPDATE mentoring_survey_responses
SET growth_total = (SELECT coalesce(sum(a.score), 0) {GROWTH_ANSWERS}),
    growth_answers = (SELECT count(*) {GROWTH_ANSWERS})
"""


def upgrade() -> None:
    with op.batch_alter_table("mentoring_survey_responses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("growth_total", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("growth_answers", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(BACKFILL)
    with op.batch_alter_table("mentoring_review_scores", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentoring_review_scores_review_score",
            ["review_id", "dimension", "score"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("mentoring_review_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_mentoring_review_scores_review_score")
    with op.batch_alter_table("mentoring_survey_responses", schema=None) as batch_op:
        batch_op.drop_column("growth_answers")
        batch_op.drop_column("growth_total")
