"""Match suggestions and caseloads in the scope matrix.

Each side gets a mentoring programme run by its district, with a tier for its
school, two mentors and two mentees working there, and one active match.
"""

from typing import Any

from tests.auth.scope_expect import Ops, lists, staff_writes
from tests.auth.scope_world import Side
from tests.mentoring.matching_factories import (
    new_match,
    new_participant,
    new_program,
    new_tier,
)


def records(side: Side) -> tuple[dict[str, Any], list[list[Any]]]:
    program = new_program(side.district, name=f"Mentoring in {side.district.name}")
    tier = new_tier(program, side.school, "intensive")
    mentors = [new_participant(program, "mentor", side.school, subjects=["math"]) for _ in range(2)]
    mentees = [new_participant(program, "mentee", side.school, subjects=["math"]) for _ in range(2)]
    match = new_match(mentors[0], mentees[0])
    named = {
        "mm_program": program,
        "mm_tier": tier,
        "mm_mentor": mentors[0],
        "mm_other_mentor": mentors[1],
        "mm_mentee": mentees[0],
        "mm_unmatched_mentee": mentees[1],
        "mm_match": match,
    }
    return named, [[program], [tier, *mentors, *mentees], [match]]


def _program(w: Any, inside: bool) -> str:
    return str(w.pick("mm_program", inside).id)


OPERATIONS: Ops = {
    # Suggestions are for the staff running the programme: a viewer is refused, a
    # partner organisation does not see the programme at all.
    "getMatchSuggestions": (
        lambda w, i: ("GET", f"/mentoring/programs/{_program(w, i)}/match-suggestions", None),
        staff_writes(200),
    ),
    # A programme outside scope filters to nothing.
    "getCaseloads": (
        lambda w, i: ("GET", f"/mentoring/caseloads?program_id={_program(w, i)}", None),
        lists(),
    ),
}
