"""Each survey response keeps the sum and count of its answers to growth items, through
every write, so the growth figures can read responses in place of answers."""

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.mentoring.models import SurveyItem, SurveyResponse
from tests.directory.factories import make_person
from tests.mentoring.feedback_factories import make_participant, make_program, make_survey

RESPONSES = "/api/v1/mentoring/survey-responses"


async def _kept(session: AsyncSession, response_id: str) -> tuple[int, int]:
    row = (
        await session.execute(
            select(SurveyResponse.growth_total, SurveyResponse.growth_answers).where(
                SurveyResponse.id == uuid.UUID(response_id)
            )
        )
    ).one()
    return int(row[0]), int(row[1])


async def test_every_write_keeps_the_growth_totals(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    participant = await make_participant(session, program, await make_person(session))
    survey, (useful, planning, feedback) = await make_survey(
        session, program, ("Useful", "I plan with confidence", "I use feedback")
    )
    planning.outcome_level = feedback.outcome_level = "growth"
    await session.flush()

    def answers(*scores: tuple[SurveyItem, int]) -> list[dict[str, object]]:
        return [{"item_id": str(item.id), "score": score} for item, score in scores]

    created = await client.post(
        RESPONSES,
        json={
            "survey_id": str(survey.id),
            "participant_id": str(participant.id),
            "phase": "pre",
            "responded_on": "2026-02-01",
            "answers": answers((useful, 5), (planning, 2), (feedback, 3)),
        },
    )
    assert created.status_code == 201, created.text
    response = created.json()
    assert await _kept(session, response["id"]) == (5, 2)

    url, etag = f"{RESPONSES}/{response['id']}", created.headers["etag"]
    patched = await client.patch(
        url,
        json={"answers": answers((useful, 1), (feedback, 4))},
        headers={"If-Match": etag},
    )
    assert patched.status_code == 200, patched.text
    assert await _kept(session, response["id"]) == (4, 1)

    # A patch of other fields leaves the totals as the answers stand.
    commented = await client.patch(
        url, json={"comment": "Later"}, headers={"If-Match": patched.headers["etag"]}
    )
    assert commented.status_code == 200, commented.text
    assert await _kept(session, response["id"]) == (4, 1)

    only_useful = await client.patch(
        url,
        json={"answers": answers((useful, 3))},
        headers={"If-Match": commented.headers["etag"]},
    )
    assert only_useful.status_code == 200, only_useful.text
    assert await _kept(session, response["id"]) == (0, 0)
