"""Create, update and delete any record, each with its event; bulk upsert is `bulk`'s."""

import functools
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import orjson
from pydantic import ValidationError
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Forbidden, NotFound, Problem
from api.core.events import Operation, PendingEvent, record_event
from api.core.records import RecordMixin
from api.core.responses import json_bytes

R = TypeVar("R", bound=RecordMixin)
Placement = Callable[[Any], Mapping[str, Any]]


def _plain(value: Any) -> Any:
    return orjson.loads(json_bytes(value))


def _snapshot(record: Any, fields: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in fields}


@functools.lru_cache(maxsize=256)
def _hashes(names: tuple[str, ...]) -> tuple[str, ...]:
    # A bulk upsert's rows share their names: worked out once, not per field of every row.
    return tuple(name for name in names if name.endswith("_hash"))


def _redacted(changes: dict[str, Any]) -> dict[str, Any]:
    # Hashes of passwords and secrets never leave the table they protect.
    hashes = _hashes(tuple(changes))
    if not hashes:
        return changes
    return changes | dict.fromkeys(hashes, ("[redacted]", "[redacted]"))


def event_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Changed fields as the event log stores them: plain JSON, hashes redacted."""
    return _plain(_redacted(changes))  # type: ignore[no-any-return]


def pending_event(
    record: Any,
    resource: str,
    operation: Operation,
    changes: Mapping[str, Any] | None,
    place: Mapping[str, Any],
) -> PendingEvent:
    """The event of one write; `place` holds its keyword arguments (district_id, school_id, ...)."""
    return PendingEvent(
        resource=resource,
        resource_id=record.id,
        operation=operation,
        version=record.version,
        changes=event_changes(dict(changes)) if changes else None,
        **place,
    )


def _event(
    record: Any,
    resource: str,
    operation: Operation,
    changes: dict[str, Any] | None,
    place: Placement | None,
) -> PendingEvent:
    return pending_event(record, resource, operation, changes, place(record) if place else {})


async def get_record(
    session: AsyncSession, model: type[R], record_id: uuid.UUID, *where: ColumnElement[bool]
) -> R:
    record = await session.scalar(select(model).where(model.id == record_id, *where))
    if record is None:
        noun = str(getattr(model, "__tablename__", "record")).rstrip("s").replace("_", " ")
        raise NotFound(f"No {noun} with id {record_id}.")
    return record


async def check_writable(
    session: AsyncSession,
    model: type[RecordMixin],
    record_id: uuid.UUID,
    writable: ColumnElement[bool],
    refusal: str,
) -> None:
    """403 for a record the caller sees but may not change; `writable` is their write scope."""
    found = await session.scalar(select(model.id).where(model.id == record_id, writable))
    if found is None:
        raise Forbidden(refusal)


async def get_writable_record(
    session: AsyncSession,
    model: type[R],
    record_id: uuid.UUID,
    visible: ColumnElement[bool],
    writable: ColumnElement[bool],
    refusal: str,
) -> R:
    """404 outside what the caller sees; 403 (`refusal`) for what they see but may not change."""
    record = await get_record(session, model, record_id, visible)
    await check_writable(session, model, record_id, writable, refusal)
    return record


async def create_record(
    session: AsyncSession, record: R, resource: str, place: Placement | None = None
) -> R:
    session.add(record)
    await session.flush()
    fields = [column.key for column in record.__table__.columns]  # type: ignore[attr-defined]
    after = _snapshot(record, fields)
    record_event(
        session,
        _event(record, resource, Operation.create, {k: [None, v] for k, v in after.items()}, place),
    )
    return record


async def update_record(
    session: AsyncSession,
    record: R,
    changes: Mapping[str, Any],
    resource: str,
    place: Placement | None = None,
) -> bool:
    """Apply changes; return False (and write nothing) when none differs."""
    diff = {
        name: [getattr(record, name), value]
        for name, value in changes.items()
        if getattr(record, name) != value
    }
    if not diff:
        return False
    for name, (_, value) in diff.items():
        setattr(record, name, value)
    await session.flush()
    record_event(session, _event(record, resource, Operation.update, diff, place))
    return True


async def delete_record(
    session: AsyncSession, record: R, resource: str, place: Placement | None = None
) -> None:
    event = _event(record, resource, Operation.delete, None, place)
    await session.delete(record)
    await session.flush()
    record_event(session, event)


def problem_as_row_errors(problem: Problem) -> list[dict[str, Any]]:
    return problem.errors or [{"loc": [], "msg": problem.detail, "type": problem.slug}]


def validation_as_row_errors(error: ValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in error.errors()]
