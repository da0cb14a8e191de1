"""Who sees which events in the change feed: everyone sees the events of the records in
their scope, wherever those records are placed."""

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event, EventPlace
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_person, make_school
from tests.integrations.feed import feed, feed_ids, last_seq

ASSIGNMENTS = "/api/v1/role-assignments"


async def test_district_staff_see_what_is_placed_at_the_schools_of_their_districts(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_district(session), await make_district(session)
    school, far = await make_school(session, ours), await make_school(session, theirs)
    person = await make_person(session)
    start = await last_seq(client)
    here = await client.post(
        ASSIGNMENTS,
        json={"person_id": str(person.id), "school_id": str(school.id), "role": "teacher"},
    )
    assert here.status_code == 201, here.text
    there = await client.post(
        ASSIGNMENTS, json={"person_id": str(person.id), "school_id": str(far.id), "role": "coach"}
    )
    assert there.status_code == 201, there.text
    url = f"{ASSIGNMENTS}/{here.json()['id']}"
    assert (await client.patch(url, json={"end_date": "2030-06-30"})).status_code == 200
    assert (await client.delete(url)).status_code == 204

    for reader in (
        await sign_in(Role.district_manager, district_ids=[ours.id]),
        await sign_in(Role.viewer, district_ids=[ours.id]),
    ):
        seen = [(e["resource_id"], e["operation"]) for e in await feed(reader, start)]
        assert seen == [(here.json()["id"], op) for op in ("create", "update", "delete")]
    elsewhere = await sign_in(Role.district_manager, district_ids=[theirs.id])
    assert await feed_ids(elsewhere, start) == [there.json()["id"]]


async def test_a_place_naming_only_a_school_reaches_its_district(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_district(session), await make_district(session)
    school = await make_school(session, ours)
    start = await last_seq(client)
    event = Event(
        actor="test", resource="people", resource_id=uuid.uuid4(), operation="update", version=2
    )
    session.add(event)
    await session.flush()
    session.add(EventPlace(seq=event.seq, position=0, school_id=school.id))
    await session.flush()
    manager = await sign_in(Role.district_manager, district_ids=[ours.id])
    assert await feed_ids(manager, start) == [str(event.resource_id)]
    assert (
        await feed_ids(await sign_in(Role.district_manager, district_ids=[theirs.id]), start) == []
    )
