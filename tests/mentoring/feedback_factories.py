"""Programmes, participants, surveys and reviews for the feedback tests, saved with the ORM.

`new_*` builds a record with its id, unsaved (for the scope matrix's world); `make_*`
saves it.
"""

import datetime as dt
import itertools
import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.records import new_id
from api.directory.models import District, Person, School
from api.mentoring.models import (
    Participant,
    Program,
    Review,
    ReviewScore,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from tests.auth.helpers import bearer_for, make_user

START = dt.date(2026, 1, 5)
_serial = itertools.count(1)


async def _saved(session: AsyncSession, *records: Any) -> None:
    session.add_all(records)
    await session.flush()


def new_program(district: District | None = None, **overrides: Any) -> Program:
    values: dict[str, Any] = {
        "id": new_id(),
        "name": f"Programme {next(_serial)}",
        "kind": "mentoring",
        "start_date": START,
        "district_id": district.id if district else None,
        "status": "active",
    }
    return Program(**(values | overrides))


def new_participant(
    program: Program, person: Person, role: str = "mentee", school: School | None = None
) -> Participant:
    return Participant(
        id=new_id(),
        program_id=program.id,
        person_id=person.id,
        role=role,
        school_id=school.id if school else None,
        district_id=school.district_id if school else program.district_id,
        enrolled_on=START,
    )


def new_survey(
    program: Program | None, texts: tuple[str, ...] = ("Useful", "Growth")
) -> tuple[Survey, list[SurveyItem]]:
    survey = Survey(
        id=new_id(), name=f"Survey {next(_serial)}", program_id=program.id if program else None
    )
    items = [
        SurveyItem(
            id=new_id(), survey_id=survey.id, position=n, text=text, outcome_level="satisfaction"
        )
        for n, text in enumerate(texts, start=1)
    ]
    return survey, items


def new_response(
    survey: Survey, items: list[SurveyItem], participant: Participant, score: int = 3
) -> tuple[SurveyResponse, list[SurveyAnswer]]:
    response = SurveyResponse(
        id=new_id(),
        survey_id=survey.id,
        participant_id=participant.id,
        program_id=participant.program_id,
        phase="pre",
        responded_on=START,
    )
    answers = [SurveyAnswer(response_id=response.id, item_id=i.id, score=score) for i in items]
    return response, answers


def new_review(
    person: Person, program: Program | None, phase: str = "pre", score: int = 3
) -> tuple[Review, list[ReviewScore]]:
    review = Review(
        id=new_id(),
        person_id=person.id,
        program_id=program.id if program else None,
        phase=phase,
        reviewed_on=START,
    )
    return review, [ReviewScore(review_id=review.id, dimension="communication", score=score)]


async def make_program(
    session: AsyncSession, district: District | None = None, **overrides: Any
) -> Program:
    program = new_program(district, **overrides)
    await _saved(session, program)
    return program


async def make_participant(
    session: AsyncSession,
    program: Program,
    person: Person,
    role: str = "mentee",
    school: School | None = None,
) -> Participant:
    participant = new_participant(program, person, role, school)
    await _saved(session, participant)
    return participant


async def make_survey(
    session: AsyncSession, program: Program | None, texts: tuple[str, ...] = ("Useful", "Growth")
) -> tuple[Survey, list[SurveyItem]]:
    survey, items = new_survey(program, texts)
    await _saved(session, survey)
    await _saved(session, *items)
    return survey, items


async def make_response(
    session: AsyncSession, survey: Survey, items: list[SurveyItem], participant: Participant
) -> SurveyResponse:
    response, answers = new_response(survey, items, participant)
    await _saved(session, response)
    await _saved(session, *answers)
    return response


async def person_headers(
    session: AsyncSession, person_id: uuid.UUID, role: Role = Role.coordinator, **grant: Any
) -> dict[str, str]:
    """Signed in as a person (a participant), with no school or district of their own
    unless granted."""
    user = await make_user(session, role, **grant)
    user.person_id = person_id
    await session.flush()
    return await bearer_for(session, user)


def person_client(app: Any, headers: dict[str, str]) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers=headers
    )
