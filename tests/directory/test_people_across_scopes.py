"""A person id read somewhere (an attendee, a point of contact) gives no hold on that
person: staff place only people they already see, and change a person's own record only
when every role the person holds is theirs."""

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import Person, RoleAssignment
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_district, make_person, make_school

PEOPLE = "/api/v1/people"
ASSIGNMENTS = "/api/v1/role-assignments"


async def test_a_coordinator_cannot_take_over_another_district_s_contact(
    session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_school(session), await make_school(session)
    contact = await make_person(session, notes="Private: custody case, do not call home.")
    await make_assignment(session, contact, school=theirs, role="counselor")
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    manager = await sign_in(Role.district_manager, district_ids=[ours.district_id])
    for caller in (coordinator, manager):
        attached = await caller.post(
            ASSIGNMENTS,
            json={"person_id": str(contact.id), "school_id": str(ours.id), "role": "teacher"},
        )
        assert attached.status_code == 422, attached.text
        assert [e["loc"] for e in attached.json()["errors"]] == [["body", "person_id"]]
        # The same answer as for an id that does not exist: nothing tells them apart.
        unknown = await caller.post(
            ASSIGNMENTS,
            json={"person_id": str(uuid.uuid4()), "school_id": str(ours.id), "role": "teacher"},
        )
        assert unknown.json()["errors"] == attached.json()["errors"]
        url = f"{PEOPLE}/{contact.id}"
        assert (await caller.get(url)).status_code == 404
        assert (await caller.patch(url, json={"notes": "mine now"})).status_code == 404
        assert (await caller.delete(url)).status_code == 404
    held = await session.scalars(
        select(RoleAssignment.school_id).where(RoleAssignment.person_id == contact.id)
    )
    assert list(held) == [theirs.id]
    await session.refresh(contact)
    assert contact.notes == "Private: custody case, do not call home."


async def test_a_new_contact_is_placed_by_whoever_added_them(
    session: AsyncSession, sign_in: SignIn
) -> None:
    school = await make_school(session)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    created = await coordinator.post(PEOPLE, json={"given_name": "Ada", "family_name": "Moe"})
    placed = await coordinator.post(
        ASSIGNMENTS,
        json={"person_id": created.json()["id"], "school_id": str(school.id), "role": "teacher"},
    )
    assert placed.status_code == 201, placed.text
    colleague = await make_person(session)
    await make_assignment(session, colleague, school=school)
    second_role = await coordinator.post(
        ASSIGNMENTS,
        json={"person_id": str(colleague.id), "school_id": str(school.id), "role": "coach"},
    )
    assert second_role.status_code == 201, second_role.text


async def test_a_person_working_in_two_districts_is_changed_by_each_in_their_roles_only(
    session: AsyncSession, sign_in: SignIn
) -> None:
    district = await make_district(session)
    ours, theirs = await make_school(session, district), await make_school(session)
    teacher = await make_person(session, notes="Theirs to keep")
    our_role = await make_assignment(session, teacher, school=ours)
    await make_assignment(session, teacher, school=theirs)
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    url = f"{PEOPLE}/{teacher.id}"
    assert (await coordinator.get(url)).status_code == 200
    for refused in (
        await coordinator.patch(url, json={"notes": "Ours now"}),
        await coordinator.post(f"{url}/verify"),
        await coordinator.delete(url),
    ):
        assert refused.status_code == 409, refused.text
        assert "own role assignments" in refused.json()["detail"]
    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    bulk = await manager.post(
        f"{PEOPLE}/bulk", json={"items": [{"id": str(teacher.id), "notes": "Ours now"}]}
    )
    assert [row["status"] for row in bulk.json()["results"]] == ["error"]
    await session.refresh(teacher)
    assert (teacher.notes, teacher.verified_at) == ("Theirs to keep", None)
    role_url = f"{ASSIGNMENTS}/{our_role.id}"
    ended = await coordinator.patch(role_url, json={"end_date": "2026-06-30", "title": "Lead"})
    assert ended.status_code == 200, ended.text
    assert (await coordinator.delete(role_url)).status_code == 204
    assert (await coordinator.get(url)).status_code == 404
    assert await session.get(Person, teacher.id) is not None
    admin = await sign_in(Role.admin)
    assert (await admin.patch(url, json={"notes": "Updated"})).status_code == 200


async def test_filters_match_only_the_roles_the_caller_sees(
    session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_school(session), await make_school(session)
    teacher = await make_person(session)
    await make_assignment(session, teacher, school=ours, role="teacher", subjects=["math"])
    await make_assignment(session, teacher, school=theirs, role="principal", subjects=["arts"])
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    admin = await sign_in(Role.admin)

    async def found(caller: httpx.AsyncClient, query: str) -> list[str]:
        listed = await caller.get(f"{PEOPLE}?{query}")
        assert listed.status_code == 200, listed.text
        return [p["id"] for p in listed.json()["items"]]

    them = [str(teacher.id)]
    for query in (f"school_id={theirs.id}", "role=principal", "subject=arts"):
        assert await found(coordinator, query) == []
        assert await found(admin, query) == them
    for query in (f"school_id={ours.id}", "role=teacher", "subject=math"):
        assert await found(coordinator, query) == them
    roles = await coordinator.get(f"{ASSIGNMENTS}?person_id={teacher.id}")
    assert [r["school_id"] for r in roles.json()["items"]] == [str(ours.id)]
