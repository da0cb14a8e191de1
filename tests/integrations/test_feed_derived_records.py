"""A record in the feed is the record its GET answers, figures derived at reading time
and nested lists included: a goal's progress, a match's health, a school's tier cadence,
a survey's items, a response's answers, a review's scores."""

import datetime as dt
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.mentoring.models import ProgramSchool
from tests.directory.factories import make_district, make_person, make_school
from tests.goals.factories import make_goal
from tests.integrations.feed import feed, last_seq
from tests.mentoring.factories import new_match, new_participant, new_program
from tests.mentoring.feedback_factories import make_participant, make_program, make_survey


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


async def test_survey_response_and_review_records_in_the_feed_are_their_reads(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    person = await make_person(session)
    participant = await make_participant(session, program, person)
    survey, items = await make_survey(session, program)
    await session.commit()
    start = await last_seq(client)

    survey_read = await patched(
        client, f"/api/v1/mentoring/surveys/{survey.id}", {"name": "Mid-year check"}
    )
    response = await client.post(
        "/api/v1/mentoring/survey-responses",
        json={
            "survey_id": str(survey.id),
            "participant_id": str(participant.id),
            "phase": "pre",
            "responded_on": "2026-02-01",
            "comment": "Helpful",
            "answers": [{"item_id": str(item.id), "score": 4} for item in items],
        },
    )
    assert response.status_code == 201, response.text
    review = await client.post(
        "/api/v1/mentoring/reviews",
        json={
            "person_id": str(person.id),
            "program_id": str(program.id),
            "phase": "pre",
            "reviewed_on": "2026-02-01",
            "scores": {"communication": 3, "data_use": 2},
        },
    )
    assert review.status_code == 201, review.text

    records = {event["resource"]: event for event in await feed(client, start)}
    assert records["mentoring_surveys"]["record"] == survey_read
    assert len(survey_read["items"]) == len(items)
    assert records["mentoring_survey_responses"]["record"] == response.json()
    assert records["mentoring_reviews"]["record"] == review.json()
    assert records["mentoring_survey_responses"]["parent"] == {
        "resource": "mentoring_surveys",
        "id": str(survey.id),
    }
    assert records["mentoring_reviews"]["collection"] == "/api/v1/mentoring/reviews"
