"""A resource's list route in a few lines: its filters read from the query string, and
one answer for every list, a keyset page as JSON (with `total` when asked) or the whole
filtered list streamed as CSV or NDJSON.

    Filters = filter_params(service.ThingFilters, kind=Annotated[list[Kind] | None, Query()], q=Q)
    ThingList = Annotated[Listing[service.ThingFilters], Depends(list_params(Filters, SORTABLE))]

    @router.get("", response_model=Page[ThingRead], **LIST_CSV)
    async def list_things(session: Session, scope: CallerScope, listing: ThingList) -> Response:
        return await listing.answer(session, service.things(scope, listing.filters), COLUMNS, ...)
"""

import inspect
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Protocol, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from starlette.responses import Response

from api.core.csv_export import wants_csv
from api.core.errors import NotFound
from api.core.http import page_response
from api.core.pagination import PageParams, PageResult, page_params_sorted_by
from api.core.params import Format, aware
from api.core.routes import csv_list
from api.core.sort_order import SortOrder

F = TypeVar("F")
Rows = list[Mapping[str, Any]]
Executor = AsyncSession | AsyncConnection


@dataclass(frozen=True)
class ListQuery:
    """A scoped, filtered list: `statement` gives a page's rows (every sort key and `id`
    among its columns), `bodies` turns them into the page's items, and `export` is the
    select a CSV streams when its columns differ from the page's."""

    statement: Select[Any]
    order: SortOrder
    export: Select[Any] | None = None
    bodies: Callable[[Rows], Awaitable[Sequence[Any]] | Sequence[Any]] | None = None

    def exported(self, sort: str | None) -> Select[Any]:
        return self.order.ordered(self.statement if self.export is None else self.export, sort)

    async def page(self, executor: Executor, params: PageParams) -> PageResult:
        result = await self.order.page(executor, self.statement, params)
        return PageResult(await self._items(result.rows), result.next_cursor, result.total)

    async def one(self, executor: Executor, record_id: uuid.UUID, noun: str) -> dict[str, Any]:
        """The item with this id, shaped as a page's items are; 404 outside the list."""
        stmt = self.statement.where(self.order.tie_breaker == record_id)
        row = (await executor.execute(stmt)).mappings().first()
        if row is None:
            raise NotFound(f"No {noun} with id {record_id}.")
        return dict((await self._items([row]))[0])

    async def _items(self, rows: Rows) -> list[Any]:
        # An empty page has no nested rows to read: no query for them.
        if self.bodies is None or not rows:
            return rows
        items = self.bodies(rows)
        if inspect.isawaitable(items):
            items = await items
        return list(items)


class Paged(Protocol):
    """What `Listing.answer` needs of a list: a page, and the whole list in order."""

    async def page(self, executor: Executor, params: PageParams) -> PageResult: ...

    def exported(self, sort: str | None) -> Select[Any]: ...


@dataclass(frozen=True)
class Listing(Generic[F]):
    request: Request
    filters: F
    page: PageParams

    async def answer(
        self, executor: Executor, query: Paged, columns: Sequence[str], filename: str
    ) -> Response:
        """CSV or NDJSON when asked (`Accept` or `format`), paging ignored; else one page."""
        if wants_csv(self.request):
            return csv_list(self.request, query.exported(self.page.sort), columns, filename)
        return page_response(self.request, await query.page(executor, self.page))


async def no_filters() -> None:
    return None


def list_params(
    filters: Callable[..., Awaitable[F]], order: Iterable[str]
) -> Callable[..., Awaitable[Listing[F]]]:
    """A list route's query: `format` first, then the filters, then the page parameters
    (the order they stand in the spec)."""
    page_params = page_params_sorted_by(order)

    async def read_list(
        request: Request,
        filters: Annotated[Any, Depends(filters)],
        page: Annotated[PageParams, Depends(page_params)],
        format: Format = None,
    ) -> Listing[F]:
        return Listing(request, filters, page)

    return read_list


def filter_params(make: Callable[..., F], **params: Any) -> Callable[..., Awaitable[F]]:
    """A dependency reading each named query parameter (its annotation carries its
    `Query(...)`; left out, it is None) and making the filters of them, in order.
    `updated_since` comes in UTC, a time no calendar holds a 400."""

    async def read_filters(**values: Any) -> F:
        if "updated_since" in values:
            values["updated_since"] = aware(values["updated_since"])
        return make(**values)

    keyword = inspect.Parameter.KEYWORD_ONLY
    read_filters.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(name, keyword, default=None, annotation=kind)
            for name, kind in params.items()
        ]
    )
    return read_filters
