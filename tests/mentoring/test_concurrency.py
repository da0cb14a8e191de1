"""Requests racing for a mentor's last places, or logging check-ins at once, keep the
rules: these commit for real, on a fresh PostgreSQL database of their own."""

import asyncio
import datetime as dt

import httpx
import pytest
from sqlalchemy import func, select

from api.auth.roles import Role
from api.core.db import Database
from api.main import create_app
from api.mentoring.models import Match
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests
from tests.directory.factories import new_person
from tests.mentoring.factories import new_match, new_participant, new_program

MENTEES = 6
CAPACITY = 2


@pytest.mark.postgres_only
async def test_racing_matches_never_take_a_mentor_over_capacity(real_database: Database) -> None:
    async with real_database.sessionmaker() as session:
        program = new_program()
        people = [new_person() for _ in range(MENTEES + 1)]
        mentor = new_participant(program, people[0], "mentor", capacity=CAPACITY)
        mentees = [new_participant(program, person, "mentee") for person in people[1:]]
        session.add_all([program, *people])
        await session.flush()
        session.add_all([mentor, *mentees])
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    app = create_app(settings_for_tests(), database=real_database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=headers
    ) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/mentoring/matches",
                    json={
                        "program_id": str(program.id),
                        "mentor_id": str(mentor.id),
                        "mentee_id": str(mentee.id),
                    },
                )
                for mentee in mentees
            )
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * CAPACITY + [409] * (MENTEES - CAPACITY), [r.text for r in responses]
    async with real_database.sessionmaker() as session:
        stored = await session.scalar(select(func.count()).select_from(Match))
    assert stored == CAPACITY


@pytest.mark.postgres_only
async def test_check_ins_logged_at_once_are_all_counted(real_database: Database) -> None:
    today = dt.date.today()
    async with real_database.sessionmaker() as session:
        program = new_program(start_date=today - dt.timedelta(days=60))
        mentor_person, mentee_person = new_person(), new_person()
        mentor = new_participant(program, mentor_person, "mentor")
        mentee = new_participant(program, mentee_person, "mentee")
        match = new_match(program, mentor, mentee)
        session.add_all([program, mentor_person, mentee_person])
        await session.flush()
        session.add_all([mentor, mentee])
        await session.flush()
        session.add(match)
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    app = create_app(settings_for_tests(), database=real_database)
    days = [today - dt.timedelta(days=n) for n in (1, 5, 9, 2, 7)]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=headers
    ) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    f"/api/v1/mentoring/matches/{match.id}/check-ins",
                    json={"held_on": str(day)},
                )
                for day in days
            )
        )
        assert [r.status_code for r in responses] == [201] * len(days)
        stored = (await client.get(f"/api/v1/mentoring/matches/{match.id}")).json()
    assert (stored["check_in_count"], stored["last_check_in_on"]) == (len(days), str(max(days)))
