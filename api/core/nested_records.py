"""Writes of records that carry nested lists (an agreement's services, a survey's items), each
with its one event.

The caller writes the nested rows and passes their changes as [before, after] pairs; a change
to them alone still makes a new version. Fields named in `withheld` (free text that is personal)
are logged as changed, never with what they say: the event log is read by everyone the record's
place reaches.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import pending_event
from api.core.db import utcnow
from api.core.events import Operation, record_event
from api.core.records import RecordMixin

# The keyword arguments of the event's place: partner_id, district_id, school_id, places.
PlaceArgs = Mapping[str, Any]
WITHHELD = "[withheld]"


def _logged(changes: Mapping[str, list[Any]], withheld: frozenset[str]) -> dict[str, Any]:
    return {
        name: [None if v is None else WITHHELD for v in pair] if name in withheld else pair
        for name, pair in changes.items()
    }


async def record_created(
    session: AsyncSession,
    record: RecordMixin,
    nested: Mapping[str, Any],
    resource: str,
    place: PlaceArgs,
    withheld: frozenset[str] = frozenset(),
) -> None:
    """Log a new record, its columns and its nested lists (saved by the caller)."""
    await session.flush()
    columns = {c.key: getattr(record, c.key) for c in record.__table__.columns}  # type: ignore[attr-defined]
    changes = {name: [None, value] for name, value in (columns | dict(nested)).items()}
    event = pending_event(record, resource, Operation.create, _logged(changes, withheld), place)
    record_event(session, event)


async def save_changes(
    session: AsyncSession,
    record: RecordMixin,
    columns: Mapping[str, Any],
    nested: Mapping[str, list[Any]],
    resource: str,
    place: PlaceArgs,
    withheld: frozenset[str] = frozenset(),
) -> bool:
    """Set the columns that differ and log them with the nested changes.

    False, writing nothing, when nothing differs.
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
    changes = _logged(diff | dict(nested), withheld)
    record_event(session, pending_event(record, resource, Operation.update, changes, place))
    return True


async def delete_with_event(
    session: AsyncSession, record: RecordMixin, resource: str, place: PlaceArgs
) -> None:
    event = pending_event(record, resource, Operation.delete, None, place)
    await session.delete(record)
    await session.flush()
    record_event(session, event)
