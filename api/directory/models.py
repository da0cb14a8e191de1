import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    Uuid,
    func,
    literal,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, JSONDocument, UTCDateTime
from api.core.records import RecordMixin


class District(RecordMixin, Base):
    __tablename__ = "districts"
    __table_args__ = (Index("ix_districts_state_name", "state", "name", "id"),)

    name: Mapped[str] = mapped_column(String(200))
    nces_leaid: Mapped[str | None] = mapped_column(String(7), unique=True)
    state_district_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(2))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    zip: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    agency_type: Mapped[str | None] = mapped_column(String(80))
    locale_code: Mapped[int | None] = mapped_column(SmallInteger)
    # OneRoster `sourcedId` and `dateLastModified` of the org this district came from.
    oneroster_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    oneroster_modified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class School(RecordMixin, Base):
    __tablename__ = "schools"
    __table_args__ = (
        # The directory's hot query: a state's schools of one level, by name.
        Index("ix_schools_state_level_name", "state", "level", "name", "id"),
        Index("ix_schools_name", "name", "id"),
        Index("ix_schools_locale_type", "locale_type"),
        CheckConstraint("locale_code BETWEEN 11 AND 43", name="locale_code_range"),
    )

    name: Mapped[str] = mapped_column(String(200))
    district_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("districts.id", ondelete="RESTRICT"), index=True
    )
    nces_id: Mapped[str | None] = mapped_column(String(12), unique=True)
    state_school_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    level: Mapped[str] = mapped_column(String(20))
    grade_low: Mapped[str | None] = mapped_column(String(2))
    grade_high: Mapped[str | None] = mapped_column(String(2))
    grade_low_rank: Mapped[int | None] = mapped_column(SmallInteger)
    grade_high_rank: Mapped[int | None] = mapped_column(SmallInteger)
    locale_code: Mapped[int | None] = mapped_column(SmallInteger)
    locale_type: Mapped[str | None] = mapped_column(String(10))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="open")
    is_charter: Mapped[bool | None] = mapped_column(Boolean)
    is_magnet: Mapped[bool | None] = mapped_column(Boolean)
    is_title_i: Mapped[bool | None] = mapped_column(Boolean)
    enrollment: Mapped[int | None] = mapped_column(Integer)
    oneroster_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    oneroster_modified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Person(RecordMixin, Base):
    __tablename__ = "people"
    __table_args__ = (Index("ix_people_family_given", "family_name", "given_name", "id"),)

    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    social_handles: Mapped[dict[str, str]] = mapped_column(JSONDocument, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    verified_by: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    sis_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # A person imported from OneRoster keeps its `sourcedId` in `sis_id`.
    oneroster_modified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


# The re-verification worklist's order, most overdue first. Never verified counts as verified
# at the epoch: a keyset compares no NULLs, and SQLite and PostgreSQL would put them at
# opposite ends. The epoch is written into the SQL, not bound, so both databases match the
# expression to its index.
NEVER_VERIFIED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LAST_VERIFIED = func.coalesce(
    Person.verified_at, literal(NEVER_VERIFIED, Person.verified_at.type, literal_execute=True)
)
Index("ix_people_last_verified", LAST_VERIFIED, Person.id)


class RoleAssignment(RecordMixin, Base):
    __tablename__ = "role_assignments"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN school_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN district_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN partner_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_place",
        ),
        Index("ix_role_assignments_school_role", "school_id", "role"),
        Index("ix_role_assignments_partner_role", "partner_id", "role"),
        # Whether someone held a post on a given day, read from the index alone (the
        # mentoring retention figures).
        Index("ix_role_assignments_person_dates", "person_id", "start_date", "end_date"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("schools.id", ondelete="CASCADE")
    )
    district_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("districts.id", ondelete="CASCADE"), index=True
    )
    # A partner organisation's staff and volunteers (the partners area owns that table).
    partner_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("partners.id", ondelete="CASCADE")
    )
    role: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    subjects: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    grade_levels: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    # The OneRoster role's `sourcedId` (1.2 roles.csv; made up from user and org for 1.1).
    oneroster_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    oneroster_modified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
