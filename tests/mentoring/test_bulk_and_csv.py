"""Bulk upserts of participants and matches by external_id, and the CSV exports."""

import csv
import io
import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event
from api.directory.models import Person
from api.mentoring.models import Match, Participant
from tests.directory.factories import make_assignment, make_person, make_school
from tests.mentoring.helpers import (
    MATCHES,
    PARTICIPANTS,
    PROGRAMS,
    count,
    created,
    days,
    problem,
    program_body,
)


async def _people(session: AsyncSession, n: int) -> list[str]:
    return [str((await make_person(session)).id) for _ in range(n)]


def row(
    program: dict[str, Any], person: str, role: str, external_id: str, **fields: Any
) -> dict[str, Any]:
    return {
        "program_id": program["id"],
        "person_id": person,
        "role": role,
        "external_id": external_id,
        "enrolled_on": days(-30),
    } | fields


async def _enrol_a_pair(
    client: httpx.AsyncClient, session: AsyncSession, program: dict[str, Any]
) -> list[str]:
    """A mentor (M1) and a mentee (E1) enrolled in one bulk request: their ids."""
    mentor, mentee = await _people(session, 2)
    enrolled = await client.post(
        f"{PARTICIPANTS}/bulk",
        json={
            "items": [row(program, mentor, "mentor", "M1"), row(program, mentee, "mentee", "E1")]
        },
    )
    return [r["id"] for r in enrolled.json()["results"]]


