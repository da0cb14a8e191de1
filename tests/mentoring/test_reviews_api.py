"""Reviews: rubric scores per dimension, written by staff, read by the person reviewed."""

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
from api.directory.models import Person
from api.mentoring.models import Program, Review, ReviewScore
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_person, make_school
from tests.mentoring.feedback_factories import (
    make_participant,
    make_program,
    person_client,
    person_headers,
)
from tests.partners.helpers import assert_problem, count, error_locs, events_for

REVIEWS = "/api/v1/mentoring/reviews"


def review_body(
    person_id: uuid.UUID, program_id: uuid.UUID | None, **overrides: Any
) -> dict[str, Any]:
    body = {
        "person_id": str(person_id),
        "program_id": str(program_id) if program_id else None,
        "phase": "pre",
        "reviewed_on": "2026-02-01",
        "note": "Confidential remarks",
        "scores": {"communication": 3, "data_use": 2},
    }
    return body | overrides


async def _written(session: AsyncSession) -> tuple[int, int, int]:
    return (
        await count(session, Review),
        await count(session, ReviewScore),
        await count(session, Event),
    )


async def _enrolled(session: AsyncSession) -> tuple[Person, Program]:
    """A person taking part in a new programme."""
    person, program = await make_person(session), await make_program(session)
    await make_participant(session, program, person)
    return person, program


async def test_create_and_read_a_review_with_its_scores(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    person, program = await _enrolled(session)
    reviewer = await make_person(session)
    body = review_body(person.id, program.id, reviewer_id=str(reviewer.id))
    created = await client.post(REVIEWS, json=body)
    assert created.status_code == 201, created.text
    review = created.json()
    assert review["scores"] == {"communication": 3, "data_use": 2}
    assert (review["phase"], review["reviewer_id"]) == ("pre", str(reviewer.id))
    assert (await client.get(created.headers["location"])).json() == review
    (event,) = await events_for(session, uuid.UUID(review["id"]))
    assert event.changes["scores"] == [None, {"communication": 3, "data_use": 2}]
    assert event.changes["note"] == [None, "[withheld]"]
    assert "Confidential" not in str(event.changes)


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"scores": {"communication": 6}}, ["body", "scores", "communication"]),
        ({"scores": {"communication": 0}}, ["body", "scores", "communication"]),
        ({"scores": {"charisma": 3}}, ["body", "scores", "charisma", "[key]"]),
        ({"scores": {}}, ["body", "scores"]),
        ({"phase": "midterm"}, ["body", "phase"]),
        ({"note": "x" * 5001}, ["body", "note"]),
        ({"reviewer_id": str(uuid.UUID(int=8))}, ["body", "reviewer_id"]),
        ({"program_id": str(uuid.UUID(int=8))}, ["body", "program_id"]),
    ],
)
async def test_bad_reviews_name_the_field_and_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, Any], loc: list[Any]
) -> None:
    person, program = await _enrolled(session)
    before = await _written(session)
    refused = await client.post(REVIEWS, json=review_body(person.id, program.id) | change)
    assert_problem(refused, 422)
    assert loc in error_locs(refused), refused.text
    assert await _written(session) == before


