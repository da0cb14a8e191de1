import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    Uuid,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, JSONDocument, UTCDateTime
from api.core.records import RecordMixin, new_id


class Partner(RecordMixin, Base):
    __tablename__ = "partners"
    __table_args__ = (Index("ix_partners_name", "name", "id"),)

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(10))
    focus_areas: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    status: Mapped[str] = mapped_column(String(20), default="prospective")
    ein: Mapped[str | None] = mapped_column(String(10), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class Agreement(RecordMixin, Base):
    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        # The expiring-soon worklist and the expiry rule read (status, end_date).
        Index("ix_agreements_status_end", "status", "end_date", "id"),
        Index("ix_agreements_end_date", "end_date", "id"),
        Index("ix_agreements_title", "title", "id"),
        # One live renewal per agreement; a withdrawn renewal frees the slot.
        Index(
            "uq_agreements_renews_id",
            "renews_id",
            unique=True,
            postgresql_where=sql("status <> 'withdrawn'"),
            sqlite_where=sql("status <> 'withdrawn'"),
        ),
    )

    partner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("partners.id", ondelete="RESTRICT"), index=True
    )
    # The district (LEA) that is party to the agreement: every school named is in
    # it, and a district-wide agreement (no schools named) covers all of them.
    district_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("districts.id", ondelete="RESTRICT"), index=True
    )
    district_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200))
    reference_code: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Stored: draft | proposed | active | terminated | withdrawn. `expired` is derived.
    status: Mapped[str] = mapped_column(String(20), default="draft")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    signed_date: Mapped[dt.date | None] = mapped_column(Date)
    document_url: Mapped[str | None] = mapped_column(String(500))
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    terminated_on: Mapped[dt.date | None] = mapped_column(Date)
    renews_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("agreements.id", ondelete="RESTRICT")
    )
    # The communication plan.
    cadence: Mapped[str | None] = mapped_column(String(20))
    channels: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    school_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    partner_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    escalation_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    next_meeting_date: Mapped[dt.date | None] = mapped_column(Date)
    # Kept by the interactions service in the writing transaction, so health and
    # the overdue share read one column instead of scanning every interaction.
    last_interaction_on: Mapped[dt.date | None] = mapped_column(Date)
    # Sums of the services and resources, written with them, so a rollup reads one
    # row per agreement instead of aggregating every item.
    students_target: Mapped[int] = mapped_column(Integer, default=0)
    funding_usd: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False), default=0)
    in_kind_usd: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False), default=0)
    volunteer_hours: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False), default=0)
    staff_hours: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False), default=0)


class AgreementSchool(Base):
    __tablename__ = "agreement_schools"
    __table_args__ = (Index("ix_agreement_schools_school", "school_id", "agreement_id"),)

    agreement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True
    )
    school_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("schools.id", ondelete="RESTRICT"), primary_key=True
    )


class AgreementService(Base):
    __tablename__ = "agreement_services"
    __table_args__ = (
        Index("ix_agreement_services_agreement", "agreement_id", "position"),
        Index("ix_agreement_services_category", "category", "agreement_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    agreement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreements.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    category: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(40))
    grade_levels: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    target_students: Mapped[int | None] = mapped_column(Integer)
    frequency: Mapped[str | None] = mapped_column(String(100))


class AgreementResource(Base):
    __tablename__ = "agreement_resources"
    __table_args__ = (Index("ix_agreement_resources_agreement", "agreement_id", "position"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    agreement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreements.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    type: Mapped[str] = mapped_column(String(20))
    # Exact in the database; read as a float so JSON carries a number.
    amount: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False))
    unit: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)


class Interaction(RecordMixin, Base):
    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_agreement_on", "agreement_id", "occurred_on", "id"),)

    agreement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreements.id", ondelete="RESTRICT")
    )
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str | None] = mapped_column(String(20))
    duration_minutes: Mapped[int | None] = mapped_column(SmallInteger)
    summary: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[list[str]] = mapped_column(JSONDocument, default=list)


class InteractionAttendee(Base):
    __tablename__ = "interaction_attendees"
    __table_args__ = (Index("ix_interaction_attendees_person", "person_id"),)

    interaction_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )


class ActionItem(RecordMixin, Base):
    __tablename__ = "action_items"
    __table_args__ = (
        Index("ix_action_items_interaction", "interaction_id"),
        # The worklist: someone's open items by due date.
        Index("ix_action_items_owner_open_due", "owner_id", "done", "due_date", "id"),
        Index("ix_action_items_agreement_open", "agreement_id", "done", "due_date"),
    )

    interaction_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("interactions.id", ondelete="CASCADE")
    )
    # Copied from the interaction so health and the worklist scope need no join.
    agreement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreements.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
