import csv
import io
import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.directory.models import School
from tests.auth.helpers import sign_in_as
from tests.directory.factories import make_assignment, make_district, make_person, make_school

SCHOOLS = "/api/v1/schools"


def school_body(district_id: uuid.UUID, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Lincoln Elementary",
        "district_id": str(district_id),
        "nces_id": "061234012345",
        "level": "elementary",
        "grade_low": "PK",
        "grade_high": "05",
        "locale_code": 41,
        "state": "CA",
        "zip": "95616",
    }
    return body | overrides


async def count_schools(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(School)) or 0)


async def test_create_then_read_school_with_derived_fields(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    created = await client.post(SCHOOLS, json=school_body(district.id))
    assert created.status_code == 201, created.text
    school = created.json()
    assert school["locale_type"] == "rural"
    assert school["version"] == 1
    assert created.headers["etag"] == '"1"'
    assert created.headers["location"].endswith(f"/api/v1/schools/{school['id']}")
    fetched = await client.get(created.headers["location"])
    assert fetched.status_code == 200
    assert fetched.json()["nces_id"] == "061234012345"
    assert fetched.json()["district"]["id"] == str(district.id)


async def test_detail_lists_current_key_contacts_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    principal = await make_person(session, family_name="Ames")
    coordinator = await make_person(session, family_name="Baker")
    former = await make_person(session, family_name="Cole")
    teacher = await make_person(session, family_name="Diaz")
    await make_assignment(session, principal, school=school, role="principal")
    await make_assignment(session, coordinator, school=school, role="partnerships_coordinator")
    import datetime as dt

    await make_assignment(
        session, former, school=school, role="principal", end_date=dt.date(2020, 6, 30)
    )
    await make_assignment(session, teacher, school=school, role="teacher")
    body = (await client.get(f"{SCHOOLS}/{school.id}")).json()
    contacts = {(c["family_name"], c["role"]) for c in body["key_contacts"]}
    assert contacts == {("Ames", "principal"), ("Baker", "partnerships_coordinator")}


async def test_filters_combine(client: httpx.AsyncClient, session: AsyncSession) -> None:
    ca = await make_district(session, state="CA")
    tx = await make_district(session, state="TX")
    await make_school(
        session,
        ca,
        name="Alpha Middle",
        level="middle",
        grade_low="06",
        grade_high="08",
        locale_code=11,
    )
    await make_school(
        session, ca, name="Beta High", level="high", grade_low="09", grade_high="12", locale_code=41
    )
    await make_school(
        session,
        tx,
        name="Gamma Middle",
        level="middle",
        grade_low="06",
        grade_high="08",
        locale_code=21,
    )

    async def names(query: str) -> list[str]:
        response = await client.get(f"{SCHOOLS}?{query}")
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    assert await names("state=CA&level=middle") == ["Alpha Middle"]
    assert await names("level=middle&level=high&state=CA") == ["Alpha Middle", "Beta High"]
    assert await names(f"district_id={tx.id}") == ["Gamma Middle"]
    assert await names("locale_type=rural&state=CA") == ["Beta High"]
    assert await names("grade=07&state=CA") == ["Alpha Middle"]
    assert await names("q=gAMMA") == ["Gamma Middle"]
    assert await names("q=a%25") == []


async def test_cursor_pages_walk_every_row_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session, state="WY")
    for n in range(7):
        await make_school(session, district, name=f"Same Name {n % 2}")
    seen: list[str] = []
    url: str | None = f"{SCHOOLS}?state=WY&limit=3&include_total=true"
    pages = 0
    while url:
        response = await client.get(url)
        assert response.status_code == 200
        assert response.headers["x-total-count"] == "7"
        seen += [item["id"] for item in response.json()["items"]]
        link = response.headers.get("link")
        url = link[1 : link.index(">")] if link else None
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7


