"""Survey instruments: items written with the survey, frozen once anyone has answered."""

import csv
import io
import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.mentoring.models import Program, Survey, SurveyItem
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

SURVEYS = "/api/v1/mentoring/surveys"


def survey_body(program_id: uuid.UUID | None, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Mid-year check",
        "description": "How the pairing is going.",
        "program_id": str(program_id) if program_id else None,
        "items": [
            {"text": "My mentor listens", "outcome_level": "satisfaction"},
            {"text": "I plan lessons with more confidence", "outcome_level": "growth"},
        ],
    }
    return body | overrides


async def _answered_survey(session: AsyncSession) -> tuple[Program, Survey, list[SurveyItem]]:
    """A programme's survey and its items, answered by one participant."""
    program = await make_program(session)
    survey, items = await make_survey(session, program)
    participant = await make_participant(session, program, await make_person(session))
    await make_response(session, survey, items, participant)
    return program, survey, items


async def test_create_and_read_a_survey_with_its_items_in_order(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    created = await client.post(SURVEYS, json=survey_body(program.id))
    assert created.status_code == 201, created.text
    survey = created.json()
    assert created.headers["location"].endswith(f"/mentoring/surveys/{survey['id']}")
    assert created.headers["etag"] == '"1"'
    assert [(i["position"], i["text"], i["outcome_level"]) for i in survey["items"]] == [
        (1, "My mentor listens", "satisfaction"),
        (2, "I plan lessons with more confidence", "growth"),
    ]
    assert survey["program_id"] == str(program.id)
    assert (await client.get(created.headers["location"])).json() == survey
    (event,) = await events_for(session, uuid.UUID(survey["id"]))
    assert (event.resource, event.operation) == ("mentoring_surveys", "create")
    assert [i["text"] for i in event.changes["items"][1]] == [
        "My mentor listens",
        "I plan lessons with more confidence",
    ]


async def test_patch_replaces_items_keeping_the_ids_it_names(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    survey, (first, second) = await make_survey(session, await make_program(session))
    body = {
        "items": [
            {"id": str(second.id), "text": "Growth, reworded", "outcome_level": "growth"},
            {"text": "A new item", "outcome_level": "performance"},
        ]
    }
    stale = await client.patch(f"{SURVEYS}/{survey.id}", json=body, headers={"If-Match": '"9"'})
    assert_problem(stale, 412)
    changed = await client.patch(f"{SURVEYS}/{survey.id}", json=body, headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.text
    items = changed.json()["items"]
    assert changed.json()["version"] == 2
    assert items[0] == {
        "id": str(second.id),
        "position": 1,
        "text": "Growth, reworded",
        "outcome_level": "growth",
    }
    assert items[1]["position"] == 2
    assert items[1]["id"] != str(first.id)
    assert await count(session, SurveyItem) == 2
    (event,) = await events_for(session, survey.id)
    before, after = event.changes["items"]
    assert [i["text"] for i in before] == ["Useful", "Growth"]
    assert [i["text"] for i in after] == ["Growth, reworded", "A new item"]


async def test_an_item_id_of_another_survey_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    survey, _ = await make_survey(session, None)
    _, (foreign, _) = await make_survey(session, None)
    body = {"items": [{"id": str(foreign.id), "text": "Taken", "outcome_level": "growth"}]}
    refused = await client.patch(f"{SURVEYS}/{survey.id}", json=body)
    assert_problem(refused, 422)
    assert error_locs(refused) == [["body", "items", 0, "id"]]


async def test_items_are_frozen_once_anyone_has_answered(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, survey, items = await _answered_survey(session)
    reworded = {"items": [{"id": str(items[0].id), "text": "Other", "outcome_level": "growth"}]}
    refused = assert_problem(await client.patch(f"{SURVEYS}/{survey.id}", json=reworded), 409)
    assert "1 response" in refused["detail"]
    texts = await session.scalars(select(SurveyItem.text).order_by(SurveyItem.position))
    assert list(texts) == ["Useful", "Growth"]
    # The same items, and a new name, are fine.
    same = [{"id": str(i.id), "text": i.text, "outcome_level": i.outcome_level} for i in items]
    renamed = await client.patch(f"{SURVEYS}/{survey.id}", json={"name": "Renamed", "items": same})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Renamed"
    assert_problem(await client.delete(f"{SURVEYS}/{survey.id}"), 409)


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"items": []}, ["body", "items"]),
        ({"items": [{"text": "x", "outcome_level": "joy"}]}, ["body", "items", 0, "outcome_level"]),
        (
            {"items": [{"text": "x" * 501, "outcome_level": "growth"}]},
            ["body", "items", 0, "text"],
        ),
        ({"name": ""}, ["body", "name"]),
        ({"program_id": str(uuid.UUID(int=5))}, ["body", "program_id"]),
        (
            {"items": [{"id": str(uuid.UUID(int=5)), "text": "x", "outcome_level": "growth"}]},
            ["body", "items", 0, "id"],
        ),
    ],
)
async def test_bad_surveys_are_refused_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, object], loc: list[object]
) -> None:
    refused = await client.post(SURVEYS, json=survey_body(None) | change)
    assert_problem(refused, 422)
    assert loc in error_locs(refused)
    assert (await count(session, Survey), await count(session, SurveyItem)) == (0, 0)


