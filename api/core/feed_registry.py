"""The resources the change feed can show in full, each filled in by its area's module.

An entry says how to read a page's records of the resource for a caller (one query, or a
few for nested lists, per resource per page, as the area's Read schema shows them and
only those the caller may read), where its collection is, what its parent is, and which
columns are its natural keys.
"""

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.natural_keys import register_keys
from api.core.scope import Scope
from api.core.unnest import any_of

Records = dict[uuid.UUID, dict[str, Any]]
Reader = Callable[[AsyncSession, Scope, Sequence[uuid.UUID]], Awaitable[Records]]


@dataclass(frozen=True)
class Parent:
    resource: str
    column: str


@dataclass(frozen=True)
class FeedResource:
    resource: str
    model: Any
    # Under /api/v1; a nested collection names its parent's id as `{parent_id}`.
    collection: str
    read: Reader
    keys: tuple[str, ...] = ()
    parent: Parent | None = None

    def stored_keys(self) -> tuple[str, ...]:
        """What each event stores: the natural keys and the parent, so a tombstone has both."""
        return self.keys + ((self.parent.column,) if self.parent else ())

    def collection_of(self, parent_id: Any) -> str | None:
        if "{parent_id}" not in self.collection:
            return "/api/v1" + self.collection
        if parent_id is None:
            return None
        return "/api/v1" + self.collection.format(parent_id=parent_id)


REGISTRY: dict[str, FeedResource] = {}


def register(*entries: FeedResource) -> None:
    for entry in entries:
        REGISTRY[entry.resource] = entry
        register_keys(entry.resource, entry.model, entry.stored_keys())


def today() -> dt.date:
    return utcnow().date()


@dataclass(frozen=True)
class Shape:
    """A record as the fields of its Read schema, picked from a row by name."""

    fields: tuple[str, ...]

    def __call__(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {name: row[name] for name in self.fields}


def shaped(schema: type[BaseModel]) -> Shape:
    return Shape(tuple(schema.model_fields))


def _among(session: AsyncSession, column: Any, ids: Sequence[uuid.UUID]) -> Any:
    # One array parameter on PostgreSQL: expanding a page's 1,000 ids into as many
    # placeholders took a fifth of the page's time.
    if session.get_bind().dialect.name == "postgresql":
        return any_of(column, ids, "feed_ids")
    return column.in_(ids)


@dataclass(frozen=True)
class RowsReader:
    """Records from the area's scoped list statement, narrowed to the page's ids; the
    statement and shape stay readable, so the feed may render them in SQL instead."""

    statement: Callable[[Scope], Select[Any]]
    model: Any
    shape: Callable[[Mapping[str, Any]], dict[str, Any]]

    def narrowed(
        self, session: AsyncSession, scope: Scope, ids: Sequence[uuid.UUID]
    ) -> Select[Any]:
        return self.statement(scope).where(_among(session, self.model.id, ids))

    async def __call__(
        self, session: AsyncSession, scope: Scope, ids: Sequence[uuid.UUID]
    ) -> Records:
        rows = (await session.execute(self.narrowed(session, scope, ids))).mappings().all()
        return {row["id"]: self.shape(row) for row in rows}


def rows_reader(
    statement: Callable[[Scope], Select[Any]],
    model: Any,
    shape: Callable[[Mapping[str, Any]], dict[str, Any]],
) -> Reader:
    return RowsReader(statement, model, shape)


def bodies_reader(
    statement: Callable[[Scope], Select[Any]],
    model: Any,
    bodies: Callable[[AsyncSession, Sequence[Mapping[str, Any]]], Awaitable[list[dict[str, Any]]]],
) -> Reader:
    """Records whose bodies add nested lists, read for all of the page's rows at once."""

    async def read(session: AsyncSession, scope: Scope, ids: Sequence[uuid.UUID]) -> Records:
        stmt = statement(scope).where(_among(session, model.id, ids))
        rows = (await session.execute(stmt)).mappings().all()
        if not rows:
            return {}
        return {body["id"]: body for body in await bodies(session, rows)}

    return read
