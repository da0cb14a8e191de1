"""Cursor (keyset) pages, sorting and the `Link` header shared by every list."""

import base64
import binascii
import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import parse_qsl, urlencode

import orjson
from fastapi import Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    SmallInteger,
    and_,
    bindparam,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.core.db import Column
from api.core.driver_reads import dict_rows, fetch_rows
from api.core.errors import BadRequest
from api.core.responses import json_bytes
from api.core.times import in_utc

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_CURSOR_LENGTH = 2000
MAX_SORT_LENGTH = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        None, description="Opaque cursor for the next page; absent on the last page."
    )
    total: int | None = Field(None, description="Rows matching the filters, when asked for.")


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None
    include_total: bool
    sort: str | None


PageDependency = Callable[..., Awaitable[PageParams]]


def sort_pattern(fields: Iterable[str]) -> str:
    """`name`, `-name`, `name,-updated_at`...: the sortable fields, comma-separated."""
    token = "-?(" + "|".join(sorted(fields)) + ")"
    return f"^{token}(,{token})*$"


def page_params_sorted_by(fields: Iterable[str]) -> PageDependency:
    """Page parameters whose `sort` names only the resource's sortable (indexed) fields."""
    names = sorted(fields)
    listed = ", ".join(f"`{name}`" for name in names)

    async def sorted_page_params(
        limit: Annotated[
            int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")
        ] = DEFAULT_LIMIT,
        cursor: Annotated[
            str | None,
            Query(max_length=MAX_CURSOR_LENGTH, description="`next_cursor` of the previous page."),
        ] = None,
        include_total: Annotated[
            bool, Query(description="Also count every matching row (`total`, `X-Total-Count`).")
        ] = False,
        sort: Annotated[
            str | None,
            Query(
                pattern=sort_pattern(names),
                max_length=MAX_SORT_LENGTH,
                description=f"Comma-separated fields, `-` for descending; sortable: {listed}. "
                "A field named twice counts once, in its first direction.",
                examples=[names[0], f"-{names[0]}"],
            ),
        ] = None,
    ) -> PageParams:
        return PageParams(limit, cursor, include_total, sort)

    return sorted_page_params


@dataclass(frozen=True)
class SortKey:
    name: str
    column: Column
    descending: bool


def parse_sort(sort: str | None, allowed: Mapping[str, Column], default: str) -> list[SortKey]:
    keys: list[SortKey] = []
    for raw in (sort or default).split(","):
        token = raw.strip()
        descending = token.startswith("-")
        name = token.lstrip("-+")
        if name not in allowed:
            raise BadRequest(
                f"Cannot sort by '{name}'. Sortable fields: {', '.join(sorted(allowed))}.",
                errors=[{"loc": ["query", "sort"], "msg": "unknown sort field", "type": "sort"}],
            )
        if any(key.name == name for key in keys):
            continue  # the first direction decides; a repeat adds no order
        keys.append(SortKey(name, allowed[name], descending))
    return keys


def _sort_signature(keys: Sequence[SortKey]) -> str:
    return ",".join(("-" if key.descending else "") + key.name for key in keys)


def encode_cursor(keys: Sequence[SortKey], row: Mapping[str, Any], id_field: str = "id") -> str:
    values = [row[key.name] for key in keys] + [row[id_field]]
    payload = json_bytes({"s": _sort_signature(keys), "v": values})
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def _int_range(column: Column) -> range:
    bits = 16 if isinstance(column.type, SmallInteger) else 32
    if isinstance(column.type, BigInteger):
        bits = 64
    return range(-(2 ** (bits - 1)), 2 ** (bits - 1))


def _parse_value(raw: Any, column: Column) -> Any:
    """A cursor value as its column's type, or ValueError: a cursor comes back from
    the client, so it is checked as closely as any other input."""
    python_type = column.type.python_type
    if raw is None:
        return None
    if python_type in (dt.datetime, dt.date, uuid.UUID, str) and not isinstance(raw, str):
        raise ValueError(f"cursor value {raw!r} is not text")
    if isinstance(raw, str) and "\x00" in raw:
        raise ValueError("cursor value holds a NUL character")
    if python_type is dt.datetime:
        return in_utc(dt.datetime.fromisoformat(raw))
    if python_type is dt.date:
        return dt.date.fromisoformat(raw)
    if python_type is uuid.UUID:
        return uuid.UUID(raw)
    if python_type is int:
        if type(raw) is not int or raw not in _int_range(column):
            raise ValueError(f"cursor value {raw!r} is not a whole number in range")
        return raw
    if type(raw) is bool and python_type is not bool:
        raise ValueError(f"cursor value {raw!r} is not a {python_type.__name__}")
    if not isinstance(raw, python_type):
        raise ValueError(f"cursor value {raw!r} is not a {python_type.__name__}")
    return raw


