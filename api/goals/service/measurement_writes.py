"""Writing an import's readings and their events in sets.

On PostgreSQL new readings and their events go in with COPY: an INSERT of 100,000 rows
from arrays costs half as much again, and the events as `flush_events` writes them
(a JSON document cast per row) more than the readings themselves. The events are
appended under the event log's lock, held to the commit, so the log stays in commit
order (see api.core.events). SQLite takes executemany and the usual pending events.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import event_changes
from api.core.db import utcnow
from api.core.events import ACTOR, EVENT_LOCK_KEY, Event, Operation, PendingEvent, record_event
from api.core.responses import json_bytes
from api.core.unnest import update_rows
from api.goals.service.latest_reading import READINGS

CHANGED_COLUMNS = ["note", "updated_at", "value", "version"]


@dataclass(frozen=True)
class Change:
    """One written reading, for its event: the changes as [before, after] pairs."""

    reading_id: uuid.UUID
    operation: Operation
    version: int
    changes: dict[str, Any]
    district_id: uuid.UUID
    school_id: uuid.UUID | None


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def _copy(session: AsyncSession, table: str, columns: list[str], records: list[Any]) -> None:
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    if not driver.is_in_transaction():
        # SQLAlchemy's asyncpg adapter begins with the first statement; COPY on the bare
        # driver must not run before it, outside the transaction.
        await connection.execute(select(1))
    await driver.copy_records_to_table(table, records=records, columns=columns)


async def insert_readings(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """New readings, every row with every column."""
    if not rows:
        return
    if not _is_postgres(session):
        await session.execute(insert(READINGS), list(rows))
        return
    columns = list(rows[0])
    await _copy(session, READINGS.name, columns, [tuple(r.values()) for r in rows])


async def update_readings(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Changed readings: each row's id and its CHANGED_COLUMNS."""
    if not rows:
        return
    if _is_postgres(session):
        await session.execute(update_rows(READINGS, rows, CHANGED_COLUMNS))
        return
    stmt = (
        update(READINGS)
        .where(READINGS.c.id == bindparam("match_id"))
        .values({name: bindparam(name) for name in CHANGED_COLUMNS})
    )
    await session.execute(
        stmt, [{"match_id": r["id"]} | {n: r[n] for n in CHANGED_COLUMNS} for r in rows]
    )


async def append_events(session: AsyncSession, resource: str, changes: Sequence[Change]) -> None:
    if not changes:
        return
    if not _is_postgres(session):
        for change in changes:
            record_event(
                session,
                PendingEvent(
                    resource,
                    change.reading_id,
                    change.operation,
                    change.version,
                    event_changes(change.changes),
                    district_id=change.district_id,
                    school_id=change.school_id,
                ),
            )
        return
    await session.execute(text(f"SELECT pg_advisory_xact_lock({EVENT_LOCK_KEY})"))
    now, actor = utcnow(), session.info.get(ACTOR, "system")
    columns = ["occurred_at", "actor", "resource", "resource_id", "operation", "version"]
    columns += ["changes", "district_id", "school_id"]
    records = [
        (
            now,
            actor,
            resource,
            c.reading_id,
            c.operation.value,
            c.version,
            json_bytes(c.changes).decode(),
            c.district_id,
            c.school_id,
        )
        for c in changes
    ]
    await _copy(session, Event.__tablename__, columns, records)
