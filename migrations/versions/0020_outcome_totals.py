"""each participant's answers per survey item and each person's rubric scores per
programme and dimension are kept summed, for the impact metrics; role assignments are
found by person and dates

Revision ID: 0020
Revises: 0017
Create Date: 2026-12-03 22:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWER_TOTALS = """
INSERT INTO mentoring_answer_totals (participant_id, item_id, answers, total, first_on, last_on)
SELECT r.participant_id, a.item_id, count(*), sum(a.score), min(r.responded_on),
    max(r.responded_on)
FROM mentoring_survey_answers a
JOIN mentoring_survey_responses r ON r.id = a.response_id
GROUP BY r.participant_id, a.item_id
ORDER BY r.participant_id, a.item_id
"""
GROWTH_TOTALS = """
INSERT INTO mentoring_growth_totals (participant_id, survey_id, pre_answers, pre_total,
    post_answers, post_total, post_first_on, post_last_on)
SELECT participant_id, survey_id,
    sum(CASE WHEN phase = 'pre' THEN growth_answers ELSE 0 END),
    sum(CASE WHEN phase = 'pre' THEN growth_total ELSE 0 END),
    sum(CASE WHEN phase = 'post' THEN growth_answers ELSE 0 END),
    sum(CASE WHEN phase = 'post' THEN growth_total ELSE 0 END),
    min(CASE WHEN phase = 'post' THEN responded_on END),
    max(CASE WHEN phase = 'post' THEN responded_on END)
FROM mentoring_survey_responses
WHERE growth_answers > 0 AND phase IN ('pre', 'post')
GROUP BY participant_id, survey_id
ORDER BY participant_id, survey_id
"""
SCORE_TOTALS = """
INSERT INTO mentoring_score_totals (person_id, program_id, dimension, pre_scores, pre_total,
    post_scores, post_total, post_first_on, post_last_on)
SELECT r.person_id, r.program_id, s.dimension,
    sum(CASE WHEN r.phase = 'pre' THEN 1 ELSE 0 END),
    sum(CASE WHEN r.phase = 'pre' THEN s.score ELSE 0 END),
    sum(CASE WHEN r.phase = 'post' THEN 1 ELSE 0 END),
    sum(CASE WHEN r.phase = 'post' THEN s.score ELSE 0 END),
    min(CASE WHEN r.phase = 'post' THEN r.reviewed_on END),
    max(CASE WHEN r.phase = 'post' THEN r.reviewed_on END)
FROM mentoring_review_scores s
JOIN mentoring_reviews r ON r.id = s.review_id
WHERE r.program_id IS NOT NULL AND r.phase IN ('pre', 'post')
GROUP BY r.person_id, r.program_id, s.dimension
ORDER BY r.person_id, r.program_id, s.dimension
"""


def upgrade() -> None:
    op.create_table(
        "mentoring_answer_totals",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("first_on", sa.Date(), nullable=False),
        sa.Column("last_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["mentoring_survey_items.id"],
            name=op.f("fk_mentoring_answer_totals_item_id_mentoring_survey_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["mentoring_participants.id"],
            name=op.f("fk_mentoring_answer_totals_participant_id_mentoring_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "participant_id", "item_id", name=op.f("pk_mentoring_answer_totals")
        ),
    )
    op.create_table(
        "mentoring_growth_totals",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("pre_answers", sa.Integer(), nullable=False),
        sa.Column("pre_total", sa.Integer(), nullable=False),
        sa.Column("post_answers", sa.Integer(), nullable=False),
        sa.Column("post_total", sa.Integer(), nullable=False),
        sa.Column("post_first_on", sa.Date(), nullable=True),
        sa.Column("post_last_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["mentoring_participants.id"],
            name=op.f("fk_mentoring_growth_totals_participant_id_mentoring_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["mentoring_surveys.id"],
            name=op.f("fk_mentoring_growth_totals_survey_id_mentoring_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "participant_id", "survey_id", name=op.f("pk_mentoring_growth_totals")
        ),
    )
    op.create_table(
        "mentoring_score_totals",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("dimension", sa.String(length=40), nullable=False),
        sa.Column("pre_scores", sa.Integer(), nullable=False),
        sa.Column("pre_total", sa.Integer(), nullable=False),
        sa.Column("post_scores", sa.Integer(), nullable=False),
        sa.Column("post_total", sa.Integer(), nullable=False),
        sa.Column("post_first_on", sa.Date(), nullable=True),
        sa.Column("post_last_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_mentoring_score_totals_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["mentoring_programs.id"],
            name=op.f("fk_mentoring_score_totals_program_id_mentoring_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "person_id", "program_id", "dimension", name=op.f("pk_mentoring_score_totals")
        ),
    )
    for table, column in (
        ("mentoring_answer_totals", "first_on"),
        ("mentoring_answer_totals", "last_on"),
        ("mentoring_growth_totals", "post_first_on"),
        ("mentoring_growth_totals", "post_last_on"),
        ("mentoring_score_totals", "post_first_on"),
        ("mentoring_score_totals", "post_last_on"),
    ):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)
    op.create_index(
        "ix_role_assignments_person_dates",
        "role_assignments",
        ["person_id", "start_date", "end_date"],
        unique=False,
    )
    # Filled in key order, as the services write each participant's or person's rows
    # together, so the planner reads a few participants' rows through the key.
    op.execute(ANSWER_TOTALS)
    op.execute(GROWTH_TOTALS)
    op.execute(SCORE_TOTALS)
    if op.get_bind().dialect.name == "postgresql":
        # Planned from statistics of the tables as filled, not as created empty, also
        # where autovacuum is off.
        op.execute(
            "ANALYZE mentoring_answer_totals, mentoring_growth_totals, mentoring_score_totals"
        )


def downgrade() -> None:
    op.drop_index("ix_role_assignments_person_dates", table_name="role_assignments")
    op.drop_table("mentoring_score_totals")
    op.drop_table("mentoring_growth_totals")
    op.drop_table("mentoring_answer_totals")