def decode_cursor(cursor: str, keys: Sequence[SortKey], id_column: Column) -> list[Any]:
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if payload["s"] != _sort_signature(keys):
            raise BadRequest("The cursor belongs to a different sort order; start again.")
        raw_values = payload["v"]
        columns = [key.column for key in keys] + [id_column]
        if not isinstance(raw_values, list) or len(raw_values) != len(columns):
            raise ValueError("cursor has the wrong number of values")
        return [_parse_value(raw, column) for raw, column in zip(raw_values, columns, strict=True)]
    except BadRequest:
        raise
    except (
        binascii.Error,
        orjson.JSONDecodeError,
        KeyError,
        TypeError,
        ValueError,
        OverflowError,
    ) as exc:
        raise BadRequest(
            "The cursor is not valid; use `next_cursor` from a previous page unchanged.",
            errors=[{"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "cursor"}],
        ) from exc


def _after(
    keys: Sequence[SortKey], id_column: Column, values: Sequence[Any]
) -> ColumnElement[bool]:
    columns = [key.column for key in keys] + [id_column]
    directions = [key.descending for key in keys] + [keys[-1].descending if keys else False]
    if len(set(directions)) == 1:
        # One row-value comparison lets an index on (sort..., id) do the seek.
        row, bound = tuple_(*columns), tuple_(*values)
        return row < bound if directions[0] else row > bound
    clauses = []
    for position, (column, descending) in enumerate(zip(columns, directions, strict=True)):
        equal_before = [c == v for c, v in zip(columns[:position], values[:position], strict=True)]
        step = column < values[position] if descending else column > values[position]
        clauses.append(and_(*equal_before, step))
    return or_(*clauses)


def in_sort_order(stmt: Select[Any], keys: Sequence[SortKey], id_column: Column) -> Select[Any]:
    id_order = id_column.desc() if keys and keys[-1].descending else id_column.asc()
    order = [key.column.desc() if key.descending else key.column.asc() for key in keys]
    return stmt.order_by(*order, id_order)


@dataclass
class PageResult:
    rows: list[Mapping[str, Any]]
    next_cursor: str | None
    total: int | None


CURSOR_PARAM = "_cursor_{}"


@dataclass(frozen=True)
class KeysetQuery:
    """A filtered select prepared for keyset paging: the first page, and the page after
    a cursor with the cursor's values as bound parameters.

    Kept and reused, a statement is compiled once: SQLAlchemy memoises its cache key
    on the object, so a request only binds values (building and keying a statement
    anew costs more than running it).
    """

    base: Select[Any]
    keys: tuple[SortKey, ...]
    id_column: Column
    limit: int

    @cached_property
    def first(self) -> Select[Any]:
        return in_sort_order(self.base, self.keys, self.id_column).limit(self.limit + 1)

    @cached_property
    def after(self) -> Select[Any]:
        columns = [key.column for key in self.keys] + [self.id_column]
        bounds = [
            bindparam(CURSOR_PARAM.format(i), type_=column.type) for i, column in enumerate(columns)
        ]
        stmt = self.base.where(_after(self.keys, self.id_column, bounds))
        return in_sort_order(stmt, self.keys, self.id_column).limit(self.limit + 1)

    async def fetch(
        self, executor: AsyncSession | AsyncConnection, params: PageParams
    ) -> PageResult:
        """Run on a session, or on its connection to skip the ORM's execution layer
        (fine for column selects; a select of ORM entities needs the session)."""
        total = None
        if params.include_total:
            count_stmt = select(func.count()).select_from(self.base.order_by(None).subquery())
            total = (await executor.execute(count_stmt)).scalar_one()
        if params.cursor:
            values = decode_cursor(params.cursor, self.keys, self.id_column)
            stmt, bound = self.after, {CURSOR_PARAM.format(i): v for i, v in enumerate(values)}
        else:
            stmt, bound = self.first, {}
        rows: list[Mapping[str, Any]]
        if isinstance(executor, AsyncConnection):
            rows = list(await fetch_rows(executor, stmt, bound))
        else:
            rows = list(dict_rows(await executor.execute(stmt, bound)))
        next_cursor = None
        if len(rows) > self.limit:
            rows = rows[: self.limit]
            next_cursor = encode_cursor(self.keys, rows[-1])
        return PageResult(rows, next_cursor, total)


async def fetch_page(
    session: AsyncSession,
    stmt: Select[Any],
    params: PageParams,
    keys: Sequence[SortKey],
    id_column: Column,
) -> PageResult:
    """Run a filtered select one keyset page at a time.

    The select's columns must include every sort key by name and `id`.
    """
    return await KeysetQuery(stmt, tuple(keys), id_column, params.limit).fetch(session, params)


def with_query_param(request: Request, name: str, value: str) -> str:
    """The request's URL with one query parameter set, the others kept in order.

    What `request.url.include_query_params` gives, without building the URL's parts
    and a multi-dict first: that was a tenth of a list request's time.
    """
    query = [
        (key, item)
        for key, item in parse_qsl(request.scope["query_string"].decode("latin-1"), True)
        if key != name
    ]
    query.append((name, value))
    base = str(request.url)
    return f"{base.partition('?')[0]}?{urlencode(query)}"


def page_headers(request: Request, result: PageResult) -> dict[str, str]:
    headers: dict[str, str] = {}
    if result.next_cursor:
        next_url = with_query_param(request, "cursor", result.next_cursor)
        headers["Link"] = f'<{next_url}>; rel="next"'
    if result.total is not None:
        headers["X-Total-Count"] = str(result.total)
    return headers


def page_body(items: list[Any], result: PageResult) -> dict[str, Any]:
    body: dict[str, Any] = {"items": items, "next_cursor": result.next_cursor}
    if result.total is not None:
        body["total"] = result.total
    return body
