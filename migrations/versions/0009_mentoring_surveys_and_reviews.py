"""mentoring surveys and reviews

Revision ID: 0009
Revises: 0008b
Create Date: 2026-12-03 13:21:44.227732
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mentoring_reviews",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=True),
        sa.Column("reviewer_id", sa.Uuid(), nullable=True),
        sa.Column("phase", sa.String(length=10), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_mentoring_reviews_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["mentoring_programs.id"],
            name=op.f("fk_mentoring_reviews_program_id_mentoring_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["people.id"],
            name=op.f("fk_mentoring_reviews_reviewer_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_reviews")),
    )
    op.create_index(
        "ix_mentoring_reviews_person",
        "mentoring_reviews",
        ["person_id", "phase", "reviewed_on"],
        unique=False,
    )
    op.create_index(
        "ix_mentoring_reviews_program", "mentoring_reviews", ["program_id", "phase"], unique=False
    )
    op.create_index(
        op.f("ix_mentoring_reviews_updated_at"), "mentoring_reviews", ["updated_at"], unique=False
    )
    op.create_table(
        "mentoring_surveys",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("program_id", sa.Uuid(), nullable=True),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["mentoring_programs.id"],
            name=op.f("fk_mentoring_surveys_program_id_mentoring_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_surveys")),
        sa.UniqueConstraint("external_id", name=op.f("uq_mentoring_surveys_external_id")),
    )
    op.create_index(
        op.f("ix_mentoring_surveys_program_id"), "mentoring_surveys", ["program_id"], unique=False
    )
    op.create_index(
        op.f("ix_mentoring_surveys_updated_at"), "mentoring_surveys", ["updated_at"], unique=False
    )
    op.create_table(
        "mentoring_review_scores",
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("dimension", sa.String(length=40), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "score BETWEEN 1 AND 5", name=op.f("ck_mentoring_review_scores_score_in_scale")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["mentoring_reviews.id"],
            name=op.f("fk_mentoring_review_scores_review_id_mentoring_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("review_id", "dimension", name=op.f("pk_mentoring_review_scores")),
    )
    op.create_table(
        "mentoring_survey_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("outcome_level", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["mentoring_surveys.id"],
            name=op.f("fk_mentoring_survey_items_survey_id_mentoring_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_survey_items")),
        sa.UniqueConstraint("survey_id", "position", name="uq_mentoring_survey_items_position"),
    )
    op.create_table(
        "mentoring_survey_responses",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("phase", sa.String(length=10), nullable=True),
        sa.Column("responded_on", sa.Date(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["mentoring_participants.id"],
            name=op.f("fk_mentoring_survey_responses_participant_id_mentoring_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["mentoring_programs.id"],
            name=op.f("fk_mentoring_survey_responses_program_id_mentoring_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["mentoring_surveys.id"],
            name=op.f("fk_mentoring_survey_responses_survey_id_mentoring_surveys"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_survey_responses")),
    )
    op.create_index(
        "ix_mentoring_survey_responses_participant",
        "mentoring_survey_responses",
        ["participant_id", "phase"],
        unique=False,
    )
    op.create_index(
        "ix_mentoring_survey_responses_survey",
        "mentoring_survey_responses",
        ["survey_id", "program_id", "responded_on"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mentoring_survey_responses_updated_at"),
        "mentoring_survey_responses",
        ["updated_at"],
        unique=False,
    )
    op.create_table(
        "mentoring_survey_answers",
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "score BETWEEN 1 AND 5", name=op.f("ck_mentoring_survey_answers_score_in_scale")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["mentoring_survey_items.id"],
            name=op.f("fk_mentoring_survey_answers_item_id_mentoring_survey_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["mentoring_survey_responses.id"],
            name=op.f("fk_mentoring_survey_answers_response_id_mentoring_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", "item_id", name=op.f("pk_mentoring_survey_answers")),
    )
    op.create_index(
        "ix_mentoring_survey_answers_item", "mentoring_survey_answers", ["item_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_mentoring_survey_answers_item", table_name="mentoring_survey_answers")
    op.drop_table("mentoring_survey_answers")
    op.drop_index(
        op.f("ix_mentoring_survey_responses_updated_at"), table_name="mentoring_survey_responses"
    )
    op.drop_index("ix_mentoring_survey_responses_survey", table_name="mentoring_survey_responses")
    op.drop_index(
        "ix_mentoring_survey_responses_participant", table_name="mentoring_survey_responses"
    )
    op.drop_table("mentoring_survey_responses")
    op.drop_table("mentoring_survey_items")
    op.drop_table("mentoring_review_scores")
    op.drop_index(op.f("ix_mentoring_surveys_updated_at"), table_name="mentoring_surveys")
    op.drop_index(op.f("ix_mentoring_surveys_program_id"), table_name="mentoring_surveys")
    op.drop_table("mentoring_surveys")
    op.drop_index(op.f("ix_mentoring_reviews_updated_at"), table_name="mentoring_reviews")
    op.drop_index("ix_mentoring_reviews_program", table_name="mentoring_reviews")
    op.drop_index("ix_mentoring_reviews_person", table_name="mentoring_reviews")
    op.drop_table("mentoring_reviews")