async def test_descending_and_mixed_sort(client: httpx.AsyncClient, session: AsyncSession) -> None:
    district = await make_district(session, state="VT")
    for name, level in [("A", "high"), ("B", "middle"), ("C", "high"), ("D", "middle")]:
        await make_school(session, district, name=name, level=level)
    first = await client.get(f"{SCHOOLS}?state=VT&sort=level,-name&limit=2")
    second = await client.get(
        f"{SCHOOLS}?state=VT&sort=level,-name&limit=2&cursor={first.json()['next_cursor']}"
    )
    names = [i["name"] for i in first.json()["items"] + second.json()["items"]]
    assert names == ["C", "A", "D", "B"]
    wrong_sort = await client.get(
        f"{SCHOOLS}?state=VT&sort=name&cursor={first.json()['next_cursor']}"
    )
    assert wrong_sort.status_code == 400
    # A field named twice counts once, in its first direction: the spec's pattern allows it.
    repeated = await client.get(f"{SCHOOLS}?state=VT&sort=-name,level,name")
    assert [i["name"] for i in repeated.json()["items"]] == ["D", "C", "B", "A"]
    assert (await client.get(f"{SCHOOLS}?state=VT&sort=name, level")).status_code == 400


@pytest.mark.parametrize("sort", ["-updated_at", "created_at"])
async def test_cursors_follow_a_timestamp_sort(
    client: httpx.AsyncClient, session: AsyncSession, sort: str
) -> None:
    district = await make_district(session, state="NH")
    made = [await make_school(session, district) for _ in range(5)]
    first = await client.get(f"{SCHOOLS}?state=NH&sort={sort}&limit=3")
    second = await client.get(
        f"{SCHOOLS}?state=NH&sort={sort}&limit=3&cursor={first.json()['next_cursor']}"
    )
    assert second.status_code == 200, second.text
    seen = [i["id"] for i in first.json()["items"] + second.json()["items"]]
    assert sorted(seen) == sorted(str(school.id) for school in made)
    assert second.json()["next_cursor"] is None


async def test_csv_export_streams_the_filtered_list(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session, state="ME")
    await make_school(session, district, name="Zed School", nces_id="012345678901")
    await make_school(session, district, name="Ay School")
    response = await client.get(f"{SCHOOLS}?state=ME", headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["name"] for row in rows] == ["Ay School", "Zed School"]
    assert rows[1]["nces_id"] == "012345678901"


async def test_merge_patch_clears_optional_and_refuses_clearing_required(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session, phone="(555) 010-1000")
    cleared = await client.patch(f"{SCHOOLS}/{school.id}", json={"phone": None, "grade_high": "08"})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["phone"] is None
    assert cleared.json()["version"] == 2
    refused = await client.patch(f"{SCHOOLS}/{school.id}", json={"name": None})
    assert refused.status_code == 422
    inverted = await client.patch(f"{SCHOOLS}/{school.id}", json={"grade_low": "09"})
    assert inverted.status_code == 422
    assert (await client.get(f"{SCHOOLS}/{school.id}")).json()["version"] == 2


async def test_stale_if_match_gets_412_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session, name="Original")
    first_editor = await client.get(f"{SCHOOLS}/{school.id}")
    second_editor = await client.get(f"{SCHOOLS}/{school.id}")
    won = await client.patch(
        f"{SCHOOLS}/{school.id}",
        json={"name": "First"},
        headers={"If-Match": first_editor.headers["etag"]},
    )
    assert won.status_code == 200
    lost = await client.patch(
        f"{SCHOOLS}/{school.id}",
        json={"name": "Second"},
        headers={"If-Match": second_editor.headers["etag"]},
    )
    assert lost.status_code == 412
    assert lost.headers["content-type"] == "application/problem+json"
    assert (await client.get(f"{SCHOOLS}/{school.id}")).json()["name"] == "First"


