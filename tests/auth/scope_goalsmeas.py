"""Goal readings in the scope matrix: each side gets a goal of its school with one reading,
aligned to the side's agreement, so its partner reads the goal and its readings."""

import datetime as dt
from typing import Any

from api.core.records import new_id
from api.goals.models import Alignment
from tests.auth.scope_expect import ADMIN, CO, DM, PA, VI, Ops, reads, writes
from tests.auth.scope_world import Side, World
from tests.goals.measurement_factories import new_goal, new_measurement


def extension(side: Side) -> tuple[dict[str, Any], list[list[Any]]]:
    goal = new_goal(side.school)
    reading = new_measurement(goal, measured_on=dt.date(2026, 10, 1), value=50.0)
    alignment = Alignment(id=new_id(), goal_id=goal.id, agreement_id=side.agreement.id)
    records = {"measured_goal": goal, "reading": reading, "reading_alignment": alignment}
    return records, [[goal], [reading, alignment]]


def readings(w: World, i: bool, suffix: str = "") -> str:
    return f"/goals/{w.pick('measured_goal', i).id}/measurements{suffix}"


def reading(w: World, i: bool) -> str:
    return readings(w, i, f"/{w.pick('reading', i).id}")


# The matrix sends JSON; the import takes text/csv, so what it checks here is who may
# call it at all (tests/goals/test_measurement_import.py checks each line's goal).
IMPORT_BY_JSON = {ADMIN: (415, 415), DM: (415, 415), CO: (415, 415), PA: (403, 403), VI: (403, 403)}

OPERATIONS: Ops = {
    "listMeasurements": (lambda w, i: ("GET", readings(w, i), None), reads(partner=(200, 404))),
    "getMeasurement": (lambda w, i: ("GET", reading(w, i), None), reads(partner=(200, 404))),
    "createMeasurement": (
        lambda w, i: ("POST", readings(w, i), {"measured_on": "2026-11-01", "value": 55}),
        writes(201),
    ),
    "updateMeasurement": (lambda w, i: ("PATCH", reading(w, i), {"value": 51}), writes(200)),
    "deleteMeasurement": (lambda w, i: ("DELETE", reading(w, i), None), writes(204)),
    "importMeasurements": (
        lambda w, i: ("POST", "/measurements/import", "goal_id,measured_on,value"),
        IMPORT_BY_JSON,
    ),
}
