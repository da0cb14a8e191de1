"""A page of the change feed written whole by PostgreSQL.

A client catching up reads a million events, ten thousand a page. Shaping each event in
Python (its keys, parent and collection, then the encoder) and the garbage collector's
passes over those objects cost more than PostgreSQL takes to write the same JSON. When
every resource on the page has records PostgreSQL can write (`feed_rendered`), one
statement joins the page's events to their records, read as the caller may read them,
and writes each event as `feed_shown.shown` would; the text goes into the response
untouched. Any other page, and SQLite, is shaped in Python.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    FromClause,
    String,
    Subquery,
    Text,
    and_,
    any_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal,
    literal_column,
    null,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.driver_reads import fetch_built_rows
from api.core.events import Event, Operation
from api.core.feed_registry import REGISTRY, FeedResource
from api.core.scope import Scope
from api.integrations.feed_rendered import (
    RECORD,
    json_value,
    picked_keys,
    record_rows,
    written_alike,
)

_EVENT = "event"
_KEYS = type_coerce(Event.keys, JSONB)
_EMPTY: ColumnElement[Any] = literal_column("'{}'::jsonb")


@dataclass(frozen=True)
class _Part:
    """A resource on the page, with its records (None when its events are all deletes)."""

    entry: FeedResource
    rows: Subquery | None

    def found(self) -> ColumnElement[bool]:
        return self.rows.c.id.is_not(None) if self.rows is not None else false()


def _object(pairs: Sequence[tuple[str, Any]]) -> ColumnElement[Any]:
    arguments: list[Any] = []
    for name, value in pairs:
        # Field names are Python identifiers (checked by the registry's shapes): safe
        # as quoted literals, which json_build_object needs to know their type.
        arguments += [literal_column(f"'{name}'"), value]
    return func.json_build_object(*arguments)


def _text(value: str) -> ColumnElement[str]:
    return literal(value, String)


def _get(document: Any, name: str) -> ColumnElement[Any]:
    """`document -> name`: a member of a JSON object, SQL NULL when it has none."""
    return type_coerce(document.op("->")(_text(name)), JSONB)


def _is_object(document: Any, *, empty: bool = True) -> ColumnElement[bool]:
    condition = func.jsonb_typeof(document) == "object"
    return condition if empty else and_(condition, document != _EMPTY)


def _natural(entry: FeedResource, side: str) -> ColumnElement[Any]:
    stored = _get(_KEYS, side)
    named = _object([(name, _get(stored, name)) for name in entry.keys])
    return case((_is_object(stored), named), else_=null())


def _keys(part: _Part) -> ColumnElement[Any]:
    """As `feed_shown._keys`: the stored keys, or (written before events named them)
    what the record holds."""
    entry, rows = part.entry, part.rows
    now: ColumnElement[Any] = null()
    if rows is not None and picked_keys(entry):
        held = _object([(name, json_value(rows.c[name])) for name in entry.keys])
        now = case((part.found(), held), else_=null())
    stored = _object([("before", _natural(entry, "before")), ("after", _natural(entry, "after"))])
    created = Event.operation == Operation.create.value
    held_now = _object([("before", case((created, null()), else_=now)), ("after", now)])
    return case((_is_object(_KEYS, empty=False), stored), else_=held_now)


def _parent_id(part: _Part) -> ColumnElement[Any] | None:
    """As `feed_shown._parent_id`, as a JSON value: the record's, or the stored keys'."""
    if part.entry.parent is None:
        return None
    column = part.entry.parent.column
    after, before = _get(_KEYS, "after"), _get(_KEYS, "before")
    last = func.coalesce(
        case((_is_object(after, empty=False), after), else_=null()),
        case((_is_object(before, empty=False), before), else_=null()),
    )
    stored = _get(last, column)
    if part.rows is None:
        return stored
    held = func.to_jsonb(json_value(part.rows.c[column]))
    return case((part.found(), held), else_=stored)


def _placed(part: _Part) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The event's collection and parent, as `feed_shown.shown` names them."""
    entry, parent_id = part.entry, _parent_id(part)
    nested = "{parent_id}" in entry.collection
    if parent_id is None or entry.parent is None:
        return (null() if nested else _text(entry.collection_of(None) or "")), null()
    named = and_(parent_id.is_not(None), func.jsonb_typeof(parent_id) != "null")
    collection: ColumnElement[Any] = _text(entry.collection_of(None) or "")
    if nested:
        before, after = ("/api/v1" + entry.collection).split("{parent_id}", 1)
        as_text = parent_id.op("#>>")(literal_column("'{}'"))
        collection = case((named, func.concat(_text(before), as_text, _text(after))), else_=null())
    parent = _object([("resource", _text(entry.parent.resource)), ("id", parent_id)])
    return collection, case((named, parent), else_=null())


