"""Every role x every operation, against records inside and outside the caller's scope.

A new operation must be added to OPERATIONS (tests/auth/scope_operations.py) or PUBLIC:
the first test fails on any operation id the matrix does not know.
"""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.auth.roles import Role
from api.core.db import Database, make_sessionmaker
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.auth.scope_checks import (
    CASES,
    LISTS,
    check_anonymous,
    check_list,
    check_operation,
)
from tests.auth.scope_extensions import EXTENSIONS
from tests.auth.scope_operations import CO, DM, ON_STAFF, OPERATIONS, PA, PUBLIC, VI
from tests.auth.scope_world import build_world, grant_for
from tests.conftest import settings_for_tests


@pytest.fixture(scope="module")
def routed_app(engine: AsyncEngine) -> FastAPI:
    """One app for the whole grid: FastAPI builds an app's routing on its first requests,
    which costs more than most of these tests, so they share it."""
    return create_app(settings_for_tests(), database=Database(engine, make_sessionmaker(engine)))


@pytest.fixture
def app(routed_app: FastAPI, database: Database) -> FastAPI:
    """The shared app, pointed at this test's database (rolled back at its end)."""
    routed_app.state.db = database
    return routed_app


def test_matrix_knows_every_operation() -> None:
    spec = create_app(settings_for_tests()).openapi()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert operations - PUBLIC == set(OPERATIONS), "add new operations to the scope matrix"
    assert set(ON_STAFF) <= set(OPERATIONS)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize("operation", list(CASES))
async def test_role_can_do_exactly_what_its_scope_allows(
    anonymous_client: httpx.AsyncClient, session: AsyncSession, operation: str, role: Role
) -> None:
    world = await build_world(session, EXTENSIONS)
    headers = await sign_in_as(session, role, **grant_for(role, world))
    await check_operation(anonymous_client, world, headers, operation, role)


@pytest.mark.parametrize("role", [DM, CO, PA, VI], ids=lambda r: r.value)
@pytest.mark.parametrize("path", LISTS)
async def test_lists_exports_and_feed_show_inside_and_hide_outside(
    anonymous_client: httpx.AsyncClient, session: AsyncSession, role: Role, path: str
) -> None:
    world = await build_world(session, EXTENSIONS)
    headers = await sign_in_as(session, role, **grant_for(role, world))
    await check_list(anonymous_client, world, headers, role, path)


async def test_anonymous_callers_get_401_on_every_protected_operation(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await check_anonymous(anonymous_client, await build_world(session, EXTENSIONS))
