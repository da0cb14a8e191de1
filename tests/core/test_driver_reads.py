"""Kept selects run straight on asyncpg give exactly the rows SQLAlchemy gives."""

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import Uuid, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from api.auth.roles import Role
from api.core.db import Database
from api.core.driver_reads import compile_read, dict_rows, fetch_rows
from api.core.pagination import CURSOR_PARAM, PageParams, decode_cursor
from api.core.scope import EVERYTHING, Scope
from api.directory.models import School
from api.directory.service import school_detail, schools
from api.directory.service.schools import SchoolFilters
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests
from tests.directory.factories import make_assignment, make_district, make_person, make_school

pytestmark = pytest.mark.postgres_only
TODAY = dt.date(2026, 11, 23)


async def through_sqlalchemy(
    connection: AsyncConnection, stmt: Any, params: dict[str, Any]
) -> list[dict[str, Any]]:
    return dict_rows(await connection.execute(stmt, params))


async def through_driver(
    connection: AsyncConnection, stmt: Any, params: dict[str, Any]
) -> list[dict[str, Any]]:
    compiled = compile_read(stmt, connection.dialect)
    driver = (await connection.get_raw_connection()).driver_connection
    return compiled.rows(await driver.fetch(compiled.sql, *compiled.arguments(params)))  # type: ignore[union-attr]


async def a_school_with_contacts(session: AsyncSession) -> School:
    district = await make_district(session, state="OR")
    school = await make_school(
        session, district, grade_low="KG", grade_high="02", level="elementary"
    )
    verified = dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC)
    for role in ("principal", "partnerships_coordinator"):
        person = await make_person(session, verified_at=verified)
        await make_assignment(session, person, school=school, role=role)
    await session.flush()
    return school


async def test_the_school_detail_is_the_same_both_ways(session: AsyncSession) -> None:
    school = await a_school_with_contacts(session)
    connection = await session.connection()
    scope = Scope(district_ids=frozenset({school.district_id}))
    stmt = school_detail._detail_statement(scope)
    params = {"school_id": school.id, "today": TODAY}
    expected = await through_sqlalchemy(connection, stmt, params)
    assert len(expected) == 2
    assert await through_driver(connection, stmt, params) == expected
    assert [type(v) for v in (await through_driver(connection, stmt, params))[0].values()] == [
        type(v) for v in expected[0].values()
    ]


async def test_school_pages_are_the_same_both_ways(session: AsyncSession) -> None:
    district = await make_district(session, state="WA")
    for _ in range(7):
        await make_school(session, district, level="high")
    connection = await session.connection()
    query = schools._page_query(
        EVERYTHING, schools._hashable(SchoolFilters(state=["WA"])), "-updated_at", 3
    )
    assert await through_driver(connection, query.first, {}) == await through_sqlalchemy(
        connection, query.first, {}
    )
    page = await query.fetch(connection, PageParams(3, None, False, "-updated_at"))
    assert page.next_cursor is not None
    after = decode_cursor(page.next_cursor, query.keys, query.id_column)
    bound = {CURSOR_PARAM.format(i): value for i, value in enumerate(after)}
    expected = await through_sqlalchemy(connection, query.after, bound)
    assert len(expected) == 4
    assert await through_driver(connection, query.after, bound) == expected
    assert not {row["id"] for row in page.rows} & {row["id"] for row in expected}


async def test_a_read_before_the_transaction_begins_goes_through_sqlalchemy(
    engine: AsyncEngine,
) -> None:
    stmt = select(School.id).where(School.id == bindparam("school_id", type_=Uuid))
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        assert await fetch_rows(connection, stmt, {"school_id": uuid.uuid4()}) == []
        # SQLAlchemy began the transaction, as it would for any first statement.
        assert driver.is_in_transaction()  # type: ignore[union-attr]
        await connection.rollback()


def test_a_list_supplied_per_call_is_refused(engine: AsyncEngine) -> None:
    stmt = select(School.id).where(School.level.in_(bindparam("levels", expanding=True)))
    with pytest.raises(TypeError, match="list parameter"):
        compile_read(stmt, engine.dialect)


async def test_reads_on_a_plain_autocommit_connection_answer_like_the_session(
    real_database: Database,
) -> None:
    async with real_database.sessionmaker() as session:
        school = await a_school_with_contacts(session)
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    sessions_opened = 0
    read_sessionmaker = real_database.read_sessionmaker
    assert read_sessionmaker is not None

    def counting_sessionmaker() -> AsyncSession:
        nonlocal sessions_opened
        sessions_opened += 1
        return read_sessionmaker()

    real_database.read_sessionmaker = counting_sessionmaker  # type: ignore[assignment]
    app = create_app(settings_for_tests(), database=real_database)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as http,
    ):
        assert (await http.get("/api/v1/me", headers=headers)).status_code == 200
        before = sessions_opened
        detail = await http.get(f"/api/v1/schools/{school.id}", headers=headers)
        listed = await http.get("/api/v1/schools?state=OR&limit=1", headers=headers)
    assert sessions_opened == before, "a cached caller's reads need no ORM session"
    assert detail.status_code == 200
    assert [c["role"] for c in detail.json()["key_contacts"]] == [
        "principal",
        "partnerships_coordinator",
    ]
    assert listed.json()["items"][0]["id"] == str(school.id)
    assert listed.json()["items"][0]["updated_at"] == detail.json()["updated_at"]
