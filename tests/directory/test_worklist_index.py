"""The re-verification worklist (`GET /people?sort=last_verified`) reads in order from an
index on both databases: the sort expression, epoch included, is the index's own."""

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import Person
from api.directory.service.people import LAST_VERIFIED


async def plan(session: AsyncSession) -> str:
    dialect = session.get_bind().dialect
    ordered = select(Person.id).order_by(LAST_VERIFIED, Person.id)
    # The epoch is written into the SQL; nothing is left bound.
    sql = str(ordered.compile(dialect=dialect, compile_kwargs={"render_postcompile": True}))
    if dialect.name == "sqlite":
        rows = await session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
        return "\n".join(str(row[-1]) for row in rows)
    # A table this small is read whole and sorted; forbid both to see whether the index fits.
    await session.execute(text("SET LOCAL enable_seqscan = off"))
    await session.execute(text("SET LOCAL enable_sort = off"))
    rows = await session.execute(text(f"EXPLAIN {sql}"))
    return "\n".join(str(row[0]) for row in rows)


async def test_the_worklist_order_is_read_from_its_index(session: AsyncSession) -> None:
    found = await plan(session)
    await session.rollback()
    assert "ix_people_last_verified" in found, found
    assert "TEMP B-TREE" not in found, found
    assert "Sort" not in found, found