def _by_resource(
    parts: Sequence[_Part], values: Sequence[ColumnElement[Any]]
) -> ColumnElement[Any]:
    if not parts:
        return null()
    whens = [
        (Event.resource == _text(part.entry.resource), value)
        for part, value in zip(parts, values, strict=True)
    ]
    return case(*whens, else_=null())


def _parts(
    session: AsyncSession, scope: Scope, heads: Sequence[Mapping[str, Any]]
) -> list[_Part] | None:
    wanted: dict[str, dict[uuid.UUID, None]] = {}
    for head in heads:
        if head["resource"] in REGISTRY:
            ids = wanted.setdefault(head["resource"], {})
            if head["operation"] != Operation.delete.value:
                ids[head["resource_id"]] = None
    parts = []
    for resource, ids in wanted.items():
        entry = REGISTRY[resource]
        if not ids:
            parts.append(_Part(entry, None))
            continue
        stmt = record_rows(session, scope, entry, list(ids))
        if stmt is None:
            return None
        rows = stmt.subquery()
        if not all(written_alike(rows.c[name]) for name in picked_keys(entry)):
            return None
        parts.append(_Part(entry, rows))
    return parts


def _joined(parts: Sequence[_Part]) -> FromClause:
    joined: FromClause = Event.__table__
    for part in parts:
        if part.rows is not None:
            on = and_(
                Event.resource == _text(part.entry.resource),
                Event.operation != Operation.delete.value,
                part.rows.c.id == Event.resource_id,
            )
            joined = joined.outerjoin(part.rows, on)
    return joined


async def rendered_page(
    session: AsyncSession,
    scope: Scope,
    heads: Sequence[Mapping[str, Any]],
    *,
    with_changes: bool,
) -> str | None:
    """The page's events (`heads`: their seq, resource, resource_id and operation), as
    the items of a JSON array, comma-separated; None when PostgreSQL cannot write them."""
    if not heads:
        return ""
    parts = _parts(session, scope, heads)
    if parts is None:
        return None
    placed = [_placed(part) for part in parts]
    records = [part.rows.c[RECORD] for part in parts if part.rows is not None]
    fields: list[tuple[str, Any]] = [
        ("seq", Event.seq),
        ("occurred_at", json_value(Event.__table__.c.occurred_at)),
        ("actor", Event.actor),
        ("resource", Event.resource),
        ("resource_id", Event.resource_id),
        ("operation", Event.operation),
        ("version", Event.version),
    ]
    if with_changes:
        fields.append(("changes", Event.changes))
    fields += [
        ("collection", _by_resource(parts, [collection for collection, _ in placed])),
        ("parent", _by_resource(parts, [parent for _, parent in placed])),
        ("keys", _by_resource(parts, [_keys(part) for part in parts])),
        ("record", func.coalesce(*records) if records else null()),
    ]
    seqs = bindparam("page_seqs", [head["seq"] for head in heads], type_=ARRAY(BigInteger))
    columns: list[Any] = [Event.seq, cast(_object(fields), Text).label(_EVENT)]
    stmt = select(*columns).select_from(_joined(parts)).where(Event.seq == any_(seqs))
    # Put in order here: sorting ten thousand written events spilled PostgreSQL's sort
    # to disk, where a dict of them costs a few milliseconds.
    rows = await fetch_built_rows(await session.connection(), stmt)
    written = {row["seq"]: row[_EVENT] for row in rows}
    return ",".join(written[head["seq"]] for head in heads)
