"""Small ORM factories for the mentoring area: each builds one valid record with its id,
unsaved, and lets a test override any field."""

import datetime as dt
import itertools
from typing import Any

from api.core.records import new_id
from api.directory.models import Person
from api.mentoring.models import Match, Participant, Program

_serial = itertools.count(1)
START = dt.date(2025, 8, 1)


def new_program(**fields: Any) -> Program:
    values: dict[str, Any] = {
        "id": new_id(),
        "name": f"Programme {next(_serial)}",
        "kind": "mentoring",
        "start_date": START,
        "cadence_days": 14,
        "target_caseload": 5,
        "status": "active",
    }
    return Program(**(values | fields))


def new_participant(
    program: Program, person: Person | None = None, role: str = "mentee", **fields: Any
) -> Participant:
    values: dict[str, Any] = {
        "id": new_id(),
        "program_id": program.id,
        "person_id": person.id if person else None,
        "role": role,
        "district_id": program.district_id,
        "subjects": [],
        "grade_levels": [],
        "interests": [],
        "enrolled_on": program.start_date,
    }
    return Participant(**(values | fields))


def new_match(program: Program, mentor: Participant, mentee: Participant, **fields: Any) -> Match:
    values: dict[str, Any] = {
        "id": new_id(),
        "program_id": program.id,
        "mentor_id": mentor.id,
        "mentee_id": mentee.id,
        "status": "active",
        "started_on": program.start_date,
        "focus_areas": [],
        "goal_ids": [],
        "check_in_count": 0,
    }
    return Match(**(values | fields))
