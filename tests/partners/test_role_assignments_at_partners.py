"""Role assignments now place people at a partner too (exactly one of school, district, partner)."""

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import RoleAssignment
from tests.conftest import SignIn
from tests.directory.factories import make_person, make_school
from tests.partners.factories import make_agreement, make_partner
from tests.partners.helpers import assert_problem, count, error_locs, events_for

ASSIGNMENTS = "/api/v1/role-assignments"


async def test_place_a_person_at_a_partner(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    person = await make_person(session)
    created = await client.post(
        ASSIGNMENTS,
        json={"person_id": str(person.id), "partner_id": str(partner.id), "role": "volunteer"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["partner_id"] == str(partner.id)
    assert created.json()["school_id"] is None
    listed = (await client.get(f"{ASSIGNMENTS}?partner_id={partner.id}")).json()["items"]
    assert [a["id"] for a in listed] == [created.json()["id"]]
    (event,) = await events_for(session, uuid.UUID(created.json()["id"]))
    assert event.partner_id == partner.id


async def test_exactly_one_place(client: httpx.AsyncClient, session: AsyncSession) -> None:
    partner = await make_partner(session)
    school = await make_school(session)
    person = await make_person(session)
    before = await count(session, RoleAssignment)
    both = await client.post(
        ASSIGNMENTS,
        json={
            "person_id": str(person.id),
            "partner_id": str(partner.id),
            "school_id": str(school.id),
            "role": "volunteer",
        },
    )
    assert (
        "exactly one of school_id, district_id or partner_id" in assert_problem(both, 422)["detail"]
    )
    unknown = await client.post(
        ASSIGNMENTS,
        json={"person_id": str(person.id), "partner_id": str(uuid.uuid4()), "role": "volunteer"},
    )
    assert error_locs(unknown) == [["body", "partner_id"]]
    assert await count(session, RoleAssignment) == before


async def test_a_coordinator_adds_people_to_partners_working_with_their_school(
    session: AsyncSession, sign_in: SignIn
) -> None:
    school = await make_school(session)
    engaged = await make_partner(session)
    stranger = await make_partner(session)
    await make_agreement(session, engaged, [school])
    person = await make_person(session)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    added = await coordinator.post(
        ASSIGNMENTS,
        json={"person_id": str(person.id), "partner_id": str(engaged.id), "role": "director"},
    )
    assert added.status_code == 201, added.text
    assert (await coordinator.get(f"/api/v1/people/{person.id}")).status_code == 200
    refused = await coordinator.post(
        ASSIGNMENTS,
        json={"person_id": str(person.id), "partner_id": str(stranger.id), "role": "director"},
    )
    assert error_locs(refused) == [["body", "partner_id"]]
