"""How a resource's lists sort: the `sort` values it accepts, the order it falls back
to, and the id that breaks ties so a cursor never skips or repeats a row."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.core.db import Column
from api.core.pagination import (
    KeysetQuery,
    PageParams,
    PageResult,
    SortKey,
    in_sort_order,
    parse_sort,
)


@dataclass(frozen=True, eq=False)
class SortOrder:
    columns: Mapping[str, Column]
    default: str
    tie_breaker: Column

    @classmethod
    def of(cls, model: Any, *names: str, default: str) -> "SortOrder":
        """The model's columns by name, ties broken by its `id`."""
        return cls({name: getattr(model, name) for name in names}, default, model.id)

    def __iter__(self) -> Iterator[str]:
        """The names `sort` accepts, for `page_params_sorted_by`."""
        return iter(self.columns)

    def keys(self, sort: str | None) -> list[SortKey]:
        """`sort` as ORDER BY keys; an unknown name is a 400."""
        return parse_sort(sort, self.columns, self.default)

    def ordered(self, statement: Select[Any], sort: str | None) -> Select[Any]:
        """The whole list in `sort` order, for an export."""
        return in_sort_order(statement, self.keys(sort), self.tie_breaker)

    def keyset(self, statement: Select[Any], sort: str | None, limit: int) -> KeysetQuery:
        return KeysetQuery(statement, tuple(self.keys(sort)), self.tie_breaker, limit)

    async def page(
        self, executor: AsyncSession | AsyncConnection, statement: Select[Any], page: PageParams
    ) -> PageResult:
        """One keyset page of the statement; its columns hold every sort key and `id`."""
        return await self.keyset(statement, page.sort, page.limit).fetch(executor, page)
