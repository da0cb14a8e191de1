"""Survey responses: answers on the 1-5 scale, written by staff or by the participant."""

import csv
import io
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.mentoring.models import (
    Participant,
    Program,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from tests.conftest import SignIn
from tests.directory.factories import make_person, make_school
from tests.mentoring.feedback_factories import (
    make_participant,
    make_program,
    make_response,
    make_survey,
    person_client,
    person_headers,
)
from tests.partners.helpers import assert_problem, count, error_locs, events_for

RESPONSES = "/api/v1/mentoring/survey-responses"


async def _setup(
    session: AsyncSession,
) -> tuple[Program, Participant, Survey, list[SurveyItem]]:
    program = await make_program(session)
    participant = await make_participant(session, program, await make_person(session))
    survey, items = await make_survey(session, program)
    return program, participant, survey, items


def response_body(
    survey: Survey, participant: Participant, items: list[SurveyItem], **overrides: Any
) -> dict[str, Any]:
    body = {
        "survey_id": str(survey.id),
        "participant_id": str(participant.id),
        "phase": "pre",
        "responded_on": "2026-02-01",
        "comment": "Private thoughts about my mentor",
        "answers": [
            {"item_id": str(items[1].id), "score": 4},
            {"item_id": str(items[0].id), "score": 2},
        ],
    }
    return body | overrides


async def _written(session: AsyncSession) -> tuple[int, int, int]:
    return (
        await count(session, SurveyResponse),
        await count(session, SurveyAnswer),
        await count(session, Event),
    )


async def test_a_response_takes_its_programme_from_the_participant(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program, participant, survey, items = await _setup(session)
    created = await client.post(RESPONSES, json=response_body(survey, participant, items))
    assert created.status_code == 201, created.text
    response = created.json()
    assert response["program_id"] == str(program.id)
    # Answers come back in the survey's order, whatever order they were sent in.
    assert response["answers"] == [
        {"item_id": str(items[0].id), "score": 2},
        {"item_id": str(items[1].id), "score": 4},
    ]
    assert (await client.get(created.headers["location"])).json() == response
    (event,) = await events_for(session, uuid.UUID(response["id"]))
    assert event.resource == "mentoring_survey_responses"
    # The comment is personal: the log says there is one, never what it says.
    assert event.changes["comment"] == [None, "[withheld]"]
    assert "Private" not in str(event.changes)


async def test_a_global_survey_may_be_answered_in_any_programme(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, participant, _, _ = await _setup(session)
    survey, items = await make_survey(session, None)
    created = await client.post(RESPONSES, json=response_body(survey, participant, items))
    assert created.status_code == 201, created.text


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        (
            lambda items: {
                "answers": [
                    {"item_id": str(items[0].id), "score": 3},
                    {"item_id": str(items[1].id), "score": 6},
                ]
            },
            ["body", "answers", 1, "score"],
        ),
        (
            lambda items: {"answers": [{"item_id": str(items[0].id), "score": 0}]},
            ["body", "answers", 0, "score"],
        ),
        (
            lambda items: {"answers": [{"item_id": str(uuid.UUID(int=3)), "score": 3}]},
            ["body", "answers", 0, "item_id"],
        ),
        (lambda items: {"answers": []}, ["body", "answers"]),
        (lambda items: {"phase": "during"}, ["body", "phase"]),
        (lambda items: {"comment": "x" * 5001}, ["body", "comment"]),
        (lambda items: {"participant_id": str(uuid.UUID(int=4))}, ["body", "participant_id"]),
        (lambda items: {"survey_id": str(uuid.UUID(int=4))}, ["body", "survey_id"]),
    ],
)
async def test_bad_responses_name_the_field_and_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession, change: Any, loc: list[Any]
) -> None:
    _, participant, survey, items = await _setup(session)
    before = await _written(session)
    refused = await client.post(
        RESPONSES, json=response_body(survey, participant, items) | change(items)
    )
    assert_problem(refused, 422)
    assert loc in error_locs(refused), refused.text
    assert await _written(session) == before


async def test_an_item_of_another_survey_or_a_survey_of_another_programme_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, participant, survey, items = await _setup(session)
    other_survey, other_items = await make_survey(session, await make_program(session))
    mixed = response_body(
        survey, participant, items, answers=[{"item_id": str(other_items[0].id), "score": 3}]
    )
    refused = await client.post(RESPONSES, json=mixed)
    assert_problem(refused, 422)
    assert error_locs(refused) == [["body", "answers", 0, "item_id"]]
    wrong_programme = await client.post(
        RESPONSES, json=response_body(other_survey, participant, other_items)
    )
    assert_problem(wrong_programme, 422)
    assert error_locs(wrong_programme) == [["body", "survey_id"]]
    assert await count(session, SurveyResponse) == 0


