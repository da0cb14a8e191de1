"""What an import changed, read back from the event log rows it appended.

Every importer appends an event per record it writes, whatever way it writes (the
ORM, bulk sets, COPY), so the log is the one place all kinds of import agree on: the
diff, the deactivations and the records touched are read from it, inside the
import's own (possibly rolled back) transaction.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.events import Event, Operation

IMPORT_ACTOR_PREFIX = "import:"
# The NCES importer writes its events itself, under its own name.
NCES_ACTOR = "import:nces"
DIFF_CAP = 1000


def import_actor(kind: str, job_id: uuid.UUID) -> str:
    return f"{IMPORT_ACTOR_PREFIX}{kind}:{job_id}"


async def newest_seq(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.coalesce(func.max(Event.seq), 0))) or 0)


def changed_fields(changes: dict[str, Any] | None) -> dict[str, tuple[Any, Any]]:
    """{field: (before, after)} from either shape the log holds: {field: [before, after]},
    or {"before": {...}, "after": {...}} as earlier NCES imports wrote it."""
    if not changes:
        return {}
    if set(changes) == {"before", "after"} and isinstance(changes["after"], dict):
        before = changes["before"] or {}
        return {name: (before.get(name), value) for name, value in changes["after"].items()}
    return {name: (pair[0], pair[1]) for name, pair in changes.items()}


def is_deactivation(resource: str, fields: dict[str, tuple[Any, Any]]) -> bool:
    if resource == "schools" and "status" in fields:
        before, after = fields["status"]
        return bool(after == "closed" and before != "closed")
    if resource == "people" and "is_active" in fields:
        before, after = fields["is_active"]
        return before is not False and after is False
    if resource == "role_assignments" and "end_date" in fields:
        before, after = fields["end_date"]
        today = utcnow().date().isoformat()
        return after is not None and str(after) <= today and (before is None or str(before) > today)
    return False


@dataclass(frozen=True)
class Change:
    resource: str
    resource_id: uuid.UUID
    operation: str
    keys: dict[str, Any] | None
    fields: tuple[str, ...]
    district_id: uuid.UUID | None
    deactivation: bool

    def entry(self, action: str) -> dict[str, Any]:
        keys = self.keys or {}
        return {
            "action": action,
            "resource": self.resource,
            "id": str(self.resource_id),
            "keys": keys.get("after") or keys.get("before"),
            "fields": list(self.fields),
        }


@dataclass
class Changes:
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    deactivated: list[Change] = field(default_factory=list)

    def updated_ids(self) -> list[uuid.UUID]:
        return [change.resource_id for change in self.updated + self.deactivated]


async def read_changes(session: AsyncSession, after: int, actors: Sequence[str]) -> Changes:
    """The import's events (sequence above `after`, written by one of `actors`)."""
    rows = await session.execute(
        select(
            Event.resource,
            Event.resource_id,
            Event.operation,
            Event.keys,
            Event.changes,
            Event.district_id,
        )
        .where(Event.seq > after, or_(*(Event.actor == actor for actor in actors)))
        .order_by(Event.seq)
    )
    found = Changes()
    for resource, resource_id, operation, keys, changes, district_id in rows:
        if operation not in (Operation.create, Operation.update):
            continue
        fields = changed_fields(changes) if operation == Operation.update else {}
        deactivation = is_deactivation(resource, fields)
        change = Change(
            resource,
            resource_id,
            operation,
            keys,
            tuple(sorted(fields)),
            district_id,
            deactivation,
        )
        if operation == Operation.create:
            found.created.append(change)
        elif deactivation:
            found.deactivated.append(change)
        else:
            found.updated.append(change)
    return found


def diff_of(changes: Changes, dry_run: bool, kept: list[Change]) -> list[dict[str, Any]]:
    deactivate = "would_deactivate" if dry_run else "deactivate"
    entries = [change.entry("kept_edited") for change in kept]
    entries += [change.entry(deactivate) for change in changes.deactivated]
    entries += [change.entry("create") for change in changes.created]
    entries += [change.entry("update") for change in changes.updated]
    return entries[:DIFF_CAP]
