"""Fields edited in Trellis since an import last wrote them, and keeping those edits.

The event log tells it, field by field: a field whose newest change by anyone but an
import is newer than the newest import event that wrote it (a creation writes every
field) was edited since. No column, no extra write on every edit: the log is written
anyway.

Keeping an edit is per field: the import's change to an edited field is undone (the
stored value put back), its other fields stay updated, and the import's event for the
record names only those. When every field it changed was edited, the record is put back
whole, version and `updated_at` included, and the import's event for it dropped.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, case, delete, func, not_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Base
from api.core.events import PENDING_EVENTS, Event, Operation, PendingEvent
from api.integrations.imports.changes import IMPORT_ACTOR_PREFIX, changed_fields

CHUNK = 5000
Snapshot = dict[tuple[str, uuid.UUID], dict[str, Any]]
EditedFields = dict[uuid.UUID, set[str]]


@dataclass(frozen=True)
class Kept:
    """The fields of a record left as edited; `whole` when that was all the import changed."""

    fields: tuple[str, ...]
    whole: bool


def _by_import() -> Any:
    return Event.actor.like(f"{IMPORT_ACTOR_PREFIX}%")


async def _candidates(session: AsyncSession, ids: list[uuid.UUID], before: int) -> list[uuid.UUID]:
    """Records changed by hand after an import first wrote them."""
    by_import = _by_import()
    first_import = func.min(case((by_import, Event.seq)))
    last_edit = func.max(
        case((and_(not_(by_import), Event.operation == Operation.update.value), Event.seq))
    )
    rows = await session.execute(
        select(Event.resource_id, first_import, last_edit)
        .where(Event.resource_id.in_(ids), Event.seq <= before)
        .group_by(Event.resource_id)
    )
    return [rid for rid, imported, edited in rows if _later(edited, imported)]


def _later(edit: int | None, imported: int | None) -> bool:
    return edit is not None and imported is not None and edit > imported


async def edited_since_import(
    session: AsyncSession, ids: Sequence[uuid.UUID], before: int
) -> EditedFields:
    """The fields of each record edited by hand after an import last wrote them (events
    up to `before`, the import under way's own excluded); records with none left out."""
    found: EditedFields = {}
    for start in range(0, len(ids), CHUNK):
        candidates = await _candidates(session, list(ids[start : start + CHUNK]), before)
        if not candidates:
            continue
        rows = await session.execute(
            select(Event.resource_id, Event.operation, Event.changes, _by_import())
            .where(
                Event.resource_id.in_(candidates),
                Event.seq <= before,
                Event.operation.in_([Operation.create.value, Operation.update.value]),
            )
            .order_by(Event.resource_id, Event.seq)
        )
        history: dict[uuid.UUID, list[tuple[str, dict[str, Any] | None, bool]]] = {}
        for record_id, operation, changes, imported in rows:
            history.setdefault(record_id, []).append((operation, changes, bool(imported)))
        for record_id, events in history.items():
            if fields := _edited_fields(events):
                found[record_id] = fields
    return found


def _edited_fields(events: list[tuple[str, dict[str, Any] | None, bool]]) -> set[str]:
    """Of one record's events, oldest first: the fields whose last writer was a person,
    once an import has written the record."""
    edited: set[str] = set()
    imported = False
    for operation, changes, by_import in events:
        fields = set(changed_fields(changes))
        if by_import:
            imported = True
            edited = set() if operation == Operation.create.value else edited - fields
        elif imported and operation == Operation.update.value:
            edited |= fields
    return edited


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


@dataclass
class _Written:
    """The import's update events about the records it may have to put back: those queued
    in the session, and those already appended (seq, changes, keys)."""

    pending: list[PendingEvent]
    appended: dict[uuid.UUID, list[tuple[int, dict[str, Any], dict[str, Any] | None]]]

    def fields(self, record_id: uuid.UUID) -> set[str]:
        found = {
            name
            for event in self.pending
            if event.operation == Operation.update and event.resource_id == record_id
            for name in changed_fields(event.changes)
        }
        for _, changes, _ in self.appended.get(record_id, []):
            found |= set(changed_fields(changes))
        return found


async def _written(session: AsyncSession, taken: Snapshot, after: int) -> _Written:
    ids = [record_id for _, record_id in taken]
    appended: dict[uuid.UUID, list[tuple[int, dict[str, Any], dict[str, Any] | None]]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = await session.execute(
            select(Event.resource_id, Event.seq, Event.changes, Event.keys).where(
                Event.seq > after,
                Event.operation == Operation.update.value,
                Event.resource_id.in_(ids[start : start + CHUNK]),
            )
        )
        for record_id, seq, changes, keys in rows:
            appended.setdefault(record_id, []).append((seq, changes or {}, keys))
    return _Written(session.info.get(PENDING_EVENTS, []), appended)


async def put_back(
    session: AsyncSession, taken: Snapshot, edited: EditedFields, after: int
) -> dict[uuid.UUID, Kept]:
    """Put the edited fields the import changed back as snapshot, and make the import's
    events about them (queued, or appended after sequence `after`) say so. What was kept,
    by record."""
    written = await _written(session, taken, after)
    kept: dict[uuid.UUID, Kept] = {}
    for (resource, record_id), row in taken.items():
        table = _table(resource)
        changed = written.fields(record_id)
        fields = edited.get(record_id, set()) & changed
        if table is None or not fields:
            continue
        whole = fields == changed
        values = row if whole else {name: row[name] for name in fields}
        await session.execute(update(table).where(table.c.id == record_id).values(**values))
        kept[record_id] = Kept(tuple(sorted(fields)), whole)
    await _drop_or_trim(session, written, kept)
    return kept


async def _drop_or_trim(
    session: AsyncSession, written: _Written, kept: dict[uuid.UUID, Kept]
) -> None:
    """The import's events about a record put back whole are dropped; about one put back
    in part, they no longer name the kept fields."""
    if not kept:
        return
    remaining: list[PendingEvent] = []
    for event in written.pending:
        found = kept.get(event.resource_id) if event.operation == Operation.update else None
        if found is None:
            remaining.append(event)
        elif not found.whole and event.changes:
            event.changes = {k: v for k, v in event.changes.items() if k not in found.fields}
            remaining.append(event)
    session.info[PENDING_EVENTS] = remaining
    for record_id, found in kept.items():
        for seq, changes, keys in written.appended.get(record_id, []):
            if found.whole:
                await session.execute(delete(Event).where(Event.seq == seq))
                continue
            trimmed = {k: v for k, v in changes.items() if k not in found.fields}
            await session.execute(
                update(Event)
                .where(Event.seq == seq)
                .values(changes=trimmed, keys=_kept_keys(keys, changes, found.fields))
            )


def _kept_keys(
    keys: dict[str, Any] | None, changes: dict[str, Any], fields: tuple[str, ...]
) -> dict[str, Any] | None:
    """An appended event's keys once kept fields are back to their value before it."""
    if not keys or not keys.get("after"):
        return keys
    after = dict(keys["after"])
    for name in fields:
        if name in after and name in changes:
            after[name] = changes[name][0]
    return {"before": keys.get("before"), "after": after}
