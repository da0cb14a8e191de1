"""Import jobs through the API: dry runs, apply, the shrink guard, kept edits, scope."""

import datetime as dt
import uuid
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.db import utcnow
from api.directory.models import District, Person, School
from api.integrations.imports.models import ImportJob
from tests.directory.factories import make_district
from tests.directory.oneroster_zips import (
    ORGS,
    ROLES,
    USERS,
    district_zip,
    manifest,
    reduced_zip,
    zipped,
)
from tests.integrations.imports.jobs import IMPORTS, post_job, role_ends


async def count(session: AsyncSession, model: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_dry_run_gives_the_diff_and_writes_nothing_then_apply_writes_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    response = await post_job(client, "oneroster", district_zip(), dry_run=True, state="CA")
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"].endswith(f"{IMPORTS}/{job['id']}")
    assert job["status"] == "dry_run_ready"
    assert job["counts"]["created"] == 13  # 1 district, 2 schools, 4 people, 6 roles
    created = {(e["resource"], (e["keys"] or {}).get("state_school_id")) for e in job["diff"]}
    assert ("schools", "RB-OAK") in created
    assert {e["action"] for e in job["diff"]} == {"create"}
    assert await count(session, School) == 0
    assert await count(session, Person) == 0

    applied = await client.post(f"{IMPORTS}/{job['id']}/apply")
    assert applied.status_code == 202, applied.text
    assert applied.json()["status"] == "succeeded"
    assert applied.json()["counts"]["created"] == 13
    assert await count(session, School) == 2
    assert await count(session, Person) == 4
    again = await client.post(f"{IMPORTS}/{job['id']}/apply")
    assert again.status_code == 409
    read = await client.get(f"{IMPORTS}/{job['id']}")
    assert read.status_code == 200
    assert read.json()["status"] == "succeeded"


async def test_the_shrink_guard_refuses_a_bulk_file_dropping_over_a_fifth(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    first = await post_job(client, "oneroster", district_zip(), state="CA")
    assert first.json()["status"] == "succeeded", first.text
    # Oak Elementary, two of the three active staff and four current roles are gone from
    # the SIS: 7 of the 10 active records (Alan is disabled already; Ada's role at Oak,
    # r-2, counts only until it ends on 2026-06-30).
    extra = int(utcnow().date() < dt.date(2026, 6, 30))
    shrunk = reduced_zip({"sch-1"}, {"t-1", "s-1", "g-1"})
    refused = await post_job(client, "oneroster", shrunk)
    body = refused.json()
    assert body["status"] == "refused", body
    assert f"would deactivate {7 + extra} of the {10 + extra}" in body["reason"]
    assert body["counts"]["deactivated"] == 7 + extra
    oak = await session.scalar(select(School).where(School.oneroster_id == "sch-2"))
    assert oak is not None
    await session.refresh(oak)
    assert oak.status == "open"

    dry = await post_job(client, "oneroster", shrunk, dry_run=True, allow_shrink=True)
    assert dry.json()["status"] == "dry_run_ready"
    assert dry.json()["counts"]["would_deactivate"] == 7 + extra
    assert "would_deactivate" in {e["action"] for e in dry.json()["diff"]}

    allowed = await post_job(client, "oneroster", shrunk, allow_shrink=True)
    assert allowed.json()["status"] == "succeeded", allowed.text
    assert allowed.json()["counts"]["deactivated"] == 7 + extra
    await session.refresh(oak)
    assert oak.status == "closed"
    people = {p.sis_id: p.is_active for p in await session.scalars(select(Person))}
    assert people == {"t-1": True, "p-1": False, "a-1": False, "d-1": False}
    ends = await role_ends(session)
    today = utcnow().date()
    assert ends == {
        "r-1": None,
        "r-2": today if extra else dt.date(2026, 6, 30),
    } | dict.fromkeys(("r-3", "r-4", "r-5", "r-6"), today)


async def test_a_small_drop_passes_the_guard(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await post_job(client, "oneroster", district_zip(), state="CA")
    # Grace and her one role leave: 2 of the 10 active records, a fifth, not more.
    dropped = reduced_zip({"sch-1", "sch-2"}, {"t-1", "a-1", "d-1", "s-1", "g-1"})
    done = await post_job(client, "oneroster", dropped)
    assert done.json()["status"] == "succeeded", done.text
    assert done.json()["counts"]["deactivated"] == 2
    grace = await session.scalar(select(Person).where(Person.sis_id == "p-1"))
    assert grace is not None
    assert grace.is_active is False
    ends = await role_ends(session)
    assert ends["r-3"] == utcnow().date()
    assert ends["r-1"] is None
    assert ends["r-5"] is None


async def test_a_retry_with_the_same_key_answers_the_first_job(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    request = client.build_request(
        "POST",
        IMPORTS,
        files={"file": ("district.zip", district_zip())},
        data={"kind": "oneroster", "state": "CA", "dry_run": "true"},
        headers={"Idempotency-Key": "import-1"},
    )
    first = await client.send(request)
    second = await client.send(request)
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert await count(session, ImportJob) == 1


async def test_only_admins_and_district_managers_import_and_see_their_district_jobs(
    sign_in: Any, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine = await make_district(session)
    other = await make_district(session)
    manager = await sign_in(Role.district_manager, district_ids=[mine.id])
    done = await post_job(manager, "oneroster", district_zip())
    assert done.status_code == 202, done.text
    job = done.json()
    assert job["district_id"] == str(mine.id)
    assert job["status"] == "succeeded"
    assert (
        await post_job(manager, "oneroster", district_zip(), district_id=other.id)
    ).status_code == 404
    assert (await post_job(manager, "nces", b"a,b\n1,2\n", "d.csv")).status_code == 403

    neighbour = await sign_in(Role.district_manager, district_ids=[other.id])
    assert (await neighbour.get(f"{IMPORTS}/{job['id']}")).status_code == 404
    assert (await neighbour.get(f"{IMPORTS}/{job['id']}/failed-rows")).status_code == 404
    assert (await neighbour.get(IMPORTS)).json()["items"] == []
    assert [j["id"] for j in (await manager.get(IMPORTS)).json()["items"]] == [job["id"]]
    assert [j["id"] for j in (await client.get(IMPORTS)).json()["items"]] == [job["id"]]

    coordinator = await sign_in(Role.coordinator, district_ids=[mine.id])
    assert (await post_job(coordinator, "oneroster", district_zip())).status_code == 403
    assert (await coordinator.get(IMPORTS)).status_code == 403


async def test_bad_uploads_are_refused_and_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    zip_bytes = district_zip()
    path = await post_job(client, "oneroster", zip_bytes, "../etc/district.zip", state="CA")
    assert path.status_code == 422
    assert path.headers["content-type"] == "application/problem+json"
    assert (await post_job(client, "people-ish", zip_bytes)).status_code == 422
    unknown_option = await post_job(client, "oneroster", zip_bytes, program_id=uuid.uuid4())
    assert unknown_option.status_code == 422
    assert "program_id" in unknown_option.text
    assert (await post_job(client, "oneroster", b"")).status_code == 422

    not_zip = await post_job(client, "oneroster", b"this is no zip", state="CA")
    assert not_zip.status_code == 202
    assert not_zip.json()["status"] == "failed"
    assert "Not a zip file" in not_zip.json()["reason"]
    bomb = zipped({"manifest.csv": manifest(), "orgs.csv": "a" * 5_000_000})
    bombed = await post_job(client, "oneroster", bomb, state="CA")
    assert bombed.json()["status"] == "failed"
    assert "zip bomb" in bombed.json()["reason"]
    assert await count(session, District) == 0
    assert await count(session, School) == 0


async def test_a_failed_line_is_listed_and_served_back_as_csv(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    bad_users = USERS.replace(
        "t-1,active,2026-01-05T10:00:00.000Z,true", "t-1,active,2026-01-05T10:00:00.000Z,maybe"
    )
    data = zipped(
        {"manifest.csv": manifest(), "orgs.csv": ORGS, "users.csv": bad_users, "roles.csv": ROLES}
    )
    failed = (await post_job(client, "oneroster", data, state="CA")).json()
    assert failed["status"] == "failed"
    assert {"line": 2, "file": "users.csv"}.items() <= failed["errors"][0].items()
    assert await count(session, Person) == 0
    rows = await client.get(f"{IMPORTS}/{failed['id']}/failed-rows")
    assert rows.status_code == 200
    assert rows.headers["content-type"].startswith("text/csv")
    lines = rows.text.splitlines()
    assert lines[0] == "file,line,error,row"
    assert lines[1].startswith("users.csv,2,")
    assert "maybe" in lines[1]


async def test_measurement_lines_refused_are_served_with_their_error(
    client: httpx.AsyncClient,
) -> None:
    text = "goal_external_id,measured_on,value\nG-1,2026-01-10,3\nG-2,not-a-date,4\n"
    job = (
        await post_job(client, "measurements", text.encode(), "readings.csv", atomic=False)
    ).json()
    assert job["status"] == "succeeded", job
    assert job["counts"]["failed"] == 2
    assert [e["line"] for e in job["errors"]] == [2, 3]
    rows = await client.get(f"{IMPORTS}/{job['id']}/failed-rows")
    lines = rows.text.splitlines()
    assert lines[0] == "goal_external_id,measured_on,value,error"
    assert lines[1].startswith("G-1,2026-01-10,3,")
    assert lines[2].startswith("G-2,not-a-date,4,")
