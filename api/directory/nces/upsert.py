"""Set-based upsert of directory rows by NCES id, one batch at a time.

Per batch: one query for the rows that exist, one for who holds the state ids
they take, then one bulk INSERT and one bulk UPDATE (see bulk.py), no ORM
objects: the cost per row is a dict comparison, not a round trip. Updates are
optimistic: they match the version that was read, so a row someone else wrote
meanwhile is not overwritten and stops the import instead.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import String, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Base
from api.core.events import Operation
from api.core.records import new_id
from api.directory.models import District, School
from api.directory.nces.bulk import insert_rows, update_rows
from api.directory.nces.layouts import RowError, Values

Record = tuple[int, Values]  # (line in the file, column values)


class DirectoryChanged(RuntimeError):
    """Rows changed under the import between reading and writing them."""


@dataclass(frozen=True)
class Target:
    resource: str
    noun: str
    table: Table
    key: str
    state_key: str
    # What every event names the record by besides its id (the feed's natural keys and
    # parent), so a system keyed on NCES or state ids can apply it.
    natural_keys: tuple[str, ...]

    @cached_property
    def limits(self) -> dict[str, int]:
        return {
            column.name: column.type.length
            for column in self.table.columns
            if isinstance(column.type, String) and column.type.length
        }

    def scope(self, row_id: uuid.UUID, values: Values) -> dict[str, uuid.UUID]:
        if self.resource == "districts":
            return {"district_id": row_id}
        return {"school_id": row_id, "district_id": values["district_id"]}


DISTRICTS = Target(
    "districts",
    "district",
    Base.metadata.tables[District.__tablename__],
    "nces_leaid",
    "state_district_id",
    ("nces_leaid", "state_district_id"),
)
SCHOOLS = Target(
    "schools",
    "school",
    Base.metadata.tables[School.__tablename__],
    "nces_id",
    "state_school_id",
    ("nces_id", "state_school_id", "district_id"),
)


@dataclass
class Outcome:
    ids: dict[str, uuid.UUID] = field(default_factory=dict)  # key -> id of every row now present
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    events: list[Values] = field(default_factory=list)  # rows for the `events` table


@dataclass
class _Writes:
    inserts: list[Values] = field(default_factory=list)
    updates: list[Values] = field(default_factory=list)
    changed_columns: set[str] = field(default_factory=set)


async def upsert(
    session: AsyncSession,
    target: Target,
    records: Sequence[Record],
    *,
    now: dt.datetime,
    update_existing: bool = True,
) -> Outcome:
    """Create missing rows and, unless told not to, update changed ones.

    All records come from one layout, so they carry the same columns. The
    events for what changed are returned, for the caller to append at commit.
    """
    outcome = Outcome()
    if records:
        limits = [(c, n) for c, n in target.limits.items() if c in records[0][1]]
        records = [record for record in records if _fits(limits, record, outcome)]
    if not records:
        return outcome
    existing = await _existing(session, target, records)
    owners = await _state_id_owners(session, target, records, existing)
    writes = _Writes()
    for line, values in records:
        key = values[target.key]
        state_id = values.get(target.state_key)
        if state_id is not None and owners.get(state_id, key) != key:
            holder = owners[state_id] or "one without an NCES id"
            message = f"{target.state_key} {state_id!r} already belongs to another {target.noun}"
            outcome.errors.append(RowError(line, f"{message} ({holder})"))
            continue
        old = existing.get(key)
        if old is None:
            row_id = new_id()
            stamps = {"id": row_id, "created_at": now, "updated_at": now, "version": 1}
            writes.inserts.append(values | stamps)
            outcome.ids[key] = row_id
            outcome.created += 1
            keys = {"before": None, "after": _keys(target, values)}
            outcome.events.append(_event(target, row_id, Operation.create, 1, values, keys))
            continue
        outcome.ids[key] = old["id"]
        changed = {column: value for column, value in values.items() if old[column] != value}
        if not changed or not update_existing:
            outcome.unchanged += 1
            continue
        version = old["version"] + 1
        stamps = {"_id": old["id"], "_old": old["version"], "version": version, "updated_at": now}
        writes.updates.append(values | stamps)
        writes.changed_columns |= changed.keys()
        outcome.updated += 1
        changes = {column: [_json(old[column]), _json(value)] for column, value in changed.items()}
        keys = {"before": _keys(target, old), "after": _keys(target, old | values)}
        event = _event(target, old["id"], Operation.update, version, values, keys, changes)
        outcome.events.append(event)
    await _write(session, target, writes)
    return outcome


async def existing_ids(
    session: AsyncSession, target: Target, keys: Sequence[str]
) -> dict[str, uuid.UUID]:
    key = target.table.c[target.key]
    rows = await session.execute(select(key, target.table.c.id).where(key.in_(keys)))
    return dict(rows.all())


async def _write(session: AsyncSession, target: Target, writes: _Writes) -> None:
    await insert_rows(session, target.table, writes.inserts)
    # SET only what changed somewhere in the batch: an annual refresh touches a
    # few columns, and every column left out is work the database skips.
    columns = [*writes.changed_columns, "_id", "_old", "version", "updated_at"]
    updates = [{column: row[column] for column in columns} for row in writes.updates]
    if await update_rows(session, target.table, updates) != len(updates):
        raise DirectoryChanged(
            f"some {target.resource} were changed by someone else during the import; "
            "nothing was written, run the import again"
        )


def _fits(limits: list[tuple[str, int]], record: Record, outcome: Outcome) -> bool:
    line, values = record
    for column, limit in limits:
        value = values[column]
        if value is not None and len(value) > limit:
            outcome.errors.append(RowError(line, f"{column} is longer than {limit} characters"))
            return False
    return True


async def _existing(
    session: AsyncSession, target: Target, records: Sequence[Record]
) -> dict[str, Values]:
    table = target.table
    given = list(records[0][1])
    columns = ["id", "version", *given, *(k for k in target.natural_keys if k not in given)]
    keys = [values[target.key] for _, values in records]
    query = select(*(table.c[column] for column in columns)).where(table.c[target.key].in_(keys))
    # Plain tuples zipped into dicts: several times cheaper than RowMapping access.
    old_rows = (dict(zip(columns, row, strict=True)) for row in await session.execute(query))
    return {old[target.key]: old for old in old_rows}


async def _state_id_owners(
    session: AsyncSession, target: Target, records: Sequence[Record], existing: dict[str, Values]
) -> dict[str, str | None]:
    """Who holds the state ids that rows are about to take (not those they already hold)."""
    state_ids = []
    for _, values in records:
        state_id = values.get(target.state_key)
        old = existing.get(values[target.key])
        if state_id is not None and (old is None or old[target.state_key] != state_id):
            state_ids.append(state_id)
    if not state_ids:
        return {}
    state_key, key = target.table.c[target.state_key], target.table.c[target.key]
    rows = await session.execute(select(state_key, key).where(state_key.in_(state_ids)))
    return dict(rows.all())


def _event(
    target: Target,
    row_id: uuid.UUID,
    operation: Operation,
    version: int,
    values: Values,
    keys: dict[str, Any],
    changes: dict[str, Any] | None = None,
) -> Values:
    return {
        "resource": target.resource,
        "resource_id": row_id,
        "operation": operation.value,
        "version": version,
        "changes": changes,
        "keys": keys,
        "school_id": None,
        **target.scope(row_id, values),
    }


def _keys(target: Target, values: Values) -> dict[str, Any]:
    return {column: _json(values.get(column)) for column in target.natural_keys}


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value
