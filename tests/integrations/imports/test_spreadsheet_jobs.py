"""People and partners spreadsheets as import jobs: the dry run's diff, then apply."""

import json

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import Person, RoleAssignment
from api.partners.models import Partner
from tests.directory.factories import make_district, make_school
from tests.integrations.imports.jobs import IMPORTS, post_job

PEOPLE_MAPPING = json.dumps(
    {
        "columns": {
            "given_name": "First",
            "family_name": "Last",
            "email": "Email",
            "school_nces_id": "School",
        },
        "default_role": "principal",
    }
)


async def count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_people_sheet_is_a_dry_run_then_applied_and_unplaced_lines_are_listed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    school = await make_school(session, district, nces_id="360007700001")
    await session.commit()
    sheet = (
        "First,Last,Email,School\n"
        f"Ada,Okafor,ada@example.org,{school.nces_id}\n"
        "Bea,Lind,bea@example.org,999999999999\n"
    ).encode()

    response = await post_job(
        client, "people", sheet, "principals.csv", dry_run=True, mapping=PEOPLE_MAPPING
    )
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] == "dry_run_ready", job
    assert job["counts"]["created"] >= 1
    assert job["counts"]["failed"] == 1
    assert [error["line"] for error in job["errors"]] == [3]
    assert await count(session, Person) == 0

    applied = await client.post(f"{IMPORTS}/{job['id']}/apply")
    assert applied.status_code == 202, applied.text
    assert applied.json()["status"] == "succeeded"
    people = (await session.scalars(select(Person))).all()
    assert [(p.given_name, p.email) for p in people] == [("Ada", "ada@example.org")]
    placed = await session.scalar(select(RoleAssignment.school_id))
    assert placed == school.id

    failed_rows = await client.get(f"{IMPORTS}/{job['id']}/failed-rows")
    assert failed_rows.status_code == 200
    assert "Bea" in failed_rows.text
    assert "Ada" not in failed_rows.text


async def test_a_partners_sheet_creates_partners_and_lists_sites_it_could_not_place(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    sheet = (
        b"AGENCY,PROGRAM,SITE NAME,BOROUGH / COMMUNITY,Contact Number\n"
        b"Harbor Youth Services,Beacon,Nowhere School,Queens,212-555-0100\n"
    )
    response = await post_job(
        client, "partners", sheet, "programmes.csv", mapping="nyc-after-school"
    )
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] == "succeeded", job
    assert job["counts"]["created"] == 1
    assert job["counts"]["failed"] == 0
    assert any(e["message"].startswith("not placed") for e in job["errors"])
    names = (await session.scalars(select(Partner.name))).all()
    assert names == ["Harbor Youth Services"]


async def test_an_unknown_mapping_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    response = await post_job(client, "people", b"A,B\n1,2\n", "x.csv", mapping="no-such")
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await count(session, Person) == 0