async def test_staff_make_their_programmes_instruments_and_only_admins_shared_ones(
    session: AsyncSession, sign_in: SignIn
) -> None:
    school = await make_school(session)
    program = await make_program(session)
    await make_participant(session, program, await make_person(session), school=school)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    shared = await coordinator.post(SURVEYS, json=survey_body(None))
    assert_problem(shared, 422)
    assert error_locs(shared) == [["body", "program_id"]]
    own = await coordinator.post(SURVEYS, json=survey_body(program.id))
    assert own.status_code == 201, own.text
    elsewhere = await sign_in(Role.coordinator, school_ids=[(await make_school(session)).id])
    assert_problem(await elsewhere.get(f"{SURVEYS}/{own.json()['id']}"), 404)
    assert_problem(await elsewhere.post(SURVEYS, json=survey_body(program.id)), 422)
    # An instrument of no programme is read by everyone and changed by administrators.
    global_survey, _ = await make_survey(session, None)
    assert (await elsewhere.get(f"{SURVEYS}/{global_survey.id}")).status_code == 200
    assert_problem(
        await elsewhere.patch(f"{SURVEYS}/{global_survey.id}", json={"name": "Mine"}), 403
    )
    listed = (await elsewhere.get(SURVEYS)).json()["items"]
    assert [s["id"] for s in listed] == [str(global_survey.id)]


async def test_surveys_list_filters_and_exports_as_csv(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    mine, _ = await make_survey(session, program, ("One", "Two", "Three"))
    shared, _ = await make_survey(session, None)
    by_program = (await client.get(SURVEYS, params={"program_id": str(program.id)})).json()
    assert [s["id"] for s in by_program["items"]] == [str(mine.id)]
    assert [i["text"] for i in by_program["items"][0]["items"]] == ["One", "Two", "Three"]
    only_shared = (await client.get(SURVEYS, params={"shared": "true"})).json()
    assert [s["id"] for s in only_shared["items"]] == [str(shared.id)]
    exported = await client.get(SURVEYS, params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(exported.text))}
    assert rows[str(mine.id)]["item_count"] == "3"
    assert rows[str(shared.id)]["program_id"] == ""


async def test_delete_an_unanswered_survey(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    survey, _ = await make_survey(session, None)
    deleted = await client.delete(f"{SURVEYS}/{survey.id}", headers={"If-Match": '"1"'})
    assert deleted.status_code == 204
    assert (await count(session, Survey), await count(session, SurveyItem)) == (0, 0)
    assert [e.operation for e in await events_for(session, survey.id)] == ["delete"]


async def test_a_viewer_reads_but_does_not_write(session: AsyncSession, sign_in: SignIn) -> None:
    viewer = await sign_in(Role.viewer)
    assert_problem(await viewer.post(SURVEYS, json=survey_body(None)), 403)
    assert (await viewer.get(SURVEYS)).status_code == 200


async def test_an_answered_survey_keeps_its_programme(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program, survey, _ = await _answered_survey(session)
    moved = await client.patch(
        f"{SURVEYS}/{survey.id}", json={"program_id": str((await make_program(session)).id)}
    )
    assert_problem(moved, 409)
    assert (await client.get(f"{SURVEYS}/{survey.id}")).json()["program_id"] == str(program.id)


async def test_a_participant_reads_their_programmes_instruments_and_changes_none(
    app: FastAPI, session: AsyncSession
) -> None:
    program = await make_program(session)
    person = await make_person(session)
    await make_participant(session, program, person)
    survey, _ = await make_survey(session, program)
    other, _ = await make_survey(session, await make_program(session))
    async with person_client(app, await person_headers(session, person.id)) as me:
        listed = (await me.get(SURVEYS)).json()["items"]
        assert [s["id"] for s in listed] == [str(survey.id)]
        assert_problem(await me.get(f"{SURVEYS}/{other.id}"), 404)
        assert_problem(await me.patch(f"{SURVEYS}/{survey.id}", json={"name": "Mine"}), 403)
