"""The natural keys each event stores: a record's external ids before and after it.

A system that never saw our UUIDs keeps its copy by NCES ids, state ids, SIS ids, EIN,
external ids: it can apply a delete or a re-key only if the event names the keys the
record had. Areas (through `api.integrations`) register which columns those are; the
event log reads them when it writes each transaction's events, and a deleted record's
last values are taken as the ORM deletes it, since its row is gone by then.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from api.core.unnest import any_of

TOMBSTONES = "tombstone_keys"


@dataclass(frozen=True)
class Keyed:
    model: Any
    columns: tuple[str, ...]


_BY_RESOURCE: dict[str, Keyed] = {}
_BY_MODEL: dict[Any, Keyed] = {}


def register_keys(resource: str, model: Any, columns: Sequence[str]) -> None:
    """`columns` of `model` are what an event of `resource` names it by besides its id."""
    keyed = Keyed(model, tuple(columns))
    _BY_RESOURCE[resource] = keyed
    _BY_MODEL[model] = keyed


def keyed(resource: str) -> Keyed | None:
    return _BY_RESOURCE.get(resource)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value


@event.listens_for(Session, "persistent_to_deleted")
def _keep_tombstone(session: Session, instance: Any) -> None:
    found = _BY_MODEL.get(type(instance))
    if found is None:
        return
    values = inspect(instance).dict
    session.info.setdefault(TOMBSTONES, {})[instance.id] = {
        name: _plain(values.get(name)) for name in found.columns
    }


async def current_keys(
    session: AsyncSession, resource: str, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The keys the records hold now, in one query."""
    found = keyed(resource)
    if found is None or not ids:
        return {}
    # The table's columns, not the model's: a bulk upsert reads 5,000 rows here, and
    # rows of plain columns skip the ORM's per-row loading.
    table = found.model.__table__
    columns = [table.c[name] for name in found.columns]
    wanted = list(set(ids))
    among = (
        any_of(table.c.id, wanted, "keyed_ids")
        if session.get_bind().dialect.name == "postgresql"
        else table.c.id.in_(wanted)
    )
    rows = await session.execute(select(table.c.id, *columns).where(among))
    return {
        row[0]: {name: _plain(value) for name, value in zip(found.columns, row[1:], strict=True)}
        for row in rows
    }


def taken_tombstone(session: AsyncSession, record_id: uuid.UUID) -> dict[str, Any] | None:
    kept: dict[uuid.UUID, dict[str, Any]] = session.info.get(TOMBSTONES, {})
    return kept.pop(record_id, None)


def before_change(after: dict[str, Any], changes: dict[str, Any] | None) -> dict[str, Any]:
    """The keys before an update: its `changes` hold [before, after] for what it changed."""
    if not changes:
        return dict(after)
    return {
        name: (changes[name][0] if name in changes and isinstance(changes[name], list) else value)
        for name, value in after.items()
    }
