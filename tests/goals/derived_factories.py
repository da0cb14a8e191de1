"""Goals, readings and alignments for the derived views' tests, written with the ORM
(the goals and alignments services are others' to test)."""

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.directory.models import District, School
from api.goals.models import Alignment, Goal, Measurement
from api.goals.vocabulary import school_year_of
from api.partners.models import Agreement

_serial = itertools.count(1)
TODAY = dt.date.today()
YEAR = school_year_of(TODAY)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def new_goal(district: District, school: School | None = None, **overrides: Any) -> Goal:
    n = next(_serial)
    values: dict[str, Any] = {
        "id": new_id(),
        "district_id": district.id,
        "school_id": school.id if school else None,
        "school_year": YEAR,
        "title": f"Goal {n:05d}",
        "area": "math",
        "status": "active",
        "direction": "increase",
        "asked_services": [],
        "baseline_value": 50.0,
        "baseline_date": days(-100),
        "target_value": 70.0,
        "target_date": days(100),
    }
    return Goal(**(values | overrides))


async def make_goal(
    session: AsyncSession,
    district: District,
    school: School | None = None,
    *,
    reading: tuple[dt.date, float] | None = None,
    **overrides: Any,
) -> Goal:
    """A goal, with its latest reading stored as the measurements service keeps it."""
    goal = new_goal(district, school, **overrides)
    if reading is not None:
        goal.last_measured_on, goal.latest_value = reading
    session.add(goal)
    await session.flush()
    if reading is not None:
        session.add(Measurement(goal_id=goal.id, measured_on=reading[0], value=reading[1]))
        await session.flush()
    return goal


async def align(
    session: AsyncSession, goal: Goal, agreement: Agreement, **overrides: Any
) -> Alignment:
    values: dict[str, Any] = {"goal_id": goal.id, "agreement_id": agreement.id}
    alignment = Alignment(**(values | overrides))
    session.add(alignment)
    await session.flush()
    return alignment
