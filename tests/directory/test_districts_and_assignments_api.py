import datetime as dt

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.directory.factories import make_assignment, make_district, make_person, make_school

DISTRICTS = "/api/v1/districts"
ASSIGNMENTS = "/api/v1/role-assignments"


async def test_district_crud_and_duplicate_leaid(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    created = await client.post(
        DISTRICTS, json={"name": "Lakeside Unified", "state": "ca", "nces_leaid": "0612345"}
    )
    assert created.status_code == 201, created.text
    assert created.json()["state"] == "CA"
    duplicate = await client.post(
        DISTRICTS, json={"name": "Copy", "state": "CA", "nces_leaid": "0612345"}
    )
    assert duplicate.status_code == 409
    url = created.headers["location"]
    assert (await client.patch(url, json={"website": "ftp://nope"})).status_code == 422
    assert (await client.patch(url, json={"website": "https://lakeside.example.org"})).json()[
        "version"
    ] == 2
    listed = (await client.get(f"{DISTRICTS}?q=lakeside")).json()["items"]
    assert [d["nces_leaid"] for d in listed] == ["0612345"]


async def test_district_with_schools_cannot_be_deleted(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    await make_school(session, district)
    response = await client.delete(f"{DISTRICTS}/{district.id}")
    assert response.status_code == 409
    assert "school" in response.json()["detail"]


async def test_assignment_needs_exactly_one_place_and_ordered_dates(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    person = await make_person(session)
    neither = {"person_id": str(person.id), "role": "teacher"}
    teacher = neither | {"school_id": str(school.id)}
    both = teacher | {"district_id": str(school.district_id)}
    assert (await client.post(ASSIGNMENTS, json=both)).status_code == 422
    assert (await client.post(ASSIGNMENTS, json=neither)).status_code == 422
    backwards = teacher | {"start_date": "2025-09-01", "end_date": "2025-01-01"}
    assert (await client.post(ASSIGNMENTS, json=backwards)).status_code == 422
    unknown_subject = teacher | {"subjects": ["alchemy"]}
    assert (await client.post(ASSIGNMENTS, json=unknown_subject)).status_code == 422
    good = teacher | {"subjects": ["math"], "grade_levels": ["03"]}
    created = await client.post(ASSIGNMENTS, json=good)
    assert created.status_code == 201, created.text
    assert created.json()["subjects"] == ["math"]


async def test_ending_an_assignment_removes_it_from_current(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    assignment = await make_assignment(
        session, await make_person(session), school=school, role="principal"
    )
    current = await client.get(f"{ASSIGNMENTS}?school_id={school.id}&current=true")
    assert [a["id"] for a in current.json()["items"]] == [str(assignment.id)]
    ended = await client.patch(
        f"{ASSIGNMENTS}/{assignment.id}",
        json={"end_date": str(dt.date.today() - dt.timedelta(days=1))},
    )
    assert ended.status_code == 200
    assert (await client.get(f"{ASSIGNMENTS}?school_id={school.id}&current=true")).json()[
        "items"
    ] == []
    past = (await client.get(f"{ASSIGNMENTS}?school_id={school.id}&current=false")).json()["items"]
    assert [a["id"] for a in past] == [str(assignment.id)]
    detail = (await client.get(f"/api/v1/schools/{school.id}")).json()
    assert detail["key_contacts"] == []
