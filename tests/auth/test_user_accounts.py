"""Administrators' account changes refuse what would break an account, naming the field."""

import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import ApiClient, User
from api.auth.roles import Role
from tests.auth.helpers import bearer_for, make_user
from tests.core.test_bad_input import assert_problem
from tests.directory.factories import make_person
from tests.partners.factories import make_partner
from tests.partners.helpers import events_for

USERS = "/api/v1/users"
NEW_USER = {"email": "new@example.org", "display_name": "New", "password": "x" * 12}


async def accounts(session: AsyncSession) -> tuple[int, int]:
    users = await session.scalar(select(func.count()).select_from(User))
    clients = await session.scalar(select(func.count()).select_from(ApiClient))
    return int(users or 0), int(clients or 0)


@pytest.mark.parametrize("field", ["password", "display_name", "role", "is_active"])
async def test_a_required_field_patched_to_null_is_422(
    client: httpx.AsyncClient, session: AsyncSession, field: str
) -> None:
    user = await make_user(session, Role.viewer, district_ids=[uuid.uuid4()])
    problem = assert_problem(await client.patch(f"{USERS}/{user.id}", json={field: None}), 422)
    assert f"{field} cannot be null" in str(problem["detail"])
    await session.refresh(user)
    assert user.version == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (USERS, NEW_USER | {"role": "partner"}, "partner_id"),
        (USERS, NEW_USER | {"role": "admin"}, "person_id"),
        ("/api/v1/api-clients", {"name": "Sync", "role": "partner"}, "partner_id"),
    ],
    ids=["user-partner", "user-person", "client-partner"],
)
async def test_an_account_naming_a_missing_record_is_422(
    client: httpx.AsyncClient, session: AsyncSession, path: str, body: dict[str, str], field: str
) -> None:
    before = await accounts(session)
    response = await client.post(path, json=body | {field: str(uuid.uuid4())})
    problem = assert_problem(response, 422)
    assert [error["loc"] for error in problem["errors"]] == [["body", field]]  # type: ignore[union-attr]
    assert await accounts(session) == before


async def test_an_account_naming_existing_records_is_created(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    person = await make_person(session)
    body = NEW_USER | {"role": "partner", "partner_id": str(partner.id)}
    response = await client.post(USERS, json=body | {"person_id": str(person.id)})
    assert response.status_code == 201, response.text
    assert response.json()["partner_id"] == str(partner.id)
    moved = await client.patch(
        f"{USERS}/{response.json()['id']}", json={"partner_id": str(uuid.uuid4())}
    )
    assert_problem(moved, 422)


async def test_me_names_a_users_email_and_no_email_for_a_client(
    client: httpx.AsyncClient, anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.viewer, district_ids=[uuid.uuid4()])
    me = await anonymous_client.get("/api/v1/me", headers=await bearer_for(session, user))
    assert me.json()["email"] == user.email
    created = (
        await client.post("/api/v1/api-clients", json={"name": "Sync", "role": "admin"})
    ).json()
    token = await anonymous_client.post(
        "/api/v1/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(created["client_id"], created["client_secret"]),
    )
    access = {"Authorization": f"Bearer {token.json()['access_token']}"}
    as_client = (await anonymous_client.get("/api/v1/me", headers=access)).json()
    assert (as_client["kind"], as_client["email"]) == ("client", None)


async def test_password_hashes_never_reach_the_event_log(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    body = NEW_USER | {"role": "partner", "partner_id": str(partner.id)}
    created = await client.post(USERS, json=body)
    assert created.status_code == 201, created.text
    user_id = uuid.UUID(created.json()["id"])
    changed = await client.patch(
        f"{USERS}/{user_id}",
        json={"password": "y" * 12, "display_name": "Renamed"},
        headers={"If-Match": created.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    user = await session.get(User, user_id)
    assert user is not None
    await session.refresh(user)
    events = await events_for(session, user_id)
    assert [event.operation for event in events] == ["create", "update"]
    for event in events:
        assert event.changes is not None
        assert event.changes["password_hash"] == ["[redacted]", "[redacted]"]
        assert user.password_hash not in str(event.changes)
    assert events[0].changes["email"] == [None, NEW_USER["email"]]
    assert events[1].changes["display_name"] == ["New", "Renamed"]
