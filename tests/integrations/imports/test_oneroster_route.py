"""`POST /imports/oneroster` runs the import job `POST /imports` makes: a bulk file ends
what it leaves out, the shrink guard refuses with 409, a dry run writes nothing, and
the job is listed with the others."""

import datetime as dt
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.directory.models import District, Person, RoleAssignment, School
from tests.directory import oneroster_zips as zips
from tests.integrations.imports.jobs import IMPORTS, role_ends

IMPORT = "/api/v1/imports/oneroster"
ZIP = {"content-type": "application/zip"}
# Ada's role at Oak (r-2) is current, and counted, until it ends on 2026-06-30.
EXTRA = int(utcnow().date() < dt.date(2026, 6, 30))
# Oak Elementary, Grace, Alan and Edsger and their roles are gone from the SIS.
SHRUNK = zips.reduced_zip({"sch-1"}, {"t-1", "s-1", "g-1"})


async def post_zip(client: httpx.AsyncClient, data: bytes, **params: str) -> httpx.Response:
    return await client.post(IMPORT, content=data, headers=ZIP, params=params)


async def count(session: AsyncSession, model: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def people_active(session: AsyncSession) -> dict[str | None, bool]:
    rows = await session.execute(
        select(Person.sis_id, Person.is_active).execution_options(populate_existing=True)
    )
    return dict(rows.all())


async def school_statuses(session: AsyncSession) -> dict[str | None, str]:
    rows = await session.execute(
        select(School.oneroster_id, School.status).execution_options(populate_existing=True)
    )
    return dict(rows.all())


async def test_the_job_is_named_and_listed_with_the_others(client: httpx.AsyncClient) -> None:
    response = await post_zip(client, zips.district_zip(), state="CA")
    summary = response.json()
    assert response.status_code == 200, summary
    assert summary["status"] == "succeeded"
    assert (summary["deactivated"], summary["kept_edited"]) == (0, 0)
    assert summary["schools"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert response.headers["content-location"] == f"{IMPORTS}/{summary['job_id']}"
    listed = (await client.get(IMPORTS)).json()["items"]
    assert [(job["id"], job["kind"], job["status"]) for job in listed] == [
        (summary["job_id"], "oneroster", "succeeded")
    ]
    job = (await client.get(response.headers["content-location"])).json()
    assert job["counts"]["created"] == 13  # 1 district, 2 schools, 4 people, 6 roles
    assert job["options"] == {"state": "CA"}


async def test_a_smaller_bulk_zip_ends_what_it_leaves_out(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await post_zip(client, zips.district_zip(), state="CA")).status_code == 200
    response = await post_zip(client, SHRUNK, allow_shrink="true")
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["deactivated"] == 7 + EXTRA
    assert summary["schools"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert await school_statuses(session) == {"sch-1": "open", "sch-2": "closed"}
    assert await people_active(session) == {"t-1": True, "p-1": False, "a-1": False, "d-1": False}
    ends = await role_ends(session)
    assert [key for key, end in sorted(ends.items()) if end == utcnow().date()] == [
        *(["r-2"] if EXTRA else []),
        "r-3",
        "r-4",
        "r-5",
        "r-6",
    ]
    assert ends["r-1"] is None


async def test_the_shrink_guard_refuses_with_409_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await post_zip(client, zips.district_zip(), state="CA")).status_code == 200
    refused = await post_zip(client, SHRUNK)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert f"would deactivate {7 + EXTRA} of the {10 + EXTRA}" in problem["detail"]
    assert "allow_shrink=true" in problem["detail"]
    assert await school_statuses(session) == {"sch-1": "open", "sch-2": "open"}
    # Alan was imported disabled.
    assert await people_active(session) == {"t-1": True, "p-1": True, "a-1": False, "d-1": True}
    ends = await role_ends(session)
    assert all(ends[key] is None for key in ("r-1", "r-3", "r-4", "r-5", "r-6"))
    assert "job_id" not in problem
    assert [job["status"] for job in (await client.get(IMPORTS)).json()["items"]] == ["succeeded"]


async def test_a_dry_run_answers_the_counts_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    response = await post_zip(client, zips.district_zip(), state="CA", dry_run="true")
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["status"] == "dry_run_ready"
    assert summary["people"]["created"] == 4
    for model in (District, School, Person, RoleAssignment):
        assert await count(session, model) == 0, model
    applied = await client.post(f"{response.headers['content-location']}/apply")
    assert applied.json()["status"] == "succeeded", applied.text
    assert await count(session, Person) == 4

    dry = (await post_zip(client, SHRUNK, dry_run="true", allow_shrink="true")).json()
    assert dry["deactivated"] == 7 + EXTRA
    assert await school_statuses(session) == {"sch-1": "open", "sch-2": "open"}
    assert (await people_active(session))["p-1"] is True


async def test_wrong_rows_are_a_422_naming_each_and_record_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    stamp = "active,2026-01-05T10:00:00.000Z,"
    users = zips.USERS.replace(f"t-1,{stamp}true", f"t-1,{stamp}maybe").replace(
        f"d-1,{stamp}true", f"d-1,{stamp}perhaps"
    )
    files = {"orgs.csv": zips.ORGS, "users.csv": users, "roles.csv": zips.ROLES}
    data = zips.zipped({"manifest.csv": zips.manifest()} | files)
    response = await post_zip(client, data, state="CA")
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert [error["loc"] for error in problem["errors"]] == [["users.csv", 2], ["users.csv", 5]]
    assert (await client.get(IMPORTS)).json()["items"] == []
    for model in (District, School, Person):
        assert await count(session, model) == 0, model


async def test_an_unknown_district_is_named_where_it_was_sent(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    response = await post_zip(client, zips.district_zip(), district_id=unknown)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["loc"] for error in response.json()["errors"]] == [["query", "district_id"]]
    assert (await client.get(IMPORTS)).json()["items"] == []
    assert await count(session, District) == 0


async def test_an_edit_made_in_trellis_is_kept_unless_overwritten(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await post_zip(client, zips.district_zip(), state="CA")).status_code == 200
    ada = await session.scalar(select(Person).where(Person.sis_id == "t-1"))
    assert ada is not None
    read = await client.get(f"/api/v1/people/{ada.id}")
    edited = await client.patch(
        f"/api/v1/people/{ada.id}",
        json={"phone": "555-9999"},
        headers={"If-Match": read.headers["etag"]},
    )
    assert edited.status_code == 200, edited.text

    kept = (await post_zip(client, zips.district_zip())).json()
    # Her phone was all the file would change: she is put back whole, not updated.
    assert (kept["kept_edited"], kept["people"]["updated"]) == (1, 0), kept
    await session.refresh(ada)
    assert ada.phone == "555-9999"

    overwritten = (await post_zip(client, zips.district_zip(), overwrite_edited="true")).json()
    assert (overwritten["kept_edited"], overwritten["people"]["updated"]) == (0, 1), overwritten
    await session.refresh(ada)
    assert ada.phone == "555-0101"
