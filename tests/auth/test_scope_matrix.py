"""Every role x every operation, against records inside and outside the caller's scope.

A new operation must be added to OPERATIONS (tests/auth/scope_operations.py) or PUBLIC:
the first test fails on any operation id the matrix does not know.
"""

import json

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.auth.roles import Role
from api.core.db import Database, make_sessionmaker
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.auth.scope_operations import CO, DM, ON_STAFF, OPERATIONS, PA, PUBLIC, VI, Request
from tests.auth.scope_world import World, build_world, grant_for, ids_in, out_of_scope_ids
from tests.conftest import settings_for_tests

V1 = "/api/v1"


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


# Each operation, and the people operations again on a partner organisation's staff.
CASES = OPERATIONS | {f"{name} on staff": case for name, case in ON_STAFF.items()}


def test_matrix_knows_every_operation() -> None:
    spec = create_app(settings_for_tests()).openapi()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert operations - PUBLIC == set(OPERATIONS), "add new operations to the scope matrix"
    assert set(ON_STAFF) <= set(OPERATIONS)


def leaked(world: World, role: Role, request: Request, response: httpx.Response) -> set[str]:
    """Out-of-scope ids in the answer that the caller did not send itself."""
    _, path, body = request
    sent = ids_in(path + json.dumps(body))
    return (out_of_scope_ids(world, role) - sent) & ids_in(response.text)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize("operation", list(CASES))
async def test_role_can_do_exactly_what_its_scope_allows(
    anonymous_client: httpx.AsyncClient, session: AsyncSession, operation: str, role: Role
) -> None:
    world = await build_world(session)
    headers = await sign_in_as(session, role, **grant_for(role, world))
    build, expected = CASES[operation]
    for inside, want in zip((True, False), expected[role], strict=True):
        request = build(world, inside)
        method, path, body = request
        response = await anonymous_client.request(method, V1 + path, json=body, headers=headers)
        if isinstance(want, str):
            assert response.status_code == 200, (inside, response.text)
            assert response.json()["results"][0]["status"] == want, (inside, response.text)
        else:
            assert response.status_code == want, (operation, role, inside, response.text)
        if role is not Role.admin:
            assert not leaked(world, role, request, response), (
                f"{operation} shows out-of-scope records to {role}"
            )
        if operation == "logout":
            break


CSV_LISTS = {"/schools", "/districts", "/people", "/role-assignments", "/partners", "/agreements"}
LISTS = [
    "/schools",
    "/districts",
    "/people",
    "/role-assignments",
    "/events",
    "/partners",
    "/partners/{partner}/people",
    "/agreements",
    "/agreements/{agreement}/interactions",
    "/action-items",
]


def expected_inside(world: World, role: Role, path: str) -> set[str]:
    """What each list must show the role from the `a` side."""
    a = world.a
    staff = role is not Role.partner
    records = {
        "/schools": [a.school],
        "/districts": [a.district],
        # Staff see the school's people and the staff of partners working there; a
        # partner organisation sees only its own.
        "/people": [a.person, a.staff] if staff else [a.staff],
        "/role-assignments": [a.assignment, a.staff_role] if staff else [a.staff_role],
        "/events": (
            [a.school, a.agreement, a.assignment, a.person, a.staff, a.staff_role]
            if staff
            else [a.agreement, a.staff, a.staff_role]
        ),
        "/partners": [a.partner],
        "/partners/{partner}/people": [a.staff],
        "/agreements": [a.agreement, a.draft, a.proposed],
        "/agreements/{agreement}/interactions": [a.interaction],
        "/action-items": [a.item],
    }[path]
    return {str(record.id) for record in records}


@pytest.mark.parametrize("role", [DM, CO, PA, VI], ids=lambda r: r.value)
@pytest.mark.parametrize("path", LISTS)
async def test_lists_exports_and_feed_show_inside_and_hide_outside(
    anonymous_client: httpx.AsyncClient, session: AsyncSession, role: Role, path: str
) -> None:
    world = await build_world(session)
    headers = await sign_in_as(session, role, **grant_for(role, world))
    url = V1 + path.format(partner=world.a.partner.id, agreement=world.a.agreement.id)
    for accept in ("application/json", "text/csv") if path in CSV_LISTS else ("application/json",):
        response = await anonymous_client.get(url, headers=headers | {"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(accept)
        shown = ids_in(response.text)
        assert expected_inside(world, role, path) <= shown, (accept, response.text)
        assert not shown & out_of_scope_ids(world, role), (accept, response.text)


async def test_anonymous_callers_get_401_on_every_protected_operation(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await build_world(session)
    for operation, (build, _) in OPERATIONS.items():
        method, path, body = build(world, True)
        response = await anonymous_client.request(method, V1 + path, json=body)
        assert response.status_code == 401, operation
        assert response.headers["www-authenticate"].startswith("Bearer")
