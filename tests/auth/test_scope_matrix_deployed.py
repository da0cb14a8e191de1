"""The scope matrix once more as the API is deployed: PostgreSQL, committed data, and the
app started with its lifespan, so requests take the production read path (the caller
cache and its change listener, autocommit reads on kept connections) that the rolled-back
matrix, sharing one test transaction, never reaches."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.roles import Role
from api.core.db import Base, Database, create_database, create_engine
from api.core.events import set_actor
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.auth.scope_checks import CASES, LISTS, check_anonymous, check_list, check_operation
from tests.auth.scope_extensions import EXTENSIONS
from tests.auth.scope_operations import CO, DM, PA, VI
from tests.auth.scope_world import World, build_world, grant_for
from tests.conftest import settings_for_tests
from tests.databases import Templates

pytestmark = pytest.mark.postgres_only


@pytest.fixture(scope="module")
async def deployed(
    backend: str, templates: Templates, engine: AsyncEngine
) -> AsyncIterator[tuple[FastAPI, Database]]:
    """One database and one running app for the whole grid, as `trellis serve` runs it."""
    # PostgreSQL copies the template only while nobody is connected to it.
    await engine.dispose()
    url = templates.fresh_url(backend)
    # Hundreds of commits: not waiting for each one's WAL flush changes nothing the API
    # does, and keeps the grid within a couple of minutes on a busy disk.
    tuning = create_engine(url)
    async with tuning.begin() as connection:
        name = tuning.url.database
        await connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    await tuning.dispose()
    database = create_database(create_engine(url))
    assert database.reads is not None, "reads must take the kept autocommit connections"
    app = create_app(settings_for_tests(), database=database)
    async with app.router.lifespan_context(app):
        assert app.state.caller_changes is not None, "the caller cache must be listening"
        yield app, database
    await database.engine.dispose()


@pytest.fixture
async def http(deployed: tuple[FastAPI, Database]) -> AsyncIterator[httpx.AsyncClient]:
    app, database = deployed
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    # Each case starts from an empty database, as the rolled-back matrix does.
    # DELETE, children first: TRUNCATE rewrites every table's files, a second per case.
    async with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


async def committed_world(database: Database, role: Role | None) -> tuple[World, dict[str, str]]:
    async with database.sessionmaker() as session:
        set_actor(session, "test-factory")
        world = await build_world(session, EXTENSIONS)
        headers: dict[str, Any] = {}
        if role is not None:
            headers = await sign_in_as(session, role, **grant_for(role, world))
        await session.commit()
    return world, headers


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize("operation", list(CASES))
async def test_as_deployed_role_can_do_exactly_what_its_scope_allows(
    deployed: tuple[FastAPI, Database], http: httpx.AsyncClient, operation: str, role: Role
) -> None:
    world, headers = await committed_world(deployed[1], role)
    await check_operation(http, world, headers, operation, role)


@pytest.mark.parametrize("role", [DM, CO, PA, VI], ids=lambda r: r.value)
@pytest.mark.parametrize("path", LISTS)
async def test_as_deployed_lists_exports_and_feed_show_inside_and_hide_outside(
    deployed: tuple[FastAPI, Database], http: httpx.AsyncClient, role: Role, path: str
) -> None:
    world, headers = await committed_world(deployed[1], role)
    await check_list(http, world, headers, role, path)


async def test_as_deployed_anonymous_callers_get_401(
    deployed: tuple[FastAPI, Database], http: httpx.AsyncClient
) -> None:
    world, _ = await committed_world(deployed[1], None)
    await check_anonymous(http, world)
