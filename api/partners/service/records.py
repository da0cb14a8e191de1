"""Versioned updates of records that carry nested lists, each with its one event."""

from collections.abc import Mapping
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.events import Operation, PendingEvent, record_event
from api.core.records import RecordMixin
from api.core.responses import json_bytes

# The keyword arguments of the event's place: partner_id, district_id, school_id, places.
PlaceArgs = Mapping[str, Any]


def plain(value: Any) -> Any:
    return orjson.loads(json_bytes(value))


def event_for(
    record: RecordMixin,
    resource: str,
    operation: Operation,
    changes: dict[str, Any] | None,
    place: PlaceArgs,
) -> PendingEvent:
    return PendingEvent(
        resource=resource,
        resource_id=record.id,
        operation=operation,
        version=record.version,
        changes=plain(changes) if changes else None,
        **place,
    )


async def save_changes(
    session: AsyncSession,
    record: RecordMixin,
    columns: Mapping[str, Any],
    nested: Mapping[str, list[Any]],
    resource: str,
    place: PlaceArgs,
) -> bool:
    """Set changed columns; nested changes (already written) are [before, after] pairs.

    A change to a nested list alone still makes a new version of the record.
    Returns False, writing nothing, when nothing differs.
    """
    diff: dict[str, Any] = {
        name: [getattr(record, name), value]
        for name, value in columns.items()
        if getattr(record, name) != value
    }
    if not diff and not nested:
        return False
    for name, (_, value) in diff.items():
        setattr(record, name, value)
    record.updated_at = utcnow()
    await session.flush()
    record_event(session, event_for(record, resource, Operation.update, diff | dict(nested), place))
    return True


def record_created(
    session: AsyncSession,
    record: RecordMixin,
    nested: Mapping[str, Any],
    resource: str,
    place: PlaceArgs,
) -> None:
    columns = {c.key: getattr(record, c.key) for c in record.__table__.columns}  # type: ignore[attr-defined]
    changes = {name: [None, value] for name, value in (columns | dict(nested)).items()}
    record_event(session, event_for(record, resource, Operation.create, changes, place))


async def delete_with_event(
    session: AsyncSession, record: RecordMixin, resource: str, place: PlaceArgs
) -> None:
    event = event_for(record, resource, Operation.delete, None, place)
    await session.delete(record)
    await session.flush()
    record_event(session, event)
