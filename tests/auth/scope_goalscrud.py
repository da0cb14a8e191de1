"""Goals and alignments in the scope matrix: each side's school has an active goal aligned
to the side's active agreement, so partner A reads goal A and nothing of side B."""

import uuid
from typing import Any

from tests.auth.scope_expect import ADMIN, CO, DM, PA, VI, Ops, lists, reads, writes
from tests.auth.scope_world import Side, World
from tests.goals.factories import new_alignment, new_goal


def goal_and_alignment(side: Side) -> tuple[dict[str, Any], list[list[Any]]]:
    goal = new_goal(side.district, side.school, title="Every child reading")
    alignment = new_alignment(goal, side.agreement, strength="primary")
    return {"goal": goal, "alignment": alignment}, [[goal], [alignment]]


def goal_body(w: World, inside: bool) -> dict[str, Any]:
    return {
        "school_id": str(w.pick("school", inside).id),
        "school_year": "2026-27",
        "title": "Attendance above 95%",
        "area": "attendance",
        "external_id": f"sis-{uuid.uuid4().hex[:12]}",
    }


def goal(w: World, inside: bool) -> str:
    return f"/goals/{w.pick('goal', inside).id}"


# Partners and viewers read goals; school and district staff set them.
SETTERS_CREATE = {ADMIN: (201, 201), DM: (201, 422), CO: (201, 422), PA: (403, 403), VI: (403, 403)}

GOALSCRUD: Ops = {
    "listGoals": (lambda w, i: ("GET", "/goals", None), lists()),
    "createGoal": (lambda w, i: ("POST", "/goals", goal_body(w, i)), SETTERS_CREATE),
    "bulkUpsertGoals": (
        lambda w, i: ("POST", "/goals/bulk", {"items": [goal_body(w, i)]}),
        {
            ADMIN: ("created", "created"),
            DM: ("created", "error"),
            CO: ("created", "error"),
            PA: (403, 403),
            VI: (403, 403),
        },
    ),
    "getGoal": (lambda w, i: ("GET", goal(w, i), None), reads(partner=(200, 404))),
    "updateGoal": (lambda w, i: ("PATCH", goal(w, i), {"priority": 2}), writes(200)),
    "deleteGoal": (lambda w, i: ("DELETE", goal(w, i), None), writes(204)),
}


def alignment(w: World, inside: bool) -> str:
    return f"/alignments/{w.pick('alignment', inside).id}"


def alignment_body(w: World, inside: bool) -> dict[str, Any]:
    # The side's draft names the school too: a second agreement for the same goal.
    return {
        "goal_id": str(w.pick("goal", inside).id),
        "agreement_id": str(w.pick("draft", inside).id),
        "strength": "supporting",
    }


GOALSCRUD |= {
    "listAlignments": (lambda w, i: ("GET", "/alignments", None), lists()),
    "createAlignment": (
        lambda w, i: ("POST", "/alignments", alignment_body(w, i)),
        SETTERS_CREATE,
    ),
    "getAlignment": (lambda w, i: ("GET", alignment(w, i), None), reads(partner=(200, 404))),
    "updateAlignment": (
        lambda w, i: ("PATCH", alignment(w, i), {"contribution": "Tutors"}),
        writes(200),
    ),
    "deleteAlignment": (lambda w, i: ("DELETE", alignment(w, i), None), writes(204)),
}
