"""Webhook subscriptions, their outbox of deliveries, and each delivery's attempts."""

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, JSONDocument, UTCDateTime, utcnow
from api.core.records import RecordMixin, new_id

MAX_URL_LENGTH = 2000
MAX_REASON_LENGTH = 500


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for its turn, being sent, or waiting to be retried
    delivered = "delivered"
    failed = "failed"  # given up after the retry window


class OwnerKind(StrEnum):
    user = "user"
    client = "client"


class WebhookSubscription(RecordMixin, Base):
    __tablename__ = "webhook_subscriptions"
    __table_args__ = (Index("ix_webhook_subscriptions_owner", "owner_kind", "owner_id"),)

    # Who made it: it receives what their scope reads, as it is when each event is written.
    owner_kind: Mapped[str] = mapped_column(String(10))
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    url: Mapped[str] = mapped_column(String(MAX_URL_LENGTH))
    event_types: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    description: Mapped[str | None] = mapped_column(String(200))
    # The signing secret, sealed with the server's key: signing needs it whole.
    sealed_secret: Mapped[str] = mapped_column(String(200))
    # After a rotation the old secret signs too, for a while, so receivers can switch over.
    sealed_previous_secret: Mapped[str | None] = mapped_column(String(200))
    previous_secret_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(String(MAX_REASON_LENGTH))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class WebhookDelivery(Base):
    """One event for one subscription: the outbox row, written with the event."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        # What the workers claim: due and pending, oldest event first.
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        # A resource's earlier deliveries go first: its pending ones, in order.
        Index(
            "ix_webhook_deliveries_order",
            "subscription_id",
            "resource_id",
            "event_seq",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )

    # One delivery per subscription and event: its id in the API is the event's sequence.
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), primary_key=True
    )
    event_seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"),
        ForeignKey("events.seq", ondelete="CASCADE"),
        primary_key=True,
    )
    event_type: Mapped[str] = mapped_column(String(100))
    resource_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(12), default=DeliveryStatus.pending.value)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    last_status_code: Mapped[int | None] = mapped_column(SmallInteger)
    last_error: Mapped[str | None] = mapped_column(String(MAX_REASON_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class WebhookAttempt(Base):
    """Each try at sending a delivery, kept for the log."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["subscription_id", "event_seq"],
            ["webhook_deliveries.subscription_id", "webhook_deliveries.event_seq"],
            ondelete="CASCADE",
        ),
        Index("ix_webhook_attempts_delivery", "subscription_id", "event_seq"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    subscription_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    event_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    attempted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(SmallInteger)
    error: Mapped[str | None] = mapped_column(String(MAX_REASON_LENGTH))
    duration_ms: Mapped[int] = mapped_column(Integer)
    worker: Mapped[str] = mapped_column(String(64))
