"""Stream a select's rows in batches from a server-side cursor, straight from asyncpg.

A whole-collection export of 100,000 rows spent half its time in SQLAlchemy's result
layer; here SQLAlchemy still writes the SQL and converts the values (as
`api.core.driver_reads` does), and asyncpg's cursor hands the rows over a batch at a
time. On SQLite, or another driver, the rows come through SQLAlchemy's own stream.
"""

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.driver_reads import compile_read


async def row_batches(
    session: AsyncSession, stmt: Select[Any], size: int
) -> AsyncIterator[list[dict[str, Any]]]:
    connection = await session.connection()
    if connection.dialect.driver != "asyncpg":
        result = await session.stream(stmt.execution_options(yield_per=size))
        names = list(result.keys())
        async for batch in result.partitions(size):
            yield [dict(zip(names, row, strict=True)) for row in batch]
        return
    # The cursor lives in a transaction: SQLAlchemy begins it with its first statement.
    await connection.execute(select(1))
    compiled = compile_read(stmt, connection.dialect)
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    records: list[Any] = []
    async for record in driver.cursor(compiled.sql, *compiled.arguments({}), prefetch=size):
        records.append(record)
        if len(records) == size:
            yield compiled.rows(records)
            records = []
    if records:
        yield compiled.rows(records)
