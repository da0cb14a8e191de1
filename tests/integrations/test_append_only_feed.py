"""The feed never rewrites history: when a role puts a person somewhere new, that place
gets a new event for them, and every page anyone has read stays as it was."""

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.crud import create_record
from api.core.events import Event, EventPlace, flush_events
from api.directory.service.person_places import announce_at_new_place
from tests.conftest import SignIn
from tests.directory.factories import make_school, new_assignment, new_person
from tests.integrations.feed import feed, last_seq, logged
from tests.partners.factories import make_partner

ASSIGNMENTS = "/api/v1/role-assignments"
PEOPLE = "/api/v1/people"


def story(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["resource"], e["operation"]) for e in events]


async def _place(client: httpx.AsyncClient, person: str, **place: str) -> str:
    placed = await client.post(ASSIGNMENTS, json={"person_id": person, "role": "coach"} | place)
    assert placed.status_code == 201, placed.text
    return str(placed.json()["id"])


async def test_a_new_place_reads_the_person_after_what_it_has_read(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    first, second, third = [await make_school(session) for _ in range(3)]
    partner = await make_partner(session)
    start = await last_seq(client)
    created = await client.post(PEOPLE, json={"given_name": "Ana", "family_name": "Ruiz"})
    person = created.json()["id"]
    role_at_first = await _place(client, person, school_id=str(first.id))
    edited = await client.patch(f"{PEOPLE}/{person}", json={"notes": "Mornings"})
    assert edited.status_code == 200, edited.text
    readers = {
        "first": await sign_in(Role.coordinator, school_ids=[first.id]),
        "second": await sign_in(Role.coordinator, school_ids=[second.id]),
        "second's district": await sign_in(
            Role.district_manager, district_ids=[second.district_id]
        ),
        "third": await sign_in(Role.viewer, school_ids=[third.id]),
        "partner": await sign_in(Role.partner, partner_id=partner.id),
        "administrator": client,
    }
    read = {name: await feed(reader, start) for name, reader in readers.items()}
    polled_to = await last_seq(client)

    await _place(client, person, school_id=str(second.id))
    await _place(client, person, school_id=str(first.id))  # a place they already had
    await _place(client, person, partner_id=str(partner.id))
    moved = await client.patch(f"{ASSIGNMENTS}/{role_at_first}", json={"school_id": str(third.id)})
    assert moved.status_code == 200, moved.text

    for name, reader in readers.items():
        again = await feed(reader, start)
        # The log never changes; the records it carries are as they are now.
        assert logged([e for e in again if e["seq"] <= polled_to]) == logged(read[name]), name
    assert story(read["first"]) == [
        ("people", "visible"),
        ("role_assignments", "create"),
        ("people", "update"),
    ]
    for name in ("second", "second's district", "third", "partner"):
        assert read[name] == [], name

    for name in ("second", "second's district", "partner"):
        news = await feed(readers[name], polled_to)
        assert story(news) == [("people", "visible"), ("role_assignments", "create")], name
        assert (news[0]["resource_id"], news[0]["version"]) == (person, 2)
    assert story(await feed(readers["first"], polled_to)) == [("role_assignments", "create")]
    moved_in = await feed(readers["third"], polled_to)
    assert story(moved_in) == [("people", "visible"), ("role_assignments", "update")]
    # Administrators see every record from its creation: nothing becomes visible to them.
    assert "visible" not in {e["operation"] for e in await feed(client, start)}

    # The person's creation keeps the places it was written with: none.
    creation = await session.scalar(
        select(Event.seq).where(Event.resource_id == uuid.UUID(person), Event.operation == "create")
    )
    assert creation is not None
    assert (
        list(await session.scalars(select(EventPlace.seq).where(EventPlace.seq == creation))) == []
    )


async def test_a_person_placed_as_they_are_created_gets_one_event(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    school = await make_school(session)
    start = await last_seq(client)
    person = await create_record(session, new_person(), "people")
    assignment = new_assignment(person, school=school)
    await announce_at_new_place(session, assignment)
    await create_record(session, assignment, "role_assignments", lambda a: {"school_id": school.id})
    await flush_events(session)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    assert story(await feed(coordinator, start)) == [
        ("people", "create"),
        ("role_assignments", "create"),
    ]
    assert story(await feed(client, start)) == [
        ("people", "create"),
        ("role_assignments", "create"),
    ]
