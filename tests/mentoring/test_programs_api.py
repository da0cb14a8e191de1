"""Programmes and their schools' support tiers."""

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.mentoring.models import Program, ProgramSchool
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.mentoring.helpers import PROGRAMS, count, created, locs, problem, program_body


async def test_programme_crud_with_filters_csv_and_etags(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    program = await created(
        client, PROGRAMS, program_body(district_id=str(district.id), cadence_days=10)
    )
    assert program["cadence_days"] == 10
    assert program["status"] == "planned"
    await created(client, PROGRAMS, program_body(name="Teacher mentoring", kind="mentoring"))
    listed = await client.get(PROGRAMS, params={"kind": "coaching", "q": "princ"})
    assert [p["id"] for p in listed.json()["items"]] == [program["id"]]
    by_district = await client.get(PROGRAMS, params={"district_id": str(district.id)})
    assert [p["id"] for p in by_district.json()["items"]] == [program["id"]]
    csv = await client.get(PROGRAMS, params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.count("\n") == 3
    assert "Teacher mentoring" in csv.text
    url = f"{PROGRAMS}/{program['id']}"
    stale = await client.patch(url, json={"status": "active"}, headers={"If-Match": '"9"'})
    problem(stale, 412)
    changed = await client.patch(url, json={"status": "active"}, headers={"If-Match": '"1"'})
    assert changed.json()["status"] == "active"
    assert changed.headers["etag"] == '"2"'
    events = await session.scalars(
        select(Event).where(Event.resource_id == uuid.UUID(program["id"])).order_by(Event.seq)
    )
    assert [(e.operation, e.district_id) for e in events] == [
        ("create", district.id),
        ("update", district.id),
    ]
    deleted = await client.delete(url, headers={"If-Match": '"2"'})
    assert deleted.status_code == 204
    assert await count(session, Program) == 1


async def test_bad_programmes_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    backwards = await client.post(
        PROGRAMS, json=program_body(start_date="2026-01-01", end_date="2025-01-01")
    )
    assert locs(backwards) == [["body", "end_date"]]
    too_long = await client.post(PROGRAMS, json=program_body(name="x" * 201))
    assert locs(too_long) == [["body", "name"]]
    zero = await client.post(PROGRAMS, json=program_body(cadence_days=0))
    assert locs(zero) == [["body", "cadence_days"]]
    unknown = await client.post(
        PROGRAMS, json=program_body(district_id="00000000-0000-7000-8000-000000000000")
    )
    assert locs(unknown) == [["body", "district_id"]]
    assert await count(session, Program) == 0
    program = await created(client, PROGRAMS, program_body(start_date="2026-01-01"))
    url = f"{PROGRAMS}/{program['id']}"
    reversed_dates = await client.patch(url, json={"end_date": "2025-06-30"})
    problem(reversed_dates, 422)
    assert "end_date" in reversed_dates.text
    cleared = await client.patch(url, json={"name": None})
    problem(cleared, 422)
    assert (await client.get(url)).json()["version"] == 1


async def test_tiers_set_the_effective_cadence_and_weight(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school, other = await make_school(session), await make_school(session)
    program = await created(client, PROGRAMS, program_body())
    tiers = f"{PROGRAMS}/{program['id']}/schools"
    intensive = await created(
        client, tiers, {"school_id": str(school.id), "tier": "intensive", "needs": ["hardship"]}
    )
    assert intensive["effective_cadence_days"] == 7
    assert intensive["effective_caseload_weight"] == 2.0
    universal = await created(
        client, tiers, {"school_id": str(other.id), "tier": "universal", "cadence_days": 21}
    )
    assert (universal["effective_cadence_days"], universal["effective_caseload_weight"]) == (
        21,
        1.0,
    )
    twice = await client.post(tiers, json={"school_id": str(school.id), "tier": "targeted"})
    problem(twice, 409)
    url = f"{tiers}/{school.id}"
    patched = await client.patch(url, json={"tier": "targeted"}, headers={"If-Match": '"1"'})
    assert patched.json()["effective_cadence_days"] == 14
    assert patched.json()["effective_caseload_weight"] == 1.5
    listed = await client.get(tiers)
    assert {t["school_id"] for t in listed.json()["items"]} == {str(school.id), str(other.id)}
    gone = await client.delete(url, headers={"If-Match": '"2"'})
    assert gone.status_code == 204
    assert await count(session, ProgramSchool) == 1
    deleted = await client.delete(f"{PROGRAMS}/{program['id']}")
    assert deleted.status_code == 204
    assert await count(session, ProgramSchool) == 0
    tombstones = select(Event.resource).where(Event.operation == "delete")
    assert sorted(await session.scalars(tombstones)) == [
        "mentoring_program_schools",
        "mentoring_program_schools",
        "mentoring_programs",
    ]


async def test_a_coordinator_sees_programmes_touching_their_school_only(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    school, elsewhere = await make_school(session), await make_school(session)
    touching = await created(client, PROGRAMS, program_body(name="Touching"))
    await created(client, PROGRAMS, program_body(name="Elsewhere"))
    await created(
        client,
        f"{PROGRAMS}/{touching['id']}/schools",
        {"school_id": str(school.id), "tier": "targeted"},
    )
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    listed = await coordinator.get(PROGRAMS)
    assert [p["name"] for p in listed.json()["items"]] == ["Touching"]
    refused = await coordinator.post(PROGRAMS, json=program_body())
    problem(refused, 403)
    outside = await coordinator.post(
        f"{PROGRAMS}/{touching['id']}/schools",
        json={"school_id": str(elsewhere.id), "tier": "targeted"},
    )
    assert locs(outside) == [["body", "school_id"]]
