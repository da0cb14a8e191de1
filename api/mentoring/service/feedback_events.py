"""Events of surveys, survey responses and reviews.

A participant's comment and a supervisor's note are personal: the event log (read by
everyone the record's place reaches) says that they changed, never what they say.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import event_changes
from api.core.db import utcnow
from api.core.events import Operation, PendingEvent, record_event
from api.core.records import RecordMixin

FREE_TEXT = frozenset({"comment", "note"})
WITHHELD = "[withheld]"


def _withheld(value: Any) -> Any:
    return None if value is None else WITHHELD


def _logged(changes: Mapping[str, list[Any]]) -> dict[str, Any]:
    return {
        name: [_withheld(v) for v in pair] if name in FREE_TEXT else pair
        for name, pair in changes.items()
    }


def place_at(district_id: uuid.UUID | None, school_id: uuid.UUID | None = None) -> dict[str, Any]:
    return {"district_id": district_id, "school_id": school_id}


def _event(
    record: RecordMixin,
    resource: str,
    operation: Operation,
    changes: Mapping[str, list[Any]] | None,
    place: Mapping[str, Any],
) -> PendingEvent:
    return PendingEvent(
        resource=resource,
        resource_id=record.id,
        operation=operation,
        version=record.version,
        changes=event_changes(_logged(changes)) if changes else None,
        **place,
    )


def columns_of(record: RecordMixin) -> dict[str, Any]:
    return {c.key: getattr(record, c.key) for c in record.__table__.columns}  # type: ignore[attr-defined]


async def created(
    session: AsyncSession,
    record: RecordMixin,
    nested: Mapping[str, Any],
    resource: str,
    place: Mapping[str, Any],
) -> None:
    """Save a new record (its nested rows are saved by the caller) and log its creation."""
    await session.flush()
    after = columns_of(record) | dict(nested)
    changes = {name: [None, value] for name, value in after.items()}
    record_event(session, _event(record, resource, Operation.create, changes, place))


async def updated(
    session: AsyncSession,
    record: RecordMixin,
    columns: Mapping[str, Any],
    nested: Mapping[str, list[Any]],
    resource: str,
    place: Mapping[str, Any],
) -> bool:
    """Set changed columns; nested changes (already written) are [before, after] pairs.

    A change to nested rows alone still makes a new version. False, writing nothing,
    when nothing differs.
    """
    diff = {
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
    changes = diff | dict(nested)
    record_event(session, _event(record, resource, Operation.update, changes, place))
    return True


async def deleted(
    session: AsyncSession, record: RecordMixin, resource: str, place: Mapping[str, Any]
) -> None:
    event = _event(record, resource, Operation.delete, None, place)
    await session.delete(record)
    await session.flush()
    record_event(session, event)
