"""Who reaches what: a district manager runs their district's programmes with its goals;
a person taking part logs check-ins on their own match and nothing else."""

import datetime as dt
import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.goals.models import Goal
from api.mentoring.models import CheckIn
from tests.auth.helpers import bearer_for, make_user
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_person, make_school
from tests.mentoring.helpers import (
    MATCHES,
    PARTICIPANTS,
    PROGRAMS,
    count,
    created,
    days,
    locs,
    problem,
    program_body,
)


async def _goal(
    session: AsyncSession, district_id: uuid.UUID, school_id: uuid.UUID | None = None
) -> Goal:
    goal = Goal(
        district_id=district_id,
        school_id=school_id,
        school_year="2025-26",
        title="Reading",
        area="literacy",
    )
    session.add(goal)
    await session.flush()
    return goal


async def _enrol(
    client: httpx.AsyncClient, session: AsyncSession, program_id: str, role: str, **fields: Any
) -> dict[str, Any]:
    person = await make_person(session)
    body = {
        "program_id": program_id,
        "person_id": str(person.id),
        "role": role,
        "enrolled_on": days(-30),
    }
    return await created(client, PARTICIPANTS, body | fields)


async def test_a_district_manager_pairs_people_on_their_districts_goals(
    session: AsyncSession, sign_in: SignIn, client: httpx.AsyncClient
) -> None:
    district, other = await make_district(session), await make_district(session)
    school = await make_school(session, district)
    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    program = await created(manager, PROGRAMS, program_body(district_id=str(district.id)))
    elsewhere = await manager.post(PROGRAMS, json=program_body(district_id=str(other.id)))
    assert locs(elsewhere) == [["body", "district_id"]]
    # Participants are enrolled by the manager; the people come from the administrator's
    # directory (a person with no role is nobody's to name yet).
    mentor = await _enrol(client, session, program["id"], "mentor", school_id=str(school.id))
    mentee = await _enrol(client, session, program["id"], "mentee", school_id=str(school.id))
    ours, theirs = await _goal(session, district.id, school.id), await _goal(session, other.id)
    pair = {"program_id": program["id"], "mentor_id": mentor["id"], "mentee_id": mentee["id"]}
    foreign = await manager.post(MATCHES, json=pair | {"goal_ids": [str(ours.id), str(theirs.id)]})
    assert locs(foreign) == [["body", "goal_ids", 1]]
    match = await created(manager, MATCHES, pair | {"goal_ids": [str(ours.id)], "status": "active"})
    assert match["goal_ids"] == [str(ours.id)]
    assert match["started_on"] == days(0)
    events = await session.scalars(select(Event).where(Event.resource_id == uuid.UUID(match["id"])))
    assert [(e.district_id, e.school_id) for e in events] == [(district.id, school.id)]
    listed = await manager.get(MATCHES)
    assert [m["id"] for m in listed.json()["items"]] == [match["id"]]


async def test_a_participant_logs_check_ins_on_their_own_match_only(
    client: httpx.AsyncClient, session: AsyncSession, anonymous_client: httpx.AsyncClient
) -> None:
    program = await created(client, PROGRAMS, program_body())
    person = await make_person(session)
    mentor = await _enrol(client, session, program["id"], "mentor", person_id=str(person.id))
    mentee, other_mentee = (
        await _enrol(client, session, program["id"], "mentee"),
        await _enrol(client, session, program["id"], "mentee"),
    )
    other_mentor = await _enrol(client, session, program["id"], "mentor")
    active = {"program_id": program["id"], "status": "active", "started_on": days(-10)}
    own = await created(
        client, MATCHES, active | {"mentor_id": mentor["id"], "mentee_id": mentee["id"]}
    )
    others = await created(
        client, MATCHES, active | {"mentor_id": other_mentor["id"], "mentee_id": other_mentee["id"]}
    )
    # A coordinator somewhere else, signed in as the mentor.
    user = await make_user(session, Role.coordinator, school_ids=[(await make_school(session)).id])
    user.person_id = person.id
    await session.flush()
    headers = await bearer_for(session, user)
    logged = await anonymous_client.post(
        f"{MATCHES}/{own['id']}/check-ins",
        json={"held_on": days(-1), "focus": "Budget"},
        headers=headers,
    )
    assert logged.status_code == 201, logged.text
    hidden = await anonymous_client.post(
        f"{MATCHES}/{others['id']}/check-ins", json={"held_on": days(-1)}, headers=headers
    )
    problem(hidden, 404)
    edit = await anonymous_client.patch(
        f"{MATCHES}/{own['id']}", json={"focus_areas": ["x"]}, headers=headers
    )
    problem(edit, 403)
    future = await anonymous_client.post(
        f"{MATCHES}/{own['id']}/check-ins",
        json={"held_on": str(dt.date.today() + dt.timedelta(days=1))},
        headers=headers,
    )
    assert locs(future) == [["body", "held_on"]]
    assert await count(session, CheckIn) == 1
    seen = await anonymous_client.get(MATCHES, headers=headers)
    assert [m["id"] for m in seen.json()["items"]] == [own["id"]]
    assert seen.json()["items"][0]["health"] == "on_track"
