"""The checks of the scope matrix, shared by its rolled-back run and its run as deployed."""

import json

import httpx

from api.auth.roles import Role
from tests.auth.scope_operations import ON_STAFF, OPERATIONS, Request
from tests.auth.scope_world import World, ids_in, out_of_scope_ids

V1 = "/api/v1"
# Each operation, and the people operations again on a partner organisation's staff.
CASES = OPERATIONS | {f"{name} on staff": case for name, case in ON_STAFF.items()}
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


def leaked(world: World, role: Role, request: Request, response: httpx.Response) -> set[str]:
    """Out-of-scope ids in the answer that the caller did not send itself."""
    _, path, body = request
    sent = ids_in(path + json.dumps(body))
    return (out_of_scope_ids(world, role) - sent) & ids_in(response.text)


async def check_operation(
    client: httpx.AsyncClient, world: World, headers: dict[str, str], operation: str, role: Role
) -> None:
    build, expected = CASES[operation]
    for inside, want in zip((True, False), expected[role], strict=True):
        request = build(world, inside)
        method, path, body = request
        response = await client.request(method, V1 + path, json=body, headers=headers)
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


async def check_list(
    client: httpx.AsyncClient, world: World, headers: dict[str, str], role: Role, path: str
) -> None:
    url = V1 + path.format(partner=world.a.partner.id, agreement=world.a.agreement.id)
    for accept in ("application/json", "text/csv") if path in CSV_LISTS else ("application/json",):
        response = await client.get(url, headers=headers | {"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(accept)
        shown = ids_in(response.text)
        assert expected_inside(world, role, path) <= shown, (accept, response.text)
        assert not shown & out_of_scope_ids(world, role), (accept, response.text)


async def check_anonymous(client: httpx.AsyncClient, world: World) -> None:
    for operation, (build, _) in OPERATIONS.items():
        method, path, body = build(world, True)
        response = await client.request(method, V1 + path, json=body)
        assert response.status_code == 401, operation
        assert response.headers["www-authenticate"].startswith("Bearer")
