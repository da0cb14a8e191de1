"""Many records written with a statement or two: on PostgreSQL one array per column
(`api.core.unnest`), elsewhere one executemany."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.unnest import insert_rows, update_rows

Record = dict[str, Any]


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def insert_records(session: AsyncSession, table: Table, records: Sequence[Record]) -> None:
    """New records, all with the same keys."""
    if not records:
        return
    if _is_postgres(session):
        await session.execute(insert_rows(table, records))
    else:
        await session.execute(insert(table), list(records))


async def update_records(
    session: AsyncSession, table: Table, records: Sequence[Record], columns: Sequence[str]
) -> None:
    """Each record's `columns` onto the stored record with its `id`."""
    if not records:
        return
    if _is_postgres(session):
        await session.execute(update_rows(table, records, columns))
        return
    stmt = (
        update(table)
        .where(table.c.id == bindparam("match_id"))
        .values({name: bindparam(name) for name in columns})
    )
    params = [{"match_id": r["id"]} | {name: r[name] for name in columns} for r in records]
    await session.execute(stmt, params)
