"""OneRoster 1.2 export, and the round trip: import, export, import into an empty
directory gives the same records, for every field OneRoster carries."""

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import District, Person, RoleAssignment, School
from tests.directory.factories import make_assignment, make_district, make_person, make_school
from tests.directory.oneroster_zips import district_zip, sample
from tests.directory.test_oneroster_import import post_zip

EXPORT = "/api/v1/exports/oneroster.zip"
CARRIED = {
    District: ("oneroster_id", "oneroster_modified_at", "name", "nces_leaid", "state_district_id"),
    School: (
        "oneroster_id", "oneroster_modified_at", "name", "nces_id", "state_school_id", "status",
    ),
    Person: (
        "sis_id", "oneroster_modified_at", "given_name", "family_name", "email", "phone",
        "is_active",
    ),
    RoleAssignment: (
        "oneroster_id", "oneroster_modified_at", "role", "title", "start_date", "end_date",
        "is_primary",
    ),
}  # fmt: skip


def read_zip(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
        }


async def snapshot(session: AsyncSession) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Every directory record by its OneRoster key, as the fields OneRoster carries and the
    keys of the records it points to."""
    session.expunge_all()
    districts = {d.id: d for d in await session.scalars(select(District))}
    schools = {s.id: s for s in await session.scalars(select(School))}
    people = {p.id: p for p in await session.scalars(select(Person))}
    roles = list(await session.scalars(select(RoleAssignment)))

    def fields(record: Any) -> tuple[Any, ...]:
        return tuple(getattr(record, name) for name in CARRIED[type(record)])

    return {
        "districts": {d.oneroster_id: fields(d) for d in districts.values()},
        "schools": {
            s.oneroster_id: (*fields(s), districts[s.district_id].oneroster_id)
            for s in schools.values()
        },
        "people": {p.sis_id: fields(p) for p in people.values()},
        "roles": {
            r.oneroster_id: (
                *fields(r),
                people[r.person_id].sis_id,
                schools[r.school_id].oneroster_id if r.school_id else None,
                districts[r.district_id].oneroster_id if r.district_id else None,
            )
            for r in roles
        },
    }


async def emptied(session: AsyncSession) -> None:
    for model in (RoleAssignment, Person, School, District):
        await session.execute(delete(model))
    await session.flush()


async def test_export_writes_orgs_staff_and_their_oneroster_roles(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await post_zip(client, district_zip(), state="CA")).status_code == 200
    response = await client.get(EXPORT)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    files = read_zip(response.content)
    assert set(files) == {"manifest.csv", "orgs.csv", "users.csv", "roles.csv"}
    manifest = {row["propertyName"]: row["value"] for row in files["manifest.csv"]}
    assert manifest["oneroster.version"] == "1.2"
    assert manifest["file.roles"] == "bulk"
    assert manifest["file.enrollments"] == "absent"
    orgs = {row["sourcedId"]: row for row in files["orgs.csv"]}
    assert orgs["sch-1"]["identifier"] == "061234500001"
    assert orgs["sch-1"]["parentSourcedId"] == "dst-1"
    assert orgs["sch-1"]["dateLastModified"] == "2026-01-05T10:00:00.000Z"
    assert orgs["dst-1"]["type"] == "district"
    assert {row["sourcedId"] for row in files["users.csv"]} == {"t-1", "p-1", "a-1", "d-1"}
    roles = {row["sourcedId"]: row["role"] for row in files["roles.csv"]}
    assert roles == {
        "r-1": "teacher",
        "r-2": "teacher",
        "r-3": "principal",
        "r-4": "aide",
        "r-5": "districtAdministrator",
        "r-6": "ext:coach",
    }


async def test_round_trip_into_an_empty_directory_gives_equal_records(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await post_zip(client, district_zip(), state="CA")).status_code == 200
    before = await snapshot(session)
    exported = (await client.get(EXPORT)).content
    await emptied(session)
    response = await post_zip(client, exported, state="CA")
    assert response.status_code == 200, response.text
    assert await snapshot(session) == before
    assert len(before["roles"]) == 6


async def test_round_trip_of_records_made_in_trellis_and_of_a_sample(
    client: httpx.AsyncClient, session: AsyncSession, shared_data: Path
) -> None:
    district = await make_district(session, oneroster_id="made-here")
    school = await make_school(session, district, status="closed")
    person = await make_person(session, sis_id="SIS-77", phone="+1 555 0100")
    await make_assignment(
        session, person, school=school, role="partnerships_coordinator", title="Lead"
    )
    data = sample(shared_data, "oat-sa-OneRosterv1p1BaseCSV")
    assert (await post_zip(client, data, district_id=str(district.id))).status_code == 200
    exported = (await client.get(EXPORT)).content
    roles = read_zip(exported)["roles.csv"]
    assert [row["role"] for row in roles] == ["ext:partnerships_coordinator"]
    before = await snapshot(session)
    await emptied(session)
    assert (await post_zip(client, exported, state=district.state)).status_code == 200
    after = await snapshot(session)
    # Records made in Trellis take their id as sourcedId and their last change as
    # dateLastModified; a title OneRoster has no field for is not carried.
    school_key = str(school.id)
    assert after["schools"][school_key][2:] == before["schools"][None][2:]
    assert after["schools"][school_key][5] == "closed"
    # The sample leaves School 2's dateLastModified blank: it comes back as its last change.
    assert {k: v[:1] + v[2:] for k, v in after["schools"].items() if k != school_key} == {
        k: v[:1] + v[2:] for k, v in before["schools"].items() if k is not None
    }
    assert after["people"]["SIS-77"][2:] == before["people"]["SIS-77"][2:]
    (role,) = after["roles"].values()
    assert role[2:4] == ("partnerships_coordinator", None)


async def test_export_is_scoped(sign_in: Any, session: AsyncSession) -> None:
    mine = await make_district(session)
    other = await make_district(session)
    await make_school(session, mine, name="Mine High")
    await make_school(session, other, name="Other High")
    manager = await sign_in(Role.district_manager, district_ids=[mine.id])
    files = read_zip((await manager.get(EXPORT)).content)
    assert sorted(row["name"] for row in files["orgs.csv"]) == [mine.name, "Mine High"]
