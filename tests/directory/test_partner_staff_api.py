"""A partner organisation keeps its own contact list: it adds people, places them at itself,
edits, verifies and removes them, and reaches no one else."""

import uuid

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import Person, RoleAssignment
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_person, make_school
from tests.partners.factories import make_agreement, make_partner, make_partner_person

PEOPLE = "/api/v1/people"
ASSIGNMENTS = "/api/v1/role-assignments"


async def count(session: AsyncSession, model: type[Person] | type[RoleAssignment]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_partner_adds_a_colleague_and_removes_one_who_left(
    session: AsyncSession, sign_in: SignIn
) -> None:
    ours = await make_partner(session)
    partner = await sign_in(Role.partner, partner_id=ours.id)
    created = await partner.post(
        PEOPLE, json={"given_name": "Kim", "family_name": "Ode", "email": "kim@example.org"}
    )
    assert created.status_code == 201, created.text
    person = created.json()["id"]
    placed = await partner.post(
        ASSIGNMENTS,
        json={"person_id": person, "partner_id": str(ours.id), "role": "senior_associate"},
    )
    assert placed.status_code == 201, placed.text
    listed = (await partner.get(f"/api/v1/partners/{ours.id}/people")).json()["items"]
    assert [p["person_id"] for p in listed] == [person]
    url = f"{PEOPLE}/{person}"
    patched = await partner.patch(url, json={"phone": "(555) 010-4000"})
    assert patched.status_code == 200, patched.text
    verified = await partner.post(f"{url}/verify", headers={"If-Match": patched.headers["etag"]})
    assert verified.json()["verified_by"].startswith("user:")
    ended = await partner.patch(
        f"{ASSIGNMENTS}/{placed.json()['id']}", json={"end_date": "2026-06-30"}
    )
    assert ended.status_code == 200, ended.text
    assert (
        await partner.delete(url, headers={"If-Match": verified.headers["etag"]})
    ).status_code == 204
    assert (await partner.get(url)).status_code == 404
    assert await session.get(Person, uuid.UUID(person)) is None


async def test_a_partner_places_people_at_itself_only(
    session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_partner(session), await make_partner(session)
    school = await make_school(session)
    await make_agreement(session, ours, [school])
    staff = await make_partner_person(session, ours)
    (role,) = await session.scalars(
        select(RoleAssignment).where(RoleAssignment.person_id == staff.id)
    )
    partner = await sign_in(Role.partner, partner_id=ours.id)
    before = await count(session, RoleAssignment)
    for place, field in (
        ({"school_id": str(school.id)}, "school_id"),
        ({"district_id": str(school.district_id)}, "district_id"),
        ({"partner_id": str(theirs.id)}, "partner_id"),
    ):
        refused = await partner.post(
            ASSIGNMENTS, json={"person_id": str(staff.id), "role": "volunteer"} | place
        )
        assert refused.status_code == 422, refused.text
        assert [e["loc"] for e in refused.json()["errors"]] == [["body", field]]
    moved = await partner.patch(
        f"{ASSIGNMENTS}/{role.id}", json={"partner_id": None, "school_id": str(school.id)}
    )
    assert moved.status_code == 422, moved.text
    assert await count(session, RoleAssignment) == before
    await session.refresh(role)
    assert (role.partner_id, role.school_id) == (ours.id, None)


async def test_a_partner_cannot_pull_someone_else_s_people_into_its_scope(
    session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_partner(session), await make_partner(session)
    school = await make_school(session)
    await make_agreement(session, ours, [school])
    principal = await make_person(session)
    await make_assignment(session, principal, school=school, role="principal")
    poached = await make_partner_person(session, theirs)
    newcomer = await make_person(session)  # added by someone else, placed nowhere yet
    partner = await sign_in(Role.partner, partner_id=ours.id)

    async def place(person: Person) -> httpx.Response:
        return await partner.post(
            ASSIGNMENTS,
            json={"person_id": str(person.id), "partner_id": str(ours.id), "role": "associate"},
        )

    for someone in (principal, poached):
        refused = await place(someone)
        assert refused.status_code == 422, refused.text
        assert [e["loc"] for e in refused.json()["errors"]] == [["body", "person_id"]]
        assert (await partner.get(f"{PEOPLE}/{someone.id}")).status_code == 404
    assert (await place(newcomer)).status_code == 201


async def test_a_partner_leaves_the_roles_of_people_who_also_work_elsewhere(
    session: AsyncSession, sign_in: SignIn
) -> None:
    ours = await make_partner(session)
    school = await make_school(session)
    teacher = await make_partner_person(session, ours, role="volunteer")
    await make_assignment(session, teacher, school=school, role="teacher")
    partner = await sign_in(Role.partner, partner_id=ours.id)
    url = f"{PEOPLE}/{teacher.id}"
    for refused in (
        await partner.patch(url, json={"notes": "Tuesdays"}),
        await partner.delete(url),
    ):
        assert refused.status_code == 409, refused.text
        assert "your organisation's role assignment" in refused.json()["detail"]
    held = await session.scalars(
        select(RoleAssignment.partner_id).where(RoleAssignment.person_id == teacher.id)
    )
    assert sorted(map(str, held)) == sorted([str(ours.id), "None"])
    (ours_role,) = (await partner.get(f"{ASSIGNMENTS}?person_id={teacher.id}")).json()["items"]
    assert (await partner.delete(f"{ASSIGNMENTS}/{ours_role['id']}")).status_code == 204
    assert (await partner.get(url)).status_code == 404
    assert await session.get(Person, teacher.id) is not None
