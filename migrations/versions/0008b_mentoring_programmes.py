"""mentoring programmes, participants, matches and check-ins

Revision ID: 0008b
Revises: 0008a
Create Date: 2026-12-03 13:21:44.227732
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008b"
down_revision: str | None = "0008a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mentoring_programs",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("district_id", sa.Uuid(), nullable=True),
        sa.Column("cadence_days", sa.SmallInteger(), nullable=False),
        sa.Column("target_caseload", sa.SmallInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_mentoring_programs_dates_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_mentoring_programs_district_id_districts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_mentoring_programs_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_programs")),
        sa.UniqueConstraint("external_id", name=op.f("uq_mentoring_programs_external_id")),
    )
    op.create_index(
        op.f("ix_mentoring_programs_district_id"),
        "mentoring_programs",
        ["district_id"],
        unique=False,
    )
    op.create_index(
        "ix_mentoring_programs_name", "mentoring_programs", ["name", "id"], unique=False
    )
    op.create_index(
        op.f("ix_mentoring_programs_updated_at"), "mentoring_programs", ["updated_at"], unique=False
    )
    op.create_table(
        "mentoring_participants",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=True),
        sa.Column("district_id", sa.Uuid(), nullable=True),
        sa.Column("staff_role", sa.String(length=40), nullable=True),
        sa.Column("supervisor_id", sa.Uuid(), nullable=True),
        sa.Column(
            "subjects",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "grade_levels",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("school_level", sa.String(length=20), nullable=True),
        sa.Column("locale_type", sa.String(length=20), nullable=True),
        sa.Column(
            "interests",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("years_experience", sa.SmallInteger(), nullable=True),
        sa.Column("capacity", sa.SmallInteger(), nullable=True),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("left_reason", sa.Text(), nullable=True),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_mentoring_participants_district_id_districts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_mentoring_participants_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["mentoring_programs.id"],
            name=op.f("fk_mentoring_participants_program_id_mentoring_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_mentoring_participants_school_id_schools"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["people.id"],
            name=op.f("fk_mentoring_participants_supervisor_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_participants")),
        sa.UniqueConstraint(
            "program_id", "person_id", "role", name="uq_mentoring_participants_role"
        ),
        sa.UniqueConstraint(
            "program_id", "role", "external_id", name="uq_mentoring_participants_external"
        ),
    )
    op.create_index(
        op.f("ix_mentoring_participants_district_id"),
        "mentoring_participants",
        ["district_id"],
        unique=False,
    )
    op.create_index(
        "ix_mentoring_participants_person", "mentoring_participants", ["person_id"], unique=False
    )
    op.create_index(
        "ix_mentoring_participants_program",
        "mentoring_participants",
        ["program_id", "role", "id"],
        unique=False,
    )
    op.create_index(
        "ix_mentoring_participants_school", "mentoring_participants", ["school_id"], unique=False
    )
    op.create_index(
        op.f("ix_mentoring_participants_updated_at"),
        "mentoring_participants",
        ["updated_at"],
        unique=False,
    )
    op.create_table(
        "mentoring_program_schools",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column(
            "needs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("cadence_days", sa.SmallInteger(), nullable=True),
        sa.Column(
            "caseload_weight", sa.Numeric(precision=4, scale=2, asdecimal=False), nullable=True
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["mentoring_programs.id"],
            name=op.f("fk_mentoring_program_schools_program_id_mentoring_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_mentoring_program_schools_school_id_schools"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_program_schools")),
        sa.UniqueConstraint("program_id", "school_id", name="uq_mentoring_program_schools_pair"),
    )
    op.create_index(
        "ix_mentoring_program_schools_school",
        "mentoring_program_schools",
        ["school_id", "program_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mentoring_program_schools_updated_at"),
        "mentoring_program_schools",
        ["updated_at"],
        unique=False,
    )
    op.create_table(
        "mentoring_matches",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("mentor_id", sa.Uuid(), nullable=False),
        sa.Column("mentee_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column(
            "focus_areas",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "goal_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("score", sa.Numeric(precision=6, scale=3, asdecimal=False), nullable=True),
        sa.Column("last_check_in_on", sa.Date(), nullable=True),
        sa.Column("check_in_count", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("source_stage", sa.String(length=60), nullable=True),
        sa.Column("source_program", sa.String(length=120), nullable=True),
        sa.Column(
            "source_length_months", sa.Numeric(precision=6, scale=2, asdecimal=False), nullable=True
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_mentoring_matches_dates_in_order"),
        ),
        sa.CheckConstraint("mentor_id <> mentee_id", name=op.f("ck_mentoring_matches_two_people")),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["mentoring_participants.id"],
            name=op.f("fk_mentoring_matches_mentee_id_mentoring_participants"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentoring_participants.id"],
            name=op.f("fk_mentoring_matches_mentor_id_mentoring_participants"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["mentoring_programs.id"],
            name=op.f("fk_mentoring_matches_program_id_mentoring_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_matches")),
        sa.UniqueConstraint("program_id", "external_id", name="uq_mentoring_matches_external"),
    )
    op.create_index("ix_mentoring_matches_mentee", "mentoring_matches", ["mentee_id"], unique=False)
    op.create_index(
        "ix_mentoring_matches_mentor", "mentoring_matches", ["mentor_id", "status"], unique=False
    )
    op.create_index(
        "ix_mentoring_matches_program",
        "mentoring_matches",
        ["program_id", "status", "id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mentoring_matches_updated_at"), "mentoring_matches", ["updated_at"], unique=False
    )
    op.create_index(
        "uq_mentoring_matches_open_mentee",
        "mentoring_matches",
        ["mentee_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('proposed', 'active')"),
        sqlite_where=sa.text("status IN ('proposed', 'active')"),
    )
    op.create_table(
        "mentoring_check_ins",
        sa.Column("match_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("minutes", sa.SmallInteger(), nullable=True),
        sa.Column("focus", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=True),
        sa.Column(
            "goal_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "minutes IS NULL OR minutes >= 0",
            name=op.f("ck_mentoring_check_ins_minutes_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["match_id"],
            ["mentoring_matches.id"],
            name=op.f("fk_mentoring_check_ins_match_id_mentoring_matches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["mentoring_programs.id"],
            name=op.f("fk_mentoring_check_ins_program_id_mentoring_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_check_ins")),
    )
    op.create_index(
        "ix_mentoring_check_ins_match",
        "mentoring_check_ins",
        ["match_id", "held_on", "id"],
        unique=False,
    )
    op.create_index(
        "ix_mentoring_check_ins_program",
        "mentoring_check_ins",
        ["program_id", "held_on"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mentoring_check_ins_updated_at"),
        "mentoring_check_ins",
        ["updated_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_mentoring_check_ins_updated_at"), table_name="mentoring_check_ins")
    op.drop_index("ix_mentoring_check_ins_program", table_name="mentoring_check_ins")
    op.drop_index("ix_mentoring_check_ins_match", table_name="mentoring_check_ins")
    op.drop_table("mentoring_check_ins")
    op.drop_index(
        "uq_mentoring_matches_open_mentee",
        table_name="mentoring_matches",
        postgresql_where=sa.text("status IN ('proposed', 'active')"),
        sqlite_where=sa.text("status IN ('proposed', 'active')"),
    )
    op.drop_index(op.f("ix_mentoring_matches_updated_at"), table_name="mentoring_matches")
    op.drop_index("ix_mentoring_matches_program", table_name="mentoring_matches")
    op.drop_index("ix_mentoring_matches_mentor", table_name="mentoring_matches")
    op.drop_index("ix_mentoring_matches_mentee", table_name="mentoring_matches")
    op.drop_table("mentoring_matches")
    op.drop_index(
        op.f("ix_mentoring_program_schools_updated_at"), table_name="mentoring_program_schools"
    )
    op.drop_index("ix_mentoring_program_schools_school", table_name="mentoring_program_schools")
    op.drop_table("mentoring_program_schools")
    op.drop_index(op.f("ix_mentoring_participants_updated_at"), table_name="mentoring_participants")
    op.drop_index("ix_mentoring_participants_school", table_name="mentoring_participants")
    op.drop_index("ix_mentoring_participants_program", table_name="mentoring_participants")
    op.drop_index("ix_mentoring_participants_person", table_name="mentoring_participants")
    op.drop_index(
        op.f("ix_mentoring_participants_district_id"), table_name="mentoring_participants"
    )
    op.drop_table("mentoring_participants")
    op.drop_index(op.f("ix_mentoring_programs_updated_at"), table_name="mentoring_programs")
    op.drop_index("ix_mentoring_programs_name", table_name="mentoring_programs")
    op.drop_index(op.f("ix_mentoring_programs_district_id"), table_name="mentoring_programs")
    op.drop_table("mentoring_programs")
