"""OneRoster CSV import through the API: bulk, delta, the shared samples, bad input."""

import io
import uuid
import zipfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import District, Person, RoleAssignment, School
from tests.directory.factories import make_district
from tests.directory.oneroster_zips import (
    ORGS,
    ROLES,
    ROLES_HEADER,
    USERS,
    USERS_HEADER,
    district_zip,
    manifest,
    sample,
    zipped,
)

IMPORT = "/api/v1/imports/oneroster"
ZIP = {"content-type": "application/zip"}


async def post_zip(client: httpx.AsyncClient, data: bytes, **params: str) -> httpx.Response:
    return await client.post(IMPORT, content=data, headers=ZIP, params=params)


async def count(session: AsyncSession, model: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


SampleImport = Callable[[str], Awaitable[tuple[District, httpx.Response]]]


@pytest.fixture
def import_sample(
    client: httpx.AsyncClient, session: AsyncSession, shared_data: Path
) -> SampleImport:
    """Posts a shared-data sample into a new district; gives the district and the answer."""

    async def post(name: str) -> tuple[District, httpx.Response]:
        district = await make_district(session)
        response = await post_zip(client, sample(shared_data, name), district_id=str(district.id))
        return district, response

    return post


async def assignments_by_key(session: AsyncSession) -> dict[str, RoleAssignment]:
    found = await session.scalars(
        select(RoleAssignment).where(RoleAssignment.oneroster_id.is_not(None))
    )
    return {a.oneroster_id: a for a in found if a.oneroster_id}


async def test_bulk_import_keeps_staff_skips_learners_and_is_idempotent(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    response = await post_zip(client, district_zip(), state="CA")
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["oneroster_version"] == "1.2"
    assert summary["districts"]["created"] == 1
    assert summary["schools"]["created"] == 2
    assert summary["people"]["created"] == 4
    assert summary["role_assignments"]["created"] == 6
    assert summary["skipped"] == {
        "learners": 2,
        "learner_roles": 2,
        "users_without_roles": 0,
        "orgs": 1,
        "deleted_districts": 0,
    }
    district = await session.scalar(select(District).where(District.oneroster_id == "dst-1"))
    assert district is not None
    assert (district.name, district.nces_leaid, district.state) == (
        "Riverbend Unified",
        "0612345",
        "CA",
    )
    high = await session.scalar(select(School).where(School.oneroster_id == "sch-1"))
    oak = await session.scalar(select(School).where(School.oneroster_id == "sch-2"))
    assert high is not None
    assert oak is not None
    assert (high.nces_id, high.state_school_id, high.district_id) == (
        "061234500001",
        None,
        district.id,
    )
    assert (oak.nces_id, oak.state_school_id) == (None, "RB-OAK")
    people = {p.sis_id: p for p in await session.scalars(select(Person))}
    assert set(people) == {"t-1", "p-1", "a-1", "d-1"}
    assert people["t-1"].email == "ada@rb.example.org"
    assert people["t-1"].phone == "555-0101"
    assert people["a-1"].is_active is False  # enabledUser false
    roles = await assignments_by_key(session)
    assert (roles["r-1"].role, roles["r-1"].school_id, roles["r-1"].is_primary) == (
        "teacher",
        high.id,
        True,
    )
    assert str(roles["r-2"].end_date) == "2026-06-30"
    assert roles["r-2"].is_primary is False
    assert roles["r-3"].role == "principal"
    # The aide's department is not stored: the role is held at the school above it.
    assert (roles["r-4"].role, roles["r-4"].title, roles["r-4"].school_id) == (
        "other",
        "ext:aide",
        high.id,
    )
    assert (roles["r-5"].role, roles["r-5"].title) == ("other", "ext:districtAdministrator")
    assert roles["r-5"].district_id == district.id
    assert (roles["r-6"].role, roles["r-6"].title) == ("coach", None)

    again = (await post_zip(client, district_zip(), state="CA")).json()
    for name in ("districts", "schools", "people", "role_assignments"):
        assert again[name]["created"] == again[name]["updated"] == 0, name
    assert await count(session, Person) == 4


async def test_delta_applies_tobedeleted_and_skips_stale_rows(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await post_zip(client, district_zip(), state="CA")).status_code == 200
    orgs = (
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
        "sch-2,tobedeleted,2026-02-01T00:00:00Z,Oak Elementary,school,RB-OAK,dst-1\n"
        "sch-1,active,2025-12-01T00:00:00Z,Old Name From Before,school,061234500001,dst-1\n"
    )
    users = USERS_HEADER + (
        "t-1,tobedeleted,2026-02-01T00:00:00Z,true,ada,,Ada,Lovelace,,,ada@rb.example.org,,,,,\n"
        "p-1,active,2026-02-01T00:00:00Z,true,grace,,Grace,Hopper-Renamed,,,,,,,,\n"
    )
    roles = ROLES_HEADER + "r-3,tobedeleted,2026-02-01T00:00:00Z,p-1,primary,principal,,,sch-2,\n"
    delta = zipped(
        {
            "manifest.csv": manifest("delta"),
            "orgs.csv": orgs,
            "users.csv": users,
            "roles.csv": roles,
        }
    )
    # It deactivates 3 of the district's 10 records: more than the shrink guard lets by.
    response = await post_zip(client, delta, allow_shrink="true")
    assert response.status_code == 200, response.text
    session.expire_all()
    oak = await session.scalar(select(School).where(School.oneroster_id == "sch-2"))
    high = await session.scalar(select(School).where(School.oneroster_id == "sch-1"))
    assert oak is not None
    assert oak.status == "closed"
    assert high is not None
    assert high.name == "Riverbend High"
    people = {p.sis_id: p for p in await session.scalars(select(Person))}
    assert people["t-1"].is_active is False
    assert people["p-1"].family_name == "Hopper-Renamed"
    roles_now = await assignments_by_key(session)
    today = await session.scalar(select(func.current_date()))
    assert roles_now["r-3"].end_date is not None
    assert str(roles_now["r-3"].end_date) == str(today)
    assert roles_now["r-1"].end_date is None  # a person's deletion leaves 1.2 roles to roles.csv
    assert response.json()["schools"] == {"created": 0, "updated": 1, "unchanged": 1}


async def test_oat_sample_1_1_places_schools_in_the_given_district(
    import_sample: SampleImport, session: AsyncSession
) -> None:
    district, response = await import_sample("oat-sa-OneRosterv1p1BaseCSV")
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["oneroster_version"] == "1.1"
    assert summary["schools"]["created"] == 2
    assert summary["skipped"]["learners"] == 2
    schools = {s.oneroster_id: s for s in await session.scalars(select(School))}
    # School 1's parent is School 2: both end up in School 2's district, the given one.
    assert {s.district_id for s in schools.values()} == {district.id}
    assert schools["12345"].state_school_id == "my identifier"
    assert await count(session, Person) == 0


async def test_moodle_1_1_teachers_at_an_unknown_department_go_to_the_district(
    import_sample: SampleImport, session: AsyncSession
) -> None:
    district, response = await import_sample("moodle-enrol-oneroster-fixtures/Test_full_data_set")
    assert response.status_code == 200, response.text
    assert response.json()["skipped"]["learners"] == 4  # three students and a parent
    people = {p.sis_id: p for p in await session.scalars(select(Person))}
    assert set(people) == {"usr-222-123456", "usr-222-987654"}
    held = list(await session.scalars(select(RoleAssignment)))
    assert {(a.role, a.district_id) for a in held} == {("teacher", district.id)}


async def test_oneroster_1_2_delta_sample_with_only_a_student(
    import_sample: SampleImport, session: AsyncSession
) -> None:
    _, response = await import_sample("moodle-enrol-oneroster-fixtures/oneroster_test_data")
    assert response.status_code == 200, response.text
    assert response.json()["modes"] == {"orgs": "delta", "users": "delta", "roles": "delta"}
    school = await session.scalar(select(School).where(School.oneroster_id == "ORG_1"))
    assert school is not None
    assert school.name == "Gotham High School"
    assert await count(session, Person) == 0


async def test_bad_dates_in_the_1_2_sample_refuse_the_import_naming_lines(
    import_sample: SampleImport, session: AsyncSession
) -> None:
    _, response = await import_sample("moodle-enrol-oneroster-fixtures/v1p2_full_dataset")
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    lines = {tuple(error["loc"]) for error in response.json()["errors"]}
    # Lines 2, 4 and 5 are staff; line 6 is a student, whose row is never read.
    assert {("users.csv", 2), ("users.csv", 4), ("users.csv", 5)} <= lines
    assert ("users.csv", 6) not in lines
    assert "1/05/2023" in response.text
    assert await count(session, Person) == 0
    assert await count(session, School) == 0


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.csv", manifest())
        archive.writestr("orgs.csv", b"0" * (8 * 1024 * 1024))
    return buffer.getvalue()


async def test_malformed_zips_are_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    files = {"manifest.csv": manifest(), "orgs.csv": ORGS, "users.csv": USERS, "roles.csv": ROLES}
    cases: list[tuple[bytes, str]] = [
        (b"this is not a zip", "Not a zip file"),
        (_bomb(), "zip bomb"),
        (zipped(files | {"../x.csv": "a,b\n"}), "without a path"),
        (zipped({k: v for k, v in files.items() if k != "manifest.csv"}), "no manifest.csv"),
        (zipped(files | {"manifest.csv": manifest().replace("1.2", "2.0")}), "oneroster.version"),
        (zipped({k: v for k, v in files.items() if k != "roles.csv"}), "roles.csv is missing"),
        (zipped(files | {"manifest.csv": manifest(roles="absent")}), "says file.roles is absent"),
        (zipped(files | {"orgs.csv": "sourcedId,name\nx,y\n"}), "no type column"),
        (zipped(files | {"manifest.csv": manifest(roles="sometimes")}), "bulk, delta or absent"),
    ]
    for data, said in cases:
        response = await post_zip(client, data, state="CA")
        assert response.status_code == 422, (said, response.text)
        assert said in response.text, (said, response.text)
    assert await count(session, District) == 0


async def test_bad_rows_are_listed_by_line_and_nothing_is_written(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    orgs = ORGS + "sch-9,active,,Lost School,school,,nowhere\n"
    users = USERS.replace("ada@rb.example.org", "not-an-email")
    roles = ROLES + "r-9,active,,p-1,primary,teacher,2026-01-01,2025-01-01,sch-2,\n"
    data = zipped(
        {"manifest.csv": manifest(), "orgs.csv": orgs, "users.csv": users, "roles.csv": roles}
    )
    response = await post_zip(client, data, state="CA")
    assert response.status_code == 422, response.text
    errors = {tuple(error["loc"]): error["msg"] for error in response.json()["errors"]}
    assert "nowhere" in errors["orgs.csv", 6]
    assert "email" in errors["users.csv", 2]
    assert "endDate is before beginDate" in errors["roles.csv", 10]
    for model in (District, School, Person, RoleAssignment):
        assert await count(session, model) == 0


async def test_a_new_district_needs_a_state(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    response = await post_zip(client, district_zip())
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["orgs.csv", 2]


async def test_multipart_upload(client: httpx.AsyncClient, session: AsyncSession) -> None:
    response = await client.post(
        IMPORT,
        params={"state": "CA"},
        files={"file": ("roster.zip", district_zip(), "application/zip")},
    )
    assert response.status_code == 200, response.text
    assert response.json()["people"]["created"] == 4


async def test_district_managers_import_only_into_their_district(
    sign_in: Any, session: AsyncSession
) -> None:
    mine = await make_district(session)
    other = await make_district(session)
    manager = await sign_in(Role.district_manager, district_ids=[mine.id])
    refused = await post_zip(manager, district_zip(), district_id=str(other.id))
    assert refused.status_code == 403
    done = await post_zip(manager, district_zip())
    assert done.status_code == 200, done.text
    keyed = await session.scalar(select(District.oneroster_id).where(District.id == mine.id))
    assert keyed == "dst-1"
    schools = list(await session.scalars(select(School)))
    assert {s.district_id for s in schools} == {mine.id}
    coordinator = await sign_in(Role.coordinator, school_ids=[schools[0].id])
    assert (await post_zip(coordinator, district_zip())).status_code == 403
    nowhere = await post_zip(manager, district_zip(), district_id=str(uuid.uuid4()))
    assert nowhere.status_code == 403


MANIFEST_11 = "propertyName,value\noneroster.version,1.1\nfile.orgs,{mode}\nfile.users,{mode}\n"
USERS_11 = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,"
    "familyName,email\n"
)


async def test_a_1_1_user_holds_their_role_at_each_org_until_deleted(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    orgs = ORGS.replace(",metadata.note", "").replace(",ignored", "")
    users = USERS_11 + 'u-1,active,2026-01-01,true,"sch-1,sch-2",counselor,cc,Cal,Counsel,\n'
    bulk = zipped(
        {"manifest.csv": MANIFEST_11.format(mode="bulk"), "orgs.csv": orgs, "users.csv": users}
    )
    assert (await post_zip(client, bulk, state="CA")).status_code == 200
    roles = await assignments_by_key(session)
    assert {key: (a.role, a.is_primary) for key, a in roles.items()} == {
        "u-1@sch-1": ("counselor", True),
        "u-1@sch-2": ("counselor", False),
    }
    gone = USERS_11 + 'u-1,tobedeleted,2026-02-01,true,"sch-1,sch-2",counselor,cc,Cal,Counsel,\n'
    delta = zipped(
        {
            "manifest.csv": MANIFEST_11.format(mode="delta").replace(
                "file.orgs,delta", "file.orgs,absent"
            ),
            "users.csv": gone,
        }
    )
    # The district's only person and both her roles: all it has, as the guard sees it.
    response = await post_zip(client, delta, allow_shrink="true")
    assert response.status_code == 200, response.text
    session.expire_all()
    person = await session.scalar(select(Person).where(Person.sis_id == "u-1"))
    assert person is not None
    assert person.is_active is False
    ended = await assignments_by_key(session)
    assert all(a.end_date is not None for a in ended.values())
