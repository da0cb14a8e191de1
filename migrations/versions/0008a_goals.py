"""goals, their readings and alignments; the change feed's natural keys

Revision ID: 0008a
Revises: 0008
Create Date: 2026-12-03 13:21:44.227732
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008a"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("district_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=True),
        sa.Column("school_year", sa.String(length=7), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("area", sa.String(length=30), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("metric", sa.String(length=200), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column(
            "baseline_value", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=True
        ),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.Column(
            "target_value", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=True
        ),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("partner_ask", sa.Text(), nullable=True),
        sa.Column(
            "asked_services",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("rolled_over_from_id", sa.Uuid(), nullable=True),
        sa.Column(
            "latest_value", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=True
        ),
        sa.Column("last_measured_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("target_date >= baseline_date", name=op.f("ck_goals_dates_in_order")),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_goals_district_id_districts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_goals_owner_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["rolled_over_from_id"],
            ["goals.id"],
            name=op.f("fk_goals_rolled_over_from_id_goals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_goals_school_id_schools"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
        sa.UniqueConstraint("external_id", name=op.f("uq_goals_external_id")),
    )
    op.create_index(
        "ix_goals_district_year",
        "goals",
        ["district_id", "school_year", "area", "id"],
        unique=False,
    )
    op.create_index(
        "ix_goals_school_year",
        "goals",
        ["school_id", "school_year", "priority", "id"],
        unique=False,
    )
    op.create_index("ix_goals_status", "goals", ["status", "id"], unique=False)
    op.create_index(op.f("ix_goals_updated_at"), "goals", ["updated_at"], unique=False)
    op.create_index(
        "uq_goals_rolled_over_from",
        "goals",
        ["rolled_over_from_id"],
        unique=True,
        postgresql_where=sa.text("rolled_over_from_id IS NOT NULL"),
        sqlite_where=sa.text("rolled_over_from_id IS NOT NULL"),
    )
    op.create_table(
        "goal_alignments",
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("agreement_id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("contribution", sa.Text(), nullable=True),
        sa.Column("strength", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_goal_alignments_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_goal_alignments_goal_id_goals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["agreement_services.id"],
            name=op.f("fk_goal_alignments_service_id_agreement_services"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_alignments")),
        sa.UniqueConstraint("goal_id", "agreement_id", name="uq_goal_alignments_pair"),
    )
    op.create_index(
        "ix_goal_alignments_agreement", "goal_alignments", ["agreement_id", "goal_id"], unique=False
    )
    op.create_index(
        op.f("ix_goal_alignments_updated_at"), "goal_alignments", ["updated_at"], unique=False
    )
    op.create_table(
        "goal_measurements",
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_goal_measurements_goal_id_goals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_measurements")),
        sa.UniqueConstraint(
            "goal_id", "measured_on", "source", name="uq_goal_measurements_reading"
        ),
    )
    op.create_index(
        "ix_goal_measurements_goal_date",
        "goal_measurements",
        ["goal_id", "measured_on", "id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_goal_measurements_updated_at"), "goal_measurements", ["updated_at"], unique=False
    )
    # The change feed names each record's natural keys before and after its event.
    op.add_column(
        "events",
        sa.Column(
            "keys",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    op.drop_column("events", "keys")
    op.drop_index(op.f("ix_goal_measurements_updated_at"), table_name="goal_measurements")
    op.drop_index("ix_goal_measurements_goal_date", table_name="goal_measurements")
    op.drop_table("goal_measurements")
    op.drop_index(op.f("ix_goal_alignments_updated_at"), table_name="goal_alignments")
    op.drop_index("ix_goal_alignments_agreement", table_name="goal_alignments")
    op.drop_table("goal_alignments")
    op.drop_index(
        "uq_goals_rolled_over_from",
        table_name="goals",
        postgresql_where=sa.text("rolled_over_from_id IS NOT NULL"),
        sqlite_where=sa.text("rolled_over_from_id IS NOT NULL"),
    )
    op.drop_index(op.f("ix_goals_updated_at"), table_name="goals")
    op.drop_index("ix_goals_status", table_name="goals")
    op.drop_index("ix_goals_school_year", table_name="goals")
    op.drop_index("ix_goals_district_year", table_name="goals")
    op.drop_table("goals")
