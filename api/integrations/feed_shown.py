"""A page of events as a copy keeps itself from them: each with its record as the caller
may read it now, its collection, its parent and its natural keys before and after."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event, Operation
from api.core.feed_registry import REGISTRY, FeedResource
from api.core.scope import Scope
from api.integrations.feed_rendered import Rendered, rendered_records

# What every reader of the feed gets of an event, before its keys (and, for
# administrators, its changes).
EVENT_FIELDS = (
    Event.seq,
    Event.occurred_at,
    Event.actor,
    Event.resource,
    Event.resource_id,
    Event.operation,
    Event.version,
)
# A record as a dict, or as JSON PostgreSQL wrote (with the values the event needs).
PageRecords = Mapping[uuid.UUID, dict[str, Any] | Rendered]


async def records_of(
    session: AsyncSession, scope: Scope, events: Sequence[Mapping[str, Any]]
) -> dict[str, PageRecords]:
    """The page's records, one read per resource (not one per event)."""
    wanted: dict[str, list[uuid.UUID]] = {}
    for event in events:
        if event["operation"] != Operation.delete.value and event["resource"] in REGISTRY:
            wanted.setdefault(event["resource"], []).append(event["resource_id"])
    records: dict[str, PageRecords] = {}
    for resource, ids in wanted.items():
        entry, unique = REGISTRY[resource], list(dict.fromkeys(ids))
        rendered = await rendered_records(session, scope, entry, unique)
        records[resource] = (
            rendered if rendered is not None else await entry.read(session, scope, unique)
        )
    return records


def _natural(entry: FeedResource, stored: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if stored is None:
        return None
    return {name: stored.get(name) for name in entry.keys}


def _keys(
    entry: FeedResource,
    operation: str,
    stored: Mapping[str, Any] | None,
    record: Mapping[str, Any] | None,
) -> dict[str, Any]:
    if stored:
        return {
            "before": _natural(entry, stored["before"]),
            "after": _natural(entry, stored["after"]),
        }
    # Written before events named their keys (or by a bulk importer): what the record holds.
    now = {name: record.get(name) for name in entry.keys} if record else None
    return {"before": None if operation == Operation.create.value else now, "after": now}


def _parent_id(
    entry: FeedResource, stored: Mapping[str, Any] | None, record: Mapping[str, Any] | None
) -> Any:
    if entry.parent is None:
        return None
    if record is not None and entry.parent.column in record:
        return record[entry.parent.column]
    stored = stored or {}
    last = stored.get("after") or stored.get("before") or {}
    return last.get(entry.parent.column)


def shown(event: dict[str, Any], records: Mapping[str, PageRecords]) -> dict[str, Any]:
    """The event as the feed shows it, completed in place (a page's events are its own)."""
    stored = event.pop("keys")
    entry = REGISTRY.get(event["resource"])
    if entry is None:
        event.update(collection=None, parent=None, keys=None, record=None)
        return event
    found = records.get(event["resource"], {}).get(event["resource_id"])
    record = found.values if isinstance(found, Rendered) else found
    parent_id = _parent_id(entry, stored, record)
    event["collection"] = entry.collection_of(parent_id)
    event["parent"] = (
        {"resource": entry.parent.resource, "id": parent_id}
        if entry.parent and parent_id is not None
        else None
    )
    event["keys"] = _keys(entry, event["operation"], stored, record)
    event["record"] = found.json if isinstance(found, Rendered) else found
    return event
