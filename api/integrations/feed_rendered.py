"""A page's records rendered as JSON by PostgreSQL, for the change feed.

A client catching up reads a million events; building each record's dict in Python (the
driver's values, SQLAlchemy's processors, the shape, then the encoder) cost several times
what PostgreSQL takes to write the same JSON. Where a resource's record is its scoped list
statement's columns picked by name (`RowsReader` with a `Shape`) and every column is of a
type PostgreSQL writes exactly as the response encoder does, the statement is wrapped in
`row_to_json` and the text travels into the response untouched. Any other resource,
and SQLite, reads its records as before.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Select,
    Text,
    case,
    cast,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeDecorator

from api.core.db import UTCDateTime
from api.core.driver_reads import fetch_built_rows
from api.core.feed_registry import FeedResource, RowsReader, Shape
from api.core.scope import Scope

# Types whose JSON is the same from PostgreSQL as from the response encoder (orjson).
# Floats (`1.0` against `1`), decimals and enums are left to Python.
_SAME_JSON: frozenset[type] = frozenset({str, int, bool, uuid.UUID, dt.date, dict, list})
_RECORD = "record_json"
_WHOLE_SECONDS: ColumnElement[str] = literal_column("""'YYYY-MM-DD"T"HH24:MI:SS'""")
_MICROSECONDS: ColumnElement[str] = literal_column("""'YYYY-MM-DD"T"HH24:MI:SS.US'""")


@dataclass(frozen=True)
class Rendered:
    """A record as JSON text, with the few of its values the event around it needs."""

    json: orjson.Fragment
    values: dict[str, Any]


def _written_alike(column: ColumnElement[Any]) -> bool:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return True
    if isinstance(kind, TypeDecorator):
        return False  # its own conversion runs in Python
    return _same_json(kind) and (not isinstance(kind, ARRAY) or _same_json(kind.item_type))


def _same_json(kind: Any) -> bool:
    try:
        return kind.python_type in _SAME_JSON
    except NotImplementedError:
        return False


def _json_value(column: ColumnElement[Any]) -> ColumnElement[Any]:
    if not isinstance(column.type, UTCDateTime):
        return column
    # As orjson writes an aware UTC datetime, whatever the session's time zone: six digits
    # of fraction (PostgreSQL's own JSON drops trailing zeros), none when it is zero.
    utc = func.timezone("UTC", column)
    written = case(
        (func.date_trunc("second", utc) == utc, func.to_char(utc, _WHOLE_SECONDS)),
        else_=func.to_char(utc, _MICROSECONDS),
    )
    return written.op("||")(literal_column("'+00:00'"))


def _rendering(reader: RowsReader, stmt: Select[Any], picked: Sequence[str]) -> Select[Any] | None:
    if not isinstance(reader.shape, Shape):
        return None
    columns = stmt.selected_columns
    fields = reader.shape.fields
    if not all(name.isidentifier() and name in columns for name in (*fields, *picked, "id")):
        return None
    if not all(_written_alike(columns[name]) for name in fields):
        return None
    rows = stmt.subquery()
    # row_to_json over a row of just the fields: a third of json_build_object's time, which
    # looks up every value's type again on every row.
    fields_row = (
        select(*(_json_value(rows.c[name]).label(name) for name in fields))
        .correlate(rows)
        .lateral()
    )
    record = cast(func.row_to_json(fields_row.table_valued()), Text).label(_RECORD)
    return select(rows.c.id, *(rows.c[name] for name in picked), record).select_from(
        rows.join(fields_row, true())
    )


async def rendered_records(
    session: AsyncSession, scope: Scope, entry: FeedResource, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Rendered] | None:
    """The records rendered by PostgreSQL, or None when this resource cannot be."""
    reader = entry.read
    if session.get_bind().dialect.name != "postgresql" or not isinstance(reader, RowsReader):
        return None
    picked = tuple(dict.fromkeys(entry.stored_keys()))
    stmt = _rendering(reader, reader.narrowed(session, scope, ids), picked)
    if stmt is None:
        return None
    rows = await fetch_built_rows(await session.connection(), stmt)
    # The row, less its JSON, is the values: its id and the picked columns.
    return {row["id"]: Rendered(orjson.Fragment(row.pop(_RECORD)), row) for row in rows}