async def test_patch_replaces_the_answers(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, participant, survey, items = await _setup(session)
    response = await make_response(session, survey, items, participant)
    url = f"{RESPONSES}/{response.id}"
    bad = await client.patch(url, json={"answers": [{"item_id": str(items[0].id), "score": 9}]})
    assert error_locs(bad) == [["body", "answers", 0, "score"]]
    patched = await client.patch(
        url,
        json={"phase": "post", "answers": [{"item_id": str(items[0].id), "score": 5}]},
        headers={"If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["answers"] == [{"item_id": str(items[0].id), "score": 5}]
    assert (patched.json()["phase"], patched.json()["version"]) == ("post", 2)
    assert await count(session, SurveyAnswer) == 1
    (event,) = await events_for(session, response.id)
    assert event.changes["answers"][1] == [{"item_id": str(items[0].id), "score": 5}]
    assert_problem(await client.delete(url, headers={"If-Match": '"1"'}), 412)
    assert (await client.delete(url, headers={"If-Match": '"2"'})).status_code == 204
    assert (await count(session, SurveyResponse), await count(session, SurveyAnswer)) == (0, 0)


async def test_filters_and_csv(client: httpx.AsyncClient, session: AsyncSession) -> None:
    program, participant, survey, items = await _setup(session)
    other = await make_participant(session, program, await make_person(session))
    first = await make_response(session, survey, items, participant)
    second = await make_response(session, survey, items, other)
    await client.patch(f"{RESPONSES}/{second.id}", json={"phase": "post"})
    elsewhere = await _setup(session)
    await make_response(session, elsewhere[2], elsewhere[3], elsewhere[1])

    async def ids(**params: Any) -> list[str]:
        page = await client.get(RESPONSES, params=params)
        assert page.status_code == 200, page.text
        return sorted(r["id"] for r in page.json()["items"])

    assert await ids(program_id=str(program.id)) == sorted([str(first.id), str(second.id)])
    assert await ids(participant_id=str(other.id)) == [str(second.id)]
    assert await ids(phase="post") == [str(second.id)]
    assert await ids(survey_id=str(survey.id), phase="pre") == [str(first.id)]
    exported = await client.get(
        RESPONSES, params={"survey_id": str(survey.id)}, headers={"Accept": "text/csv"}
    )
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert sorted(r["id"] for r in rows) == sorted([str(first.id), str(second.id)])
    answers = dict(pair.split(":") for pair in rows[0]["answers"].split(";"))
    assert answers == {"1": "3", "2": "3"}


async def test_a_participant_reads_and_writes_only_their_own_responses(
    app: FastAPI, session: AsyncSession
) -> None:
    program, participant, survey, items = await _setup(session)
    person_id = participant.person_id
    assert person_id is not None
    classmate = await make_participant(session, program, await make_person(session))
    theirs = await make_response(session, survey, items, classmate)
    async with person_client(app, await person_headers(session, person_id)) as me:
        mine = await me.post(RESPONSES, json=response_body(survey, participant, items))
        assert mine.status_code == 201, mine.text
        listed = (await me.get(RESPONSES)).json()["items"]
        assert [r["id"] for r in listed] == [mine.json()["id"]]
        assert_problem(await me.get(f"{RESPONSES}/{theirs.id}"), 404)
        for_someone_else = await me.post(RESPONSES, json=response_body(survey, classmate, items))
        assert_problem(for_someone_else, 422)
        assert error_locs(for_someone_else) == [["body", "participant_id"]]
        edited = await me.patch(f"{RESPONSES}/{mine.json()['id']}", json={"comment": None})
        assert edited.json()["comment"] is None


async def test_staff_of_the_programme_reach_its_responses(
    session: AsyncSession, sign_in: SignIn
) -> None:
    school = await make_school(session)
    program = await make_program(session)
    participant = await make_participant(
        session, program, await make_person(session), school=school
    )
    survey, items = await make_survey(session, program)
    response = await make_response(session, survey, items, participant)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    assert (await coordinator.get(f"{RESPONSES}/{response.id}")).status_code == 200
    stranger = await sign_in(Role.coordinator, school_ids=[(await make_school(session)).id])
    assert_problem(await stranger.get(f"{RESPONSES}/{response.id}"), 404)
    assert (await stranger.get(RESPONSES)).json()["items"] == []
    viewer = await sign_in(Role.viewer, school_ids=[school.id])
    assert_problem(await viewer.delete(f"{RESPONSES}/{response.id}"), 403)


async def test_a_refused_comment_is_not_echoed_back(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, participant, survey, items = await _setup(session)
    secret = "my mentor never shows up " * 250
    refused = await client.post(
        RESPONSES, json=response_body(survey, participant, items, comment=secret)
    )
    assert_problem(refused, 422)
    assert "never shows up" not in refused.text


async def test_one_pre_and_one_post_per_participant_and_survey(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, participant, survey, items = await _setup(session)
    existing = await make_response(session, survey, items, participant)  # a pre response
    second_pre = await client.post(RESPONSES, json=response_body(survey, participant, items))
    refused = assert_problem(second_pre, 409)
    assert refused["existing_id"] == str(existing.id)
    post = await client.post(
        RESPONSES, json=response_body(survey, participant, items, phase="post")
    )
    assert post.status_code == 201, post.text
    one_off = await client.post(
        RESPONSES, json=response_body(survey, participant, items, phase=None)
    )
    assert one_off.status_code == 201, one_off.text
    assert_problem(
        await client.patch(f"{RESPONSES}/{one_off.json()['id']}", json={"phase": "pre"}), 409
    )
    assert await count(session, SurveyResponse) == 3
