"""Who sees which events in the change feed: everyone sees the events of the records in
their scope, wherever those records are placed."""

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event, EventPlace
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_district, make_person, make_school
from tests.integrations.feed import feed, feed_ids, last_seq
from tests.partners.factories import make_agreement, make_partner

ASSIGNMENTS = "/api/v1/role-assignments"
PEOPLE = "/api/v1/people"


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
        assert seen == [(str(person.id), "visible")] + [
            (here.json()["id"], op) for op in ("create", "update", "delete")
        ]
    elsewhere = await sign_in(Role.district_manager, district_ids=[theirs.id])
    assert await feed_ids(elsewhere, start) == [str(person.id), there.json()["id"]]


async def test_a_grant_of_nothing_sees_no_events(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    await add_person(client, school_id=str((await make_school(session)).id))
    assert await feed(await sign_in(Role.coordinator), 0) == []


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


def person_events(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["resource"], e["operation"]) for e in events]


async def add_person(client: httpx.AsyncClient, **place: str) -> str:
    """A new contact, then their role at the place: two requests, as the web client makes."""
    created = await client.post(PEOPLE, json={"given_name": "Ana", "family_name": "Ruiz"})
    assert created.status_code == 201, created.text
    person: str = created.json()["id"]
    placed = await client.post(ASSIGNMENTS, json={"person_id": person, "role": "associate"} | place)
    assert placed.status_code == 201, placed.text
    return person


async def test_whoever_sees_a_person_sees_their_events_up_to_the_tombstone(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    district = await make_district(session)
    school, neighbour = await make_school(session, district), await make_school(session, district)
    far = await make_school(session)
    start = await last_seq(client)
    person = await add_person(client, school_id=str(school.id))
    assert (await client.patch(f"{PEOPLE}/{person}", json={"notes": "Mornings"})).status_code == 200
    assert (await client.post(f"{PEOPLE}/{person}/verify")).status_code == 200
    readers = [
        await sign_in(Role.coordinator, school_ids=[school.id]),
        await sign_in(Role.district_manager, district_ids=[district.id]),
        await sign_in(Role.viewer, school_ids=[school.id]),
    ]
    strangers = [
        await sign_in(Role.coordinator, school_ids=[neighbour.id]),
        await sign_in(Role.coordinator, school_ids=[far.id]),
        await sign_in(Role.district_manager, district_ids=[far.district_id]),
    ]
    story = [
        ("people", "visible"),
        ("role_assignments", "create"),
        ("people", "update"),
        ("people", "update"),
    ]
    for reader in readers:
        assert person_events(await feed(reader, start)) == story
    deleting = await last_seq(client)
    assert (await client.delete(f"{PEOPLE}/{person}")).status_code == 204
    for reader in readers:
        tombstones = await feed(reader, deleting)
        assert person_events(tombstones) == [("role_assignments", "delete"), ("people", "delete")]
        assert tombstones[-1]["resource_id"] == person
        # Read again from the start, the story is whole, though the person is gone.
        assert person_events(await feed(reader, start)) == story + person_events(tombstones)
    for stranger in strangers:
        assert await feed(stranger, start) == []


async def test_a_tombstone_reaches_every_place_the_person_held_a_role(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    office, other = await make_district(session), await make_district(session)
    school = await make_school(session, other)
    school_of_office = await make_school(session, office)
    partner = await make_partner(session)
    person = await make_person(session)
    for place in ({"school_id": school.id}, {"district_id": office.id}, {"partner_id": partner.id}):
        await make_assignment(session, person, role="coach", **place)
    start = await last_seq(client)
    assert (await client.delete(f"{PEOPLE}/{person.id}")).status_code == 204
    for reader in (
        await sign_in(Role.coordinator, school_ids=[school.id]),
        await sign_in(Role.district_manager, district_ids=[other.id]),
        await sign_in(Role.district_manager, district_ids=[office.id]),
        await sign_in(Role.partner, partner_id=partner.id),
    ):
        events = await feed(reader, start)
        assert [e["resource_id"] for e in events if e["resource"] == "people"] == [str(person.id)]
        assert events[-1]["operation"] == "delete"
    # A district-level role is at the district office: the district's schools never saw it.
    coordinator = await sign_in(Role.coordinator, school_ids=[school_of_office.id])
    assert await feed(coordinator, start) == []
    assert await feed(await sign_in(Role.partner, partner_id=uuid.uuid4()), start) == []


async def test_a_partner_sees_the_events_of_its_own_staff(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_partner(session), await make_partner(session)
    school, elsewhere = await make_school(session), await make_school(session)
    await make_agreement(session, ours, [school])
    await make_agreement(session, theirs, [elsewhere])
    start = await last_seq(client)
    person = await add_person(client, partner_id=str(ours.id))
    assert (await client.post(f"{PEOPLE}/{person}/verify")).status_code == 200
    expected = [("people", "visible"), ("role_assignments", "create"), ("people", "update")]
    partner = await sign_in(Role.partner, partner_id=ours.id)
    assert person_events(await feed(partner, start)) == expected
    assert await feed(await sign_in(Role.partner, partner_id=theirs.id), start) == []
    # The school's staff see the people of partners working with them, so their events too.
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    assert person_events(await feed(coordinator, start)) == expected
    assert await feed(await sign_in(Role.coordinator, school_ids=[elsewhere.id]), start) == []


async def test_a_school_stops_seeing_a_person_once_their_role_there_is_gone(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    school, next_school = await make_school(session), await make_school(session)
    person = await make_person(session)
    left = await make_assignment(session, person, school=school)
    await make_assignment(session, person, school=next_school)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    start = await last_seq(client)
    url = f"{PEOPLE}/{person.id}"
    assert (await client.patch(url, json={"notes": "Moving on"})).status_code == 200
    assert (await client.delete(f"{ASSIGNMENTS}/{left.id}")).status_code == 204
    seen = await feed(coordinator, start)
    assert person_events(seen) == [("people", "update"), ("role_assignments", "delete")]
    after = seen[-1]["seq"]
    assert (await client.patch(url, json={"notes": "Settled in"})).status_code == 200
    assert (await client.delete(url)).status_code == 204
    assert await feed(coordinator, after) == []
    assert person_events(
        await feed(await sign_in(Role.coordinator, school_ids=[next_school.id]), after)
    ) == [
        ("people", "update"),
        ("role_assignments", "delete"),
        ("people", "delete"),
    ]
