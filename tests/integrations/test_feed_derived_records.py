"""A record in the feed is the record its GET answers, figures derived at reading time
included: a goal's progress, a match's health, a school's tier cadence."""

import datetime as dt
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.mentoring.models import ProgramSchool
from tests.directory.factories import make_district, make_school
from tests.goals.factories import make_goal
from tests.integrations.feed import feed, last_seq
from tests.mentoring.factories import new_match, new_participant, new_program


async def patched(client: httpx.AsyncClient, url: str, patch: dict[str, Any]) -> dict[str, Any]:
    tag = (await client.get(url)).headers["etag"]
    response = await client.patch(url, json=patch, headers={"If-Match": tag})
    assert response.status_code == 200, response.text
    read: dict[str, Any] = (await client.get(url)).json()
    return read


async def test_goal_match_and_tier_records_in_the_feed_are_their_reads(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    school = await make_school(session, district)
    goal = await make_goal(session, district, school)
    program = new_program(district_id=district.id)
    tier = ProgramSchool(
        id=new_id(), program_id=program.id, school_id=school.id, tier="intensive", needs=[]
    )
    mentor = new_participant(program, role="mentor", school_id=school.id)
    mentee = new_participant(program, school_id=school.id)
    overdue = dt.date.today() - dt.timedelta(days=40)
    match = new_match(program, mentor, mentee, last_check_in_on=overdue, check_in_count=3)
    for rows in ([program], [tier, mentor, mentee], [match]):
        session.add_all(rows)
        await session.flush()
    await session.commit()
    start = await last_seq(client)

    reads = {
        "goals": await patched(client, f"/api/v1/goals/{goal.id}", {"title": "Attendance up"}),
        "mentoring_program_schools": await patched(
            client,
            f"/api/v1/mentoring/programs/{program.id}/schools/{school.id}",
            {"needs": ["persistently_low_performance"]},
        ),
        "mentoring_matches": await patched(
            client, f"/api/v1/mentoring/matches/{match.id}", {"focus_areas": ["attendance"]}
        ),
    }

    records = {event["resource"]: event["record"] for event in await feed(client, start)}
    for resource, read in reads.items():
        assert records[resource] == read, resource
    # The derived figures are there, not only the stored columns.
    assert "progress" in records["goals"]
    assert records["mentoring_matches"]["health"] == "needs_check_in"
    assert records["mentoring_program_schools"]["effective_cadence_days"] is not None