async def test_participants_bulk_creates_then_updates_by_external_id(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await created(client, PROGRAMS, program_body())
    school = await make_school(session)
    mentor, mentee = await _people(session, 2)
    await make_assignment(session, await session.get_one(Person, uuid.UUID(mentee)), school=school)
    rows = [row(program, mentor, "mentor", "M1", capacity=2), row(program, mentee, "mentee", "E1")]
    first = await client.post(f"{PARTICIPANTS}/bulk", json={"items": rows})
    assert first.json()["created"] == 2, first.text
    stored = (
        await session.scalars(select(Participant).where(Participant.external_id == "E1"))
    ).one()
    assert stored.school_id == school.id
    assert stored.district_id == school.district_id
    again = await client.post(
        f"{PARTICIPANTS}/bulk",
        json={"items": [row(program, mentor, "mentor", "M1", capacity=3), rows[1]]},
    )
    assert (again.json()["updated"], again.json()["unchanged"]) == (1, 1)
    assert await count(session, Participant) == 2


async def test_a_bad_row_in_an_atomic_batch_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await created(client, PROGRAMS, program_body())
    mentor, mentee = await _people(session, 2)
    rows = [row(program, mentor, "mentor", "M1"), row(program, mentee, "mentee", "E1", capacity=4)]
    refused = await client.post(
        f"{PARTICIPANTS}/bulk", params={"atomic": "true"}, json={"items": rows}
    )
    body = problem(refused, 422)
    assert body["errors"][0]["loc"] == ["body", "items", 1]
    assert "capacity" in body["errors"][0]["msg"]
    assert await count(session, Participant) == 0
    written = select(Event).where(Event.resource == "mentoring_participants")
    assert (await session.scalars(written)).all() == []


async def test_matches_bulk_keeps_the_rules_across_rows_and_records_history(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await created(client, PROGRAMS, program_body())
    people = await _people(session, 4)
    made = await client.post(
        f"{PARTICIPANTS}/bulk",
        json={
            "items": [
                row(program, people[0], "mentor", "M1", capacity=1),
                row(program, people[1], "mentee", "E1"),
                row(program, people[2], "mentee", "E2"),
                row(program, people[3], "mentee", "E3"),
            ]
        },
    )
    ids = [r["id"] for r in made.json()["results"]]
    pair = {"program_id": program["id"], "mentor_id": ids[0]}
    rows = [
        pair
        | {"mentee_id": ids[1], "status": "active", "started_on": days(-20), "external_id": "X1"},
        pair | {"mentee_id": ids[2], "status": "active", "external_id": "X2"},
        pair
        | {
            "mentee_id": ids[3],
            "status": "ended_early",
            "started_on": days(-200),
            "ended_on": days(-100),
            "end_reason": "Moved away",
            "external_id": "X3",
        },
    ]
    answer = (await client.post(f"{MATCHES}/bulk", json={"items": rows})).json()
    assert [r["status"] for r in answer["results"]] == ["created", "error", "created"]
    assert answer["results"][1]["errors"][0]["loc"] == ["body", "mentor_id"]
    closing = pair | {"mentee_id": ids[1], "status": "completed", "external_id": "X1"}
    reopened = pair | {"mentee_id": ids[1], "status": "active", "external_id": "X1"}
    second = (
        await client.post(f"{MATCHES}/bulk", json={"items": [closing, rows[1], reopened]})
    ).json()
    assert [r["status"] for r in second["results"]] == ["updated", "created", "error"]
    assert "allowed: none" in second["results"][2]["errors"][0]["msg"]
    statuses = dict((await session.execute(select(Match.external_id, Match.status))).all())
    assert statuses == {"X1": "completed", "X2": "active", "X3": "ended_early"}


async def test_csv_exports_list_participants_and_matches_with_their_cadence(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await created(client, PROGRAMS, program_body(cadence_days=21))
    ids = await _enrol_a_pair(client, session, program)
    await created(
        client, MATCHES, {"program_id": program["id"], "mentor_id": ids[0], "mentee_id": ids[1]}
    )
    people = list(
        csv.DictReader(io.StringIO((await client.get(PARTICIPANTS, params={"format": "csv"})).text))
    )
    assert sorted(p["role"] for p in people) == ["mentee", "mentor"]
    matches = list(
        csv.DictReader(io.StringIO((await client.get(MATCHES, params={"format": "csv"})).text))
    )
    assert [(m["mentee_id"], m["status"], m["cadence_days"]) for m in matches] == [
        (ids[1], "proposed", "21")
    ]


async def test_someone_known_only_by_an_external_id_can_be_enrolled_and_edited(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await created(client, PROGRAMS, program_body())
    nobody = {"program_id": program["id"], "role": "mentee", "enrolled_on": days(-3)}
    answer = (
        await client.post(
            f"{PARTICIPANTS}/bulk", json={"items": [nobody | {"external_id": "BB-17"}, nobody]}
        )
    ).json()
    assert [r["status"] for r in answer["results"]] == ["created", "error"]
    assert answer["results"][1]["errors"][0]["loc"] == ["body", "person_id"]
    url = f"{PARTICIPANTS}/{answer['results'][0]['id']}"
    edited = await client.patch(url, json={"interests": ["sports"]}, headers={"If-Match": '"1"'})
    assert edited.status_code == 200, edited.text
    assert edited.json()["person_id"] is None
    assert edited.json()["interests"] == ["sports"]


async def test_csv_exports_of_tiers_and_check_ins(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await created(client, PROGRAMS, program_body())
    school = await make_school(session)
    tiers = f"{PROGRAMS}/{program['id']}/schools"
    await created(
        client, tiers, {"school_id": str(school.id), "tier": "targeted", "needs": ["hardship"]}
    )
    exported = await client.get(tiers, headers={"Accept": "text/csv"})
    (tier,) = list(csv.DictReader(io.StringIO(exported.text)))
    assert (tier["school_id"], tier["tier"]) == (str(school.id), "targeted")
    assert (float(tier["effective_caseload_weight"]), tier["effective_cadence_days"]) == (1.5, "14")
    assert "hardship" in tier["needs"]
    ids = await _enrol_a_pair(client, session, program)
    match = await created(
        client,
        MATCHES,
        {
            "program_id": program["id"],
            "mentor_id": ids[0],
            "mentee_id": ids[1],
            "status": "active",
            "started_on": days(-9),
        },
    )
    log = f"{MATCHES}/{match['id']}/check-ins"
    for held_on in (days(-8), days(-1)):
        await created(client, log, {"held_on": held_on, "minutes": 30})
    rows = list(csv.DictReader(io.StringIO((await client.get(log, params={"format": "csv"})).text)))
    assert [r["held_on"] for r in rows] == [days(-1), days(-8)]
