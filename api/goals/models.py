import datetime as dt
import uuid

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, JSONDocument
from api.core.records import RecordMixin

# Readings and targets: wide enough for counts and rates alike, read back as floats.
Figure = Numeric(18, 4, asdecimal=False)


class Goal(RecordMixin, Base):
    """A school's (or, with no school, a district's) goal for one school year."""

    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint("target_date >= baseline_date", name="dates_in_order"),
        Index("ix_goals_school_year", "school_id", "school_year", "priority", "id"),
        Index("ix_goals_district_year", "district_id", "school_year", "area", "id"),
        # By status, and a year's goals by status and priority: coverage counts and the
        # first gaps are read from the index alone.
        Index(
            "ix_goals_status_year",
            "status",
            "school_year",
            "priority",
            "title",
            "id",
            "area",
        ),
        # Rollover copies a goal once: the copy names the goal it continues.
        Index(
            "uq_goals_rolled_over_from",
            "rolled_over_from_id",
            unique=True,
            postgresql_where=sql("rolled_over_from_id IS NOT NULL"),
            sqlite_where=sql("rolled_over_from_id IS NOT NULL"),
        ),
    )

    # Always set: a school goal carries its school's district, so district scope and
    # district rollups read one column.
    district_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("districts.id", ondelete="RESTRICT")
    )
    school_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("schools.id", ondelete="RESTRICT")
    )
    school_year: Mapped[str] = mapped_column(String(7))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    area: Mapped[str] = mapped_column(String(30))
    priority: Mapped[int | None] = mapped_column(SmallInteger)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    # SMART: what is measured, from where to where, by when.
    metric: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    baseline_value: Mapped[float | None] = mapped_column(Figure)
    baseline_date: Mapped[dt.date | None] = mapped_column(Date)
    target_value: Mapped[float | None] = mapped_column(Figure)
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    direction: Mapped[str] = mapped_column(String(10), default="increase")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # What the school asks of partners for this goal.
    partner_ask: Mapped[str | None] = mapped_column(Text)
    asked_services: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    rolled_over_from_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("goals.id", ondelete="SET NULL")
    )
    # The latest reading, kept by the measurements service in the writing
    # transaction, so progress and on-track read the goal row alone.
    latest_value: Mapped[float | None] = mapped_column(Figure)
    last_measured_on: Mapped[dt.date | None] = mapped_column(Date)


class Measurement(RecordMixin, Base):
    __tablename__ = "goal_measurements"
    __table_args__ = (
        Index("ix_goal_measurements_goal_date", "goal_id", "measured_on", "id"),
        # A reading is one value per goal, date and source: an import run twice
        # changes nothing the second time.
        UniqueConstraint("goal_id", "measured_on", "source", name="uq_goal_measurements_reading"),
    )

    goal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("goals.id", ondelete="CASCADE"))
    measured_on: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Figure)
    # Empty string, not NULL, when unnamed, so the reading's key stays unique in SQL.
    source: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str | None] = mapped_column(Text)


class Alignment(RecordMixin, Base):
    """Which agreement (optionally which of its services) supports which goal."""

    __tablename__ = "goal_alignments"
    __table_args__ = (
        UniqueConstraint("goal_id", "agreement_id", name="uq_goal_alignments_pair"),
        Index("ix_goal_alignments_agreement", "agreement_id", "goal_id"),
    )

    goal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("goals.id", ondelete="CASCADE"))
    agreement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreements.id", ondelete="CASCADE")
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("agreement_services.id", ondelete="SET NULL")
    )
    contribution: Mapped[str | None] = mapped_column(Text)
    strength: Mapped[str] = mapped_column(String(20), default="supporting")
