import csv
import datetime as dt
import io
import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.directory.models import Person
from tests.directory.factories import make_assignment, make_person, make_school

PEOPLE = "/api/v1/people"


def by_id(person: Person) -> uuid.UUID:
    return person.id


async def test_create_read_update_delete_person(client: httpx.AsyncClient) -> None:
    created = await client.post(
        PEOPLE,
        json={
            "given_name": "Ana",
            "family_name": "Lopez",
            "email": "ana@example.org",
            "preferred_channel": "text",
            "social_handles": {"linkedin": "ana-l"},
        },
    )
    assert created.status_code == 201, created.text
    person = created.json()
    assert person["verified_at"] is None
    url = created.headers["location"]
    patched = await client.patch(
        url, json={"phone": "(555) 010-3000"}, headers={"If-Match": created.headers["etag"]}
    )
    assert patched.json()["phone"] == "(555) 010-3000"
    assert patched.json()["version"] == 2
    stale = await client.delete(url, headers={"If-Match": created.headers["etag"]})
    assert stale.status_code == 412
    assert (
        await client.delete(url, headers={"If-Match": patched.headers["etag"]})
    ).status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_invalid_email_and_channel_are_422(client: httpx.AsyncClient) -> None:
    bad = await client.post(
        PEOPLE,
        json={
            "given_name": "A",
            "family_name": "B",
            "email": "not-an-email",
            "preferred_channel": "fax",
        },
    )
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["errors"]} == {"email", "preferred_channel"}


async def test_verify_records_who_and_when(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    person = await make_person(session)
    me = (await client.get("/api/v1/me")).json()
    before = utcnow()
    verified = await client.post(f"{PEOPLE}/{person.id}/verify")
    assert verified.status_code == 200
    body = verified.json()
    assert body["verified_by"] == f"user:{me['id']}"
    assert dt.datetime.fromisoformat(body["verified_at"]) >= before
    assert body["version"] == 2


async def test_stale_worklist_lists_unverified_and_old_contacts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    now = utcnow()
    fresh = await make_person(session, verified_at=now - dt.timedelta(days=10))
    old = await make_person(session, verified_at=now - dt.timedelta(days=400))
    never = await make_person(session)
    response = await client.get(f"{PEOPLE}?stale_after_days=365&limit=500")
    ids = {item["id"] for item in response.json()["items"]}
    assert str(old.id) in ids
    assert str(never.id) in ids
    assert str(fresh.id) not in ids


async def test_worklist_sorts_most_overdue_first_with_id_tie_break_across_pages(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    now = utcnow()
    same_day = now - dt.timedelta(days=500)
    # Names run against the order wanted, so a name sort cannot pass for it.
    recent = await make_person(session, family_name="Aa", verified_at=now - dt.timedelta(days=200))
    tied = [await make_person(session, family_name=f"B{n}", verified_at=same_day) for n in range(2)]
    oldest = await make_person(session, family_name="Cc", verified_at=now - dt.timedelta(days=900))
    never = [await make_person(session, family_name=f"Z{n}") for n in range(2)]
    expected = [*sorted(never, key=by_id), oldest, *sorted(tied, key=by_id), recent]
    ids = "&".join(f"ids={p.id}" for p in expected)

    seen: list[str] = []
    cursor = ""
    for _ in range(len(expected)):
        response = await client.get(f"{PEOPLE}?{ids}&sort=last_verified&limit=2{cursor}")
        assert response.status_code == 200, response.text
        body = response.json()
        assert all("last_verified" not in item for item in body["items"])
        seen += [item["id"] for item in body["items"]]
        if not body["next_cursor"]:
            break
        cursor = f"&cursor={body['next_cursor']}"
    assert seen == [str(p.id) for p in expected]

    newest_first = await client.get(f"{PEOPLE}?{ids}&sort=-last_verified&limit=10")
    assert [item["id"] for item in newest_first.json()["items"]] == seen[::-1]


async def test_role_subject_and_school_filters_use_current_assignments(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    math_teacher = await make_person(session)
    former = await make_person(session)
    principal = await make_person(session)
    await make_assignment(
        session, math_teacher, school=school, role="teacher", subjects=["math", "science"]
    )
    await make_assignment(
        session,
        former,
        school=school,
        role="teacher",
        subjects=["math"],
        end_date=dt.date(2021, 6, 1),
    )
    await make_assignment(session, principal, school=school, role="principal")

    async def ids(query: str) -> set[str]:
        response = await client.get(f"{PEOPLE}?{query}&school_id={school.id}")
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    assert await ids("subject=math") == {str(math_teacher.id)}
    assert await ids("role=principal") == {str(principal.id)}
    assert await ids("role=teacher&role=principal") == {str(math_teacher.id), str(principal.id)}
    assert await ids("subject=ela") == set()


async def test_search_and_csv(client: httpx.AsyncClient, session: AsyncSession) -> None:
    school = await make_school(session)
    person = await make_person(
        session, given_name="Quintessa", family_name="Zabala", email="qz@example.org"
    )
    await make_assignment(session, person, school=school)
    found = (await client.get(f"{PEOPLE}?q=quintess")).json()["items"]
    assert [p["id"] for p in found] == [str(person.id)]
    exported = await client.get(f"{PEOPLE}?school_id={school.id}&format=csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows[0]["email"] == "qz@example.org"


async def test_delete_person_tombstones_their_assignments(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    person = await make_person(session)
    assignment = await make_assignment(session, person, school=school)
    start = (await client.get("/api/v1/events?limit=1000")).json()["next_after"]
    assert (await client.delete(f"{PEOPLE}/{person.id}")).status_code == 204
    events = (await client.get(f"/api/v1/events?after={start}")).json()["items"]
    assert {(e["resource"], e["resource_id"], e["operation"]) for e in events} == {
        ("role_assignments", str(assignment.id), "delete"),
        ("people", str(person.id), "delete"),
    }


async def test_bulk_people_match_on_sis_id(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    existing = await make_person(session, sis_id="SIS-1", given_name="Old")
    rows = [
        {"sis_id": "SIS-1", "given_name": "New", "family_name": existing.family_name},
        {"sis_id": "SIS-2", "given_name": "Second", "family_name": "Person"},
        {"id": str(uuid.uuid4()), "given_name": "Third", "family_name": "Person"},
    ]
    result = (await client.post(f"{PEOPLE}/bulk", json={"items": rows})).json()
    assert [r["status"] for r in result["results"]] == ["updated", "created", "created"]
    assert result["results"][2]["id"] == rows[2]["id"]
    assert (await client.get(f"{PEOPLE}/{existing.id}")).json()["given_name"] == "New"
