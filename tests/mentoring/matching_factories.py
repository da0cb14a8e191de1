"""Programmes, participants, tiers and matches for the matching and caseload tests,
written with the ORM (`new_*` unsaved, `make_*` saved)."""

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.directory.models import District, School
from api.mentoring.models import Match, Participant, Program, ProgramSchool

ENROLLED = dt.date(2025, 8, 1)


async def _saved(session: AsyncSession, record: Any) -> Any:
    session.add(record)
    await session.flush()
    return record


def new_program(district: District | None = None, **overrides: Any) -> Program:
    values: dict[str, Any] = {
        "id": new_id(),
        "name": "Leaders mentoring leaders",
        "kind": "mentoring",
        "start_date": ENROLLED,
        "district_id": district.id if district else None,
        "cadence_days": 14,
        "target_caseload": 5,
        "status": "active",
    }
    return Program(**(values | overrides))


async def make_program(
    session: AsyncSession, district: District | None = None, **overrides: Any
) -> Program:
    return await _saved(session, new_program(district, **overrides))


def new_participant(
    program: Program, role: str, school: School | None = None, **overrides: Any
) -> Participant:
    values: dict[str, Any] = {
        "id": new_id(),
        "program_id": program.id,
        "role": role,
        "school_id": school.id if school else None,
        "district_id": school.district_id if school else None,
        "subjects": [],
        "grade_levels": [],
        "interests": [],
        "enrolled_on": ENROLLED,
    }
    return Participant(**(values | overrides))


async def make_participant(
    session: AsyncSession,
    program: Program,
    role: str,
    school: School | None = None,
    **overrides: Any,
) -> Participant:
    return await _saved(session, new_participant(program, role, school, **overrides))


def new_tier(program: Program, school: School, tier: str, **overrides: Any) -> ProgramSchool:
    values: dict[str, Any] = {
        "id": new_id(),
        "program_id": program.id,
        "school_id": school.id,
        "tier": tier,
        "needs": [],
    }
    return ProgramSchool(**(values | overrides))


async def make_tier(
    session: AsyncSession, program: Program, school: School, tier: str, **overrides: Any
) -> ProgramSchool:
    return await _saved(session, new_tier(program, school, tier, **overrides))


def new_match(mentor: Participant, mentee: Participant, **overrides: Any) -> Match:
    values: dict[str, Any] = {
        "id": new_id(),
        "program_id": mentor.program_id,
        "mentor_id": mentor.id,
        "mentee_id": mentee.id,
        "status": "active",
        "started_on": ENROLLED,
        "focus_areas": [],
        "goal_ids": [],
    }
    return Match(**(values | overrides))


async def make_match(
    session: AsyncSession, mentor: Participant, mentee: Participant, **overrides: Any
) -> Match:
    return await _saved(session, new_match(mentor, mentee, **overrides))
