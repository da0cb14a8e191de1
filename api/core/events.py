"""The event log: every write appends one row in the same transaction.

Events are queued on the session and inserted just before commit, under a
transaction-scoped lock on PostgreSQL, so sequence order is commit order and a
client reading `after=N` can never miss an event that commits late.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, Uuid, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, JSONDocument, UTCDateTime, utcnow

EVENT_LOCK_KEY = 7_311_979_001
PENDING_EVENTS = "pending_events"
ACTOR = "actor"


class Operation(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_resource_seq", "resource", "seq"),)

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    resource: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    operation: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument, nullable=True)
    # Where the record lives, so the feed can be filtered to a caller's scope in SQL.
    district_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    school_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    partner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)


@dataclass
class PendingEvent:
    resource: str
    resource_id: uuid.UUID
    operation: Operation
    version: int
    changes: dict[str, Any] | None = None
    district_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = None


def record_event(session: AsyncSession, event: PendingEvent) -> None:
    session.info.setdefault(PENDING_EVENTS, []).append(event)


def set_actor(session: AsyncSession, actor: str) -> None:
    session.info[ACTOR] = actor


async def flush_events(session: AsyncSession) -> None:
    pending: list[PendingEvent] = session.info.pop(PENDING_EVENTS, [])
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SELECT pg_advisory_xact_lock({EVENT_LOCK_KEY})"))
    actor = session.info.get(ACTOR, "system")
    now = utcnow()
    await session.execute(
        insert(Event),
        [
            {
                "occurred_at": now,
                "actor": actor,
                "resource": event.resource,
                "resource_id": event.resource_id,
                "operation": event.operation.value,
                "version": event.version,
                "changes": event.changes,
                "district_id": event.district_id,
                "school_id": event.school_id,
                "partner_id": event.partner_id,
            }
            for event in pending
        ],
    )


def discard_events(session: AsyncSession) -> None:
    session.info.pop(PENDING_EVENTS, None)