async def test_if_none_match_returns_304(client: httpx.AsyncClient, session: AsyncSession) -> None:
    school = await make_school(session)
    first = await client.get(f"{SCHOOLS}/{school.id}")
    again = await client.get(
        f"{SCHOOLS}/{school.id}", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


async def test_duplicate_nces_id_is_409(client: httpx.AsyncClient, session: AsyncSession) -> None:
    existing = await make_school(session)
    response = await client.post(
        SCHOOLS, json=school_body(existing.district_id, nces_id=existing.nces_id)
    )
    assert response.status_code == 409
    assert response.json()["status"] == 409


async def test_unknown_district_is_422(client: httpx.AsyncClient, session: AsyncSession) -> None:
    before = await count_schools(session)
    response = await client.post(SCHOOLS, json=school_body(uuid.uuid4()))
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "district_id"]
    assert await count_schools(session) == before


async def test_delete_leaves_a_tombstone(client: httpx.AsyncClient, session: AsyncSession) -> None:
    school = await make_school(session)
    deleted = await client.delete(f"{SCHOOLS}/{school.id}", headers={"If-Match": '"1"'})
    assert deleted.status_code == 204
    assert (await client.get(f"{SCHOOLS}/{school.id}")).status_code == 404
    tombstone = await session.scalar(select(Event).where(Event.resource_id == school.id))
    assert tombstone is not None
    assert tombstone.operation == "delete"


async def test_delete_refused_while_people_are_assigned(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    await make_assignment(session, await make_person(session), school=school)
    response = await client.delete(f"{SCHOOLS}/{school.id}")
    assert response.status_code == 409
    assert (await client.get(f"{SCHOOLS}/{school.id}")).status_code == 200


async def test_unknown_school_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{SCHOOLS}/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_bulk_upsert_reports_each_row(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    existing = await make_school(session, district, name="Old Name")
    rows = [
        school_body(district.id, nces_id=existing.nces_id, name="New Name", grade_low="KG"),
        school_body(district.id, nces_id="061234000001", name="Brand New"),
        school_body(district.id, nces_id="bad"),
        school_body(district.id, nces_id=existing.nces_id, name="New Name", grade_low="KG"),
    ]
    response = await client.post(f"{SCHOOLS}/bulk", json={"items": rows})
    assert response.status_code == 200, response.text
    result = response.json()
    assert [r["status"] for r in result["results"]] == ["updated", "created", "error", "unchanged"]
    assert result["results"][2]["errors"][0]["loc"] == ["nces_id"]
    assert (result["created"], result["updated"], result["unchanged"], result["failed"]) == (
        1,
        1,
        1,
        1,
    )
    assert (await client.get(f"{SCHOOLS}/{existing.id}")).json()["name"] == "New Name"


async def test_bulk_rows_matching_a_school_outside_scope_do_not_name_it(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine, far = await make_school(session), await make_school(session, name="Far Away")
    headers = await sign_in_as(session, Role.coordinator, school_ids=[mine.id])
    row = school_body(far.district_id, nces_id=far.nces_id, name="Taken Over")
    for atomic, status in (("false", 200), ("true", 422)):
        response = await anonymous_client.post(
            f"{SCHOOLS}/bulk?atomic={atomic}", json={"items": [row]}, headers=headers
        )
        assert response.status_code == status, response.text
        assert "no such record in your scope" in response.text
        assert str(far.id) not in response.text
    assert await session.scalar(select(School.name).where(School.id == far.id)) == "Far Away"


async def test_atomic_bulk_writes_nothing_when_a_row_fails(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    before = await count_schools(session)
    rows = [school_body(district.id, nces_id="061234000002"), school_body(district.id, state="ZZ")]
    response = await client.post(f"{SCHOOLS}/bulk?atomic=true", json={"items": rows})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][:3] == ["body", "items", 1]
    assert await count_schools(session) == before


async def test_bulk_refuses_more_than_the_row_limit(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    rows = [school_body(district.id, nces_id=None) for _ in range(5001)]
    response = await client.post(f"{SCHOOLS}/bulk", json={"items": rows})
    assert response.status_code == 422
    assert "5000" in response.json()["detail"]
