"""The mentoring core resources in the scope matrix: on each side a programme run by the
district, its school with a support tier, a mentor, a mentee working at
the school with an active match and a check-in, and a mentee still unmatched."""

import datetime as dt
from typing import Any

from api.mentoring.models import CheckIn, ProgramSchool
from tests.auth.scope_expect import ADMIN, CO, DM, PA, VI, Expect, Ops, lists, reads, staff_writes
from tests.auth.scope_world import Side, World
from tests.directory.factories import new_person
from tests.mentoring.factories import new_match, new_participant, new_program

TODAY = dt.date.today()


def mentoring_core(side: Side) -> tuple[dict[str, Any], list[list[Any]]]:
    program = new_program(district_id=side.district.id, start_date=TODAY - dt.timedelta(days=90))
    # People of its own: the side's principal stays free to be deleted by the matrix.
    mentor_person, mentee_person, free_person = new_person(), new_person(), new_person()
    tier = ProgramSchool(
        program_id=program.id, school_id=side.school.id, tier="intensive", needs=[]
    )
    mentor = new_participant(program, mentor_person, "mentor", school_id=side.school.id)
    mentee = new_participant(program, mentee_person, "mentee", school_id=side.school.id)
    free = new_participant(program, free_person, "mentee", school_id=side.school.id)
    match = new_match(program, mentor, mentee, started_on=TODAY - dt.timedelta(days=30))
    check_in = CheckIn(
        match_id=match.id, program_id=program.id, held_on=TODAY - dt.timedelta(days=3), goal_ids=[]
    )
    records = {
        "program": program,
        "tier": tier,
        "mentor": mentor,
        "mentee": mentee,
        "free_mentee": free,
        "match": match,
        "check_in": check_in,
    }
    return records, [
        [program, mentor_person, mentee_person, free_person],
        [tier, mentor, mentee, free],
        [match],
        [check_in],
    ]


def creates(ok: int | str, refused: int | str) -> Expect:
    """A new record under a programme the body names: out of reach is a 422 on that field."""
    return {
        ADMIN: (ok, ok),
        DM: (ok, refused),
        CO: (ok, refused),
        PA: (refused, refused),
        VI: (403, 403),
    }


def program(w: World, i: bool, suffix: str = "") -> str:
    return f"/mentoring/programs/{w.pick('program', i).id}{suffix}"


def tier(w: World, i: bool) -> str:
    return program(w, i, f"/schools/{w.pick('school', i).id}")


def match(w: World, i: bool, suffix: str = "") -> str:
    return f"/mentoring/matches/{w.pick('match', i).id}{suffix}"


def check_in(w: World, i: bool) -> str:
    return match(w, i, f"/check-ins/{w.pick('check_in', i).id}")


def participant(w: World, i: bool) -> str:
    return f"/mentoring/participants/{w.pick('mentor', i).id}"


def enrolment(w: World, i: bool) -> dict[str, Any]:
    return {
        "program_id": str(w.pick("program", i).id),
        "person_id": str(w.pick("person", i).id),
        "role": "mentee",
        "enrolled_on": str(TODAY),
    }


def pair(w: World, i: bool) -> dict[str, Any]:
    return {
        "program_id": str(w.pick("program", i).id),
        "mentor_id": str(w.pick("mentor", i).id),
        "mentee_id": str(w.pick("free_mentee", i).id),
    }


YESTERDAY = str(TODAY - dt.timedelta(days=1))
MENTORCORE: Ops = {
    "listPrograms": (lambda w, i: ("GET", "/mentoring/programs", None), lists()),
    "createProgram": (
        lambda w, i: (
            "POST",
            "/mentoring/programs",
            {
                "name": "Coaching",
                "kind": "coaching",
                "start_date": str(TODAY),
                "district_id": str(w.pick("district", i).id),
            },
        ),
        {ADMIN: (201, 201), DM: (201, 422), CO: (403, 422), PA: (403, 422), VI: (403, 403)},
    ),
    "getProgram": (lambda w, i: ("GET", program(w, i), None), reads()),
    "updateProgram": (
        lambda w, i: ("PATCH", program(w, i), {"objectives": "Retain principals"}),
        staff_writes(200),
    ),
    "deleteProgram": (lambda w, i: ("DELETE", program(w, i), None), staff_writes(409)),
    "listProgramSchools": (lambda w, i: ("GET", program(w, i, "/schools"), None), reads()),
    "createProgramSchool": (
        lambda w, i: (
            "POST",
            program(w, i, "/schools"),
            {"school_id": str(w.pick("empty_school", i).id), "tier": "targeted"},
        ),
        staff_writes(201),
    ),
    "getProgramSchool": (lambda w, i: ("GET", tier(w, i), None), reads()),
    "updateProgramSchool": (
        lambda w, i: ("PATCH", tier(w, i), {"needs": ["hardship"]}),
        staff_writes(200),
    ),
    "deleteProgramSchool": (lambda w, i: ("DELETE", tier(w, i), None), staff_writes(204)),
    "listParticipants": (lambda w, i: ("GET", "/mentoring/participants", None), lists()),
    "createParticipant": (
        lambda w, i: ("POST", "/mentoring/participants", enrolment(w, i)),
        creates(201, 422),
    ),
    "bulkUpsertParticipants": (
        lambda w, i: ("POST", "/mentoring/participants/bulk", {"items": [enrolment(w, i)]}),
        creates("created", "error"),
    ),
    "getParticipant": (lambda w, i: ("GET", participant(w, i), None), reads()),
    "updateParticipant": (
        lambda w, i: ("PATCH", participant(w, i), {"interests": ["data"]}),
        staff_writes(200),
    ),
    "deleteParticipant": (lambda w, i: ("DELETE", participant(w, i), None), staff_writes(409)),
    "listMatches": (lambda w, i: ("GET", "/mentoring/matches", None), lists()),
    "createMatch": (lambda w, i: ("POST", "/mentoring/matches", pair(w, i)), creates(201, 422)),
    "bulkUpsertMatches": (
        lambda w, i: ("POST", "/mentoring/matches/bulk", {"items": [pair(w, i)]}),
        creates("created", "error"),
    ),
    "getMatch": (lambda w, i: ("GET", match(w, i), None), reads()),
    "updateMatch": (
        lambda w, i: ("PATCH", match(w, i), {"focus_areas": ["literacy"]}),
        staff_writes(200),
    ),
    "deleteMatch": (lambda w, i: ("DELETE", match(w, i), None), staff_writes(204)),
    "listCheckIns": (lambda w, i: ("GET", match(w, i, "/check-ins"), None), reads()),
    "createCheckIn": (
        lambda w, i: ("POST", match(w, i, "/check-ins"), {"held_on": YESTERDAY}),
        staff_writes(201),
    ),
    "getCheckIn": (lambda w, i: ("GET", check_in(w, i), None), reads()),
    "updateCheckIn": (lambda w, i: ("PATCH", check_in(w, i), {"minutes": 30}), staff_writes(200)),
    "deleteCheckIn": (lambda w, i: ("DELETE", check_in(w, i), None), staff_writes(204)),
}
