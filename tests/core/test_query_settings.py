"""Settings for one heavy read hold for its statements, on a read request's autocommit
connection too, and never outlive it on the connection the pool hands out next."""

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Database
from api.core.query_settings import query_settings
from api.core.side_by_side import read_side_by_side

pytestmark = pytest.mark.postgres_only

SETTINGS = {"work_mem": "48MB", "plan_cache_mode": "force_custom_plan"}


async def work_mem(session: AsyncSession) -> str:
    return str(await session.scalar(text("SELECT current_setting('work_mem')")))


async def test_settings_hold_inside_and_are_reset_after(real_database: Database) -> None:
    assert real_database.read_sessionmaker is not None
    async with real_database.read_sessionmaker() as session:
        before = await work_mem(session)
        async with query_settings(session, SETTINGS):
            assert await work_mem(session) == "48MB"
        assert await work_mem(session) == before != "48MB"


async def test_a_failed_read_does_not_hand_its_settings_on(real_database: Database) -> None:
    assert real_database.read_sessionmaker is not None
    async with real_database.read_sessionmaker() as session:
        with pytest.raises(ZeroDivisionError):
            async with query_settings(session, SETTINGS):
                raise ZeroDivisionError
    async with real_database.read_sessionmaker() as session:
        assert await work_mem(session) != "48MB"


async def test_side_by_side_reads_answer_in_order_on_their_own_connections(
    real_database: Database,
) -> None:
    assert real_database.read_sessionmaker is not None

    async def backend_pid(session: AsyncSession) -> tuple[int, str]:
        pid = await session.scalar(text("SELECT pg_backend_pid()"))
        return int(pid or 0), await work_mem(session)

    async def constant(value: int) -> int:
        return value

    async with real_database.read_sessionmaker() as session:
        first, second, third = await read_side_by_side(
            session, [backend_pid, backend_pid, lambda _: constant(3)], SETTINGS
        )
        assert first[0] != second[0], "the second read ran on the request's connection"
        assert first[1] == second[1] == "48MB"
        assert third == 3
        assert await work_mem(session) != "48MB"
    async with real_database.sessionmaker() as session:
        # A transaction has one connection: its reads run one after another on it.
        first, second = await read_side_by_side(session, [backend_pid, backend_pid], SETTINGS)
        assert first == second
