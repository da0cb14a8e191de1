"""Records edited in Trellis since an import last wrote them, and keeping those edits.

The event log tells it: a record whose newest `update` by anyone but an import is
newer than the newest event an import wrote for it was edited since. No column, no
extra write on every edit: the log is written anyway.

Keeping an edit is all or nothing per record: the import's change to it is undone
(its row put back as it was, version and `updated_at` included, the import's event
for it dropped), and the record is reported as `kept_edited`.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, and_, case, delete, func, not_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Base
from api.core.events import PENDING_EVENTS, Event, Operation, PendingEvent
from api.integrations.imports.changes import IMPORT_ACTOR_PREFIX

CHUNK = 5000
Snapshot = dict[tuple[str, uuid.UUID], dict[str, Any]]


async def edited_since_import(
    session: AsyncSession, ids: Sequence[uuid.UUID], before: int
) -> set[uuid.UUID]:
    """Which of the records were edited by hand after an import last wrote them
    (events up to `before`, the import under way's own excluded)."""
    by_import = Event.actor.like(f"{IMPORT_ACTOR_PREFIX}%")
    imported = func.max(case((by_import, Event.seq)))
    edited = func.max(
        case((and_(not_(by_import), Event.operation == Operation.update.value), Event.seq))
    )
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        rows = await session.execute(
            select(Event.resource_id, imported, edited)
            .where(Event.resource_id.in_(chunk), Event.seq <= before)
            .group_by(Event.resource_id)
        )
        found |= {rid for rid, last_import, last_edit in rows if _later(last_edit, last_import)}
    return found


def _later(edit: int | None, imported: int | None) -> bool:
    return edit is not None and imported is not None and edit > imported


def _table(resource: str) -> Table | None:
    return Base.metadata.tables.get(resource)


async def snapshot(session: AsyncSession, records: dict[uuid.UUID, str]) -> Snapshot:
    """The stored rows of the records ({id: resource}), as they are now."""
    taken: Snapshot = {}
    by_resource: dict[str, list[uuid.UUID]] = {}
    for record_id, resource in records.items():
        by_resource.setdefault(resource, []).append(record_id)
    for resource, ids in by_resource.items():
        table = _table(resource)
        if table is None:
            continue
        for start in range(0, len(ids), CHUNK):
            rows = await session.execute(select(table).where(table.c.id.in_(ids[start:][:CHUNK])))
            for row in rows.mappings():
                taken[resource, row["id"]] = dict(row)
    return taken


async def put_back(session: AsyncSession, taken: Snapshot, after: int) -> set[uuid.UUID]:
    """Put the rows back as snapshot; drop the import's events about them (queued, or
    already appended after sequence `after`). The ids of the records put back."""
    restored: set[uuid.UUID] = set()
    pending: list[PendingEvent] = session.info.get(PENDING_EVENTS, [])
    touched = {
        event.resource_id
        for event in pending
        if event.operation == Operation.update and (event.resource, event.resource_id) in taken
    }
    appended = await session.scalars(
        select(Event.resource_id).where(
            Event.seq > after,
            Event.operation == Operation.update.value,
            Event.resource_id.in_([record_id for _, record_id in taken]),
        )
    )
    touched |= set(appended)
    for (resource, record_id), row in taken.items():
        table = _table(resource)
        if table is None or record_id not in touched:
            continue
        await session.execute(update(table).where(table.c.id == record_id).values(**row))
        restored.add(record_id)
    if restored:
        session.info[PENDING_EVENTS] = [
            event
            for event in pending
            if not (event.operation == Operation.update and event.resource_id in restored)
        ]
        await session.execute(
            delete(Event).where(
                Event.seq > after,
                Event.operation == Operation.update.value,
                Event.resource_id.in_(restored),
            )
        )
    return restored
