"""The event log: every write appends one row in the same transaction.

Events are queued on the session and inserted just before commit, under a
transaction-scoped lock on PostgreSQL, so sequence order is commit order and a
client reading `after=N` can never miss an event that commits late.

The log is append-only, its places included: a committed event is never given a
new place, so nothing ever appears below a sequence number a client has read.
When a record comes to reach a new place (a person given a role at a school), that
place gets a new `visible` event instead.
"""

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Uuid,
    false,
    insert,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from api.core.collection import collector_paused
from api.core.db import Base, JSONDocument, UTCDateTime, utcnow
from api.core.natural_keys import before_change, current_keys, taken_tombstone
from api.core.unnest import insert_rows

EVENT_LOCK_KEY = 7_311_979_001
PENDING_EVENTS = "pending_events"
ACTOR = "actor"


class Operation(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"
    # The record now reaches a place it did not (it is unchanged): to whoever sees it
    # there, it is new.
    visible = "visible"


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_resource_seq", "resource", "seq"),
        # The feed reads each kind of place from its own index, in sequence order.
        Index("ix_events_district_seq", "district_id", "seq"),
        Index("ix_events_school_seq", "school_id", "seq"),
        Index("ix_events_partner_seq", "partner_id", "seq"),
        # A record's own events, in order: its history.
        Index("ix_events_resource_id_seq", "resource_id", "seq"),
    )

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
    # The record's natural keys (see api.core.natural_keys) as {"before": ..., "after": ...}.
    keys: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument, nullable=True)
    # Where the record lives, so the feed can be filtered to a caller's scope in SQL.
    district_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    school_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    partner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)


class EventPlace(Base):
    """The places of an event whose record covers more than its row can name: an agreement
    of several schools or of a whole district, and what is logged under it; a person, who
    is where their role assignments are.

    A row names a school (with its district), a district with no school (every school of
    it, or with `district_office` only the district's own staff), or a partner organisation.
    """

    __tablename__ = "event_places"
    __table_args__ = (
        Index("ix_event_places_school_seq", "school_id", "seq"),
        Index("ix_event_places_district_seq", "district_id", "seq"),
        Index("ix_event_places_partner_seq", "partner_id", "seq"),
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"),
        ForeignKey("events.seq", ondelete="CASCADE"),
        primary_key=True,
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    district_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    school_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    partner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    # A district-level role places a person at the district office: its schools' staff
    # cannot see them, so the place must not reach every school as an agreement's does.
    district_office: Mapped[bool] = mapped_column(Boolean, server_default=false())


@dataclass(frozen=True)
class Place:
    """One row of `event_places`."""

    district_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = None
    district_office: bool = False

    def key(self) -> tuple[str, str, str, bool]:
        return (
            str(self.partner_id or ""),
            str(self.district_id or ""),
            str(self.school_id or ""),
            self.district_office,
        )


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
    # Where else the event belongs (see EventPlace); most records live in one place.
    places: tuple[Place, ...] = ()
    keys: dict[str, Any] | None = None


# Called after a transaction's events are appended, with them: until commit they are the
# log's newest rows, as the append holds the log's lock (one writer on SQLite).
EventsAppended = Callable[[AsyncSession, "list[PendingEvent]"], Awaitable[None]]
_appended_listeners: list[EventsAppended] = []


def on_events_appended(listener: EventsAppended) -> None:
    """Run `listener` in every transaction that appends events, after they are written
    (an outbox filled in the same transaction as the change). Registering twice is once."""
    if listener not in _appended_listeners:
        _appended_listeners.append(listener)


def record_event(session: AsyncSession, event: PendingEvent) -> None:
    session.info.setdefault(PENDING_EVENTS, []).append(event)


def record_visible(
    session: AsyncSession,
    resource: str,
    resource_id: uuid.UUID,
    version: int,
    places: tuple[Place, ...],
) -> None:
    """The record now reaches `places`: whoever sees it there gets a new event, after
    everything they have read, rather than earlier events being placed there too.

    A record created in this same transaction is not in the log yet, so its creation
    takes the places instead: one event, as if it had been made there.
    """
    if not places:
        return
    for event in session.info.get(PENDING_EVENTS, []):
        if (event.resource, event.resource_id, event.operation) == (
            resource,
            resource_id,
            Operation.create,
        ):
            event.places = tuple(dict.fromkeys((*event.places, *places)))
            return
    record_event(
        session, PendingEvent(resource, resource_id, Operation.visible, version, places=places)
    )


def set_actor(session: AsyncSession, actor: str) -> None:
    session.info[ACTOR] = actor


async def flush_events(session: AsyncSession) -> None:
    pending: list[PendingEvent] = session.info.pop(PENDING_EVENTS, [])
    if not pending:
        return
    # Before the lock: other writers wait on it until this transaction commits.
    await _attach_keys(session, pending)
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SELECT pg_advisory_xact_lock({EVENT_LOCK_KEY})"))
    with collector_paused():
        await _insert(session, pending)
    for listener in _appended_listeners:
        await listener(session, pending)


async def _attach_keys(session: AsyncSession, pending: list[PendingEvent]) -> None:
    """Each event's natural keys before and after it, one query per resource."""
    live: dict[str, list[uuid.UUID]] = {}
    for event in pending:
        if event.operation != Operation.delete:
            live.setdefault(event.resource, []).append(event.resource_id)
    now = {resource: await current_keys(session, resource, ids) for resource, ids in live.items()}
    for event in pending:
        if event.operation == Operation.delete:
            before = taken_tombstone(session, event.resource_id)
            event.keys = {"before": before, "after": None} if before is not None else None
            continue
        after = now.get(event.resource, {}).get(event.resource_id)
        if after is None:
            continue
        before = (
            None if event.operation == Operation.create else before_change(after, event.changes)
        )
        event.keys = {"before": before, "after": after}


async def _insert(session: AsyncSession, pending: list[PendingEvent]) -> None:
    actor = session.info.get(ACTOR, "system")
    now = utcnow()
    rows = [
        {
            "occurred_at": now,
            "actor": actor,
            "resource": event.resource,
            "resource_id": event.resource_id,
            "operation": event.operation.value,
            "version": event.version,
            "changes": event.changes,
            "keys": event.keys,
            "district_id": event.district_id,
            "school_id": event.school_id,
            "partner_id": event.partner_id,
        }
        for event in pending
    ]
    if not any(event.places for event in pending):
        table = cast(Table, Event.__table__)
        if session.get_bind().dialect.name == "postgresql":
            # One statement of arrays: a bulk upsert's 5,000 events took a second as an
            # executemany.
            await session.execute(insert_rows(table, rows))
            return
        # Through the table: the ORM's bulk insert adds nothing here but time per row.
        await session.execute(insert(table), rows)
        return
    returning = insert(Event).returning(Event.seq, sort_by_parameter_order=True)
    seqs = (await session.execute(returning, rows)).scalars().all()
    await session.execute(
        insert(EventPlace),
        [
            {"seq": seq, "position": position} | asdict(place)
            for seq, event in zip(seqs, pending, strict=True)
            for position, place in enumerate(event.places)
        ],
    )


def discard_events(session: AsyncSession) -> None:
    session.info.pop(PENDING_EVENTS, None)