async def test_a_programmes_review_is_of_one_of_its_participants(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    outsider = await make_person(session)
    program = await make_program(session)
    refused = await client.post(REVIEWS, json=review_body(outsider.id, program.id))
    assert_problem(refused, 422)
    assert error_locs(refused) == [["body", "person_id"]]
    assert await count(session, Review) == 0


async def test_patch_replaces_scores_with_if_match(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    person = await make_person(session)
    created = (await client.post(REVIEWS, json=review_body(person.id, None))).json()
    url = f"{REVIEWS}/{created['id']}"
    assert_problem(
        await client.patch(url, json={"scores": {"leadership": 4}}, headers={"If-Match": '"2"'}),
        412,
    )
    bad = await client.patch(url, json={"scores": {"leadership": 7}})
    assert error_locs(bad) == [["body", "scores", "leadership"]]
    patched = await client.patch(
        url, json={"scores": {"leadership": 4}, "phase": "post"}, headers={"If-Match": '"1"'}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["scores"] == {"leadership": 4}
    assert (patched.json()["phase"], patched.json()["version"]) == ("post", 2)
    assert await count(session, ReviewScore) == 1
    cleared = await client.patch(url, json={"scores": None})
    assert_problem(cleared, 422)
    assert (await client.delete(url, headers={"If-Match": '"2"'})).status_code == 204
    assert (await count(session, Review), await count(session, ReviewScore)) == (0, 0)


async def test_filters_by_person_programme_phase_and_dates_and_csv(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    person, program = await _enrolled(session)
    other = await make_person(session)

    async def review(who: Any, program_id: Any, phase: str, day: str) -> str:
        body = review_body(who.id, program_id, phase=phase, reviewed_on=day)
        made = await client.post(REVIEWS, json=body)
        assert made.status_code == 201, made.text
        return str(made.json()["id"])

    pre = await review(person, program.id, "pre", "2026-01-10")
    post = await review(person, program.id, "post", "2026-06-10")
    annual = await review(other, None, "annual", "2026-03-01")

    async def ids(**params: Any) -> list[str]:
        page = await client.get(REVIEWS, params=params)
        assert page.status_code == 200, page.text
        return [r["id"] for r in page.json()["items"]]

    assert await ids() == [pre, annual, post]  # by review date
    assert await ids(person_id=str(person.id)) == [pre, post]
    assert await ids(program_id=str(program.id), phase="post") == [post]
    assert await ids(**{"from": "2026-02-01", "to": "2026-06-10"}) == [annual, post]
    assert await ids(to="2026-01-10") == [pre]
    assert_problem(
        await client.get(REVIEWS, params={"from": "2026-05-01", "to": "2026-01-01"}), 400
    )
    exported = await client.get(REVIEWS, params={"format": "csv"})
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(exported.text))}
    assert (rows[pre]["communication"], rows[pre]["data_use"], rows[pre]["leadership"]) == (
        "3",
        "2",
        "",
    )
    assert rows[annual]["program_id"] == ""


async def test_a_review_of_no_programme_follows_the_person_and_staff_write_it(
    app: FastAPI, session: AsyncSession, sign_in: SignIn
) -> None:
    school = await make_school(session)
    person = await make_person(session)
    await make_assignment(session, person, school=school, role="teacher")
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    made = await coordinator.post(REVIEWS, json=review_body(person.id, None))
    assert made.status_code == 201, made.text
    review_id = made.json()["id"]
    stranger = await sign_in(Role.coordinator, school_ids=[(await make_school(session)).id])
    assert_problem(await stranger.get(f"{REVIEWS}/{review_id}"), 404)
    refused = await stranger.post(REVIEWS, json=review_body(person.id, None))
    assert_problem(refused, 422)
    assert error_locs(refused) == [["body", "person_id"]]
    viewer = await sign_in(Role.viewer, school_ids=[school.id])
    assert (await viewer.get(f"{REVIEWS}/{review_id}")).status_code == 200
    assert_problem(await viewer.patch(f"{REVIEWS}/{review_id}", json={"phase": "post"}), 403)
    # The person reviewed reads their reviews, and does not write them.
    async with person_client(app, await person_headers(session, person.id)) as me:
        assert [r["id"] for r in (await me.get(REVIEWS)).json()["items"]] == [review_id]
        assert (await me.get(f"{REVIEWS}/{review_id}")).status_code == 200
        assert_problem(await me.patch(f"{REVIEWS}/{review_id}", json={"phase": "post"}), 403)
        own = await me.post(REVIEWS, json=review_body(person.id, None))
        assert_problem(own, 422)


async def test_staff_of_the_programme_write_its_reviews(
    session: AsyncSession, sign_in: SignIn
) -> None:
    school = await make_school(session)
    program = await make_program(session)
    person = await make_person(session)
    await make_participant(session, program, person, school=school)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    made = await coordinator.post(REVIEWS, json=review_body(person.id, program.id))
    assert made.status_code == 201, made.text
    # Its event is where the programme's staff read the feed.
    feed = (await coordinator.get("/api/v1/events")).text
    assert made.json()["id"] in feed
    (event,) = await events_for(session, uuid.UUID(made.json()["id"]))
    assert event.school_id == school.id
    stranger = await sign_in(Role.coordinator, school_ids=[(await make_school(session)).id])
    assert_problem(await stranger.post(REVIEWS, json=review_body(person.id, program.id)), 422)
    assert (await stranger.get(REVIEWS)).json()["items"] == []
