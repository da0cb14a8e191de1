"""Goals made with the ORM for the measurement tests, and their readings."""

import datetime as dt
import itertools
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.directory.models import School
from api.goals.models import Goal, Measurement
from tests.directory.factories import make_school

_serial = itertools.count(1)


def new_goal(school: School, **overrides: Any) -> Goal:
    """An active increase goal of the school, 40 -> 80 over the 2026-27 school year."""
    n = next(_serial)
    values: dict[str, Any] = {
        "id": new_id(),
        "district_id": school.district_id,
        "school_id": school.id,
        "school_year": "2026-27",
        "title": f"Goal {n}",
        "area": "math",
        "metric": "Share of students at grade level",
        "unit": "%",
        "baseline_value": 40.0,
        "baseline_date": dt.date(2026, 8, 15),
        "target_value": 80.0,
        "target_date": dt.date(2027, 6, 1),
        "direction": "increase",
        "status": "active",
        "asked_services": [],
    }
    return Goal(**(values | overrides))


async def make_goal(session: AsyncSession, school: School | None = None, **overrides: Any) -> Goal:
    goal = new_goal(school or await make_school(session), **overrides)
    session.add(goal)
    await session.flush()
    return goal


def new_measurement(goal: Goal, **overrides: Any) -> Measurement:
    values: dict[str, Any] = {
        "id": new_id(),
        "goal_id": goal.id,
        "measured_on": dt.date(2026, 10, 1),
        "value": 50.0,
        "source": "",
    }
    return Measurement(**(values | overrides))


async def make_measurement(session: AsyncSession, goal: Goal, **overrides: Any) -> Measurement:
    measurement = new_measurement(goal, **overrides)
    session.add(measurement)
    await session.flush()
    return measurement


async def latest_of(session: AsyncSession, goal: Goal) -> tuple[float | None, dt.date | None]:
    """The goal's latest reading as stored now (the session's copy may be older)."""
    row = (
        await session.execute(
            select(Goal.latest_value, Goal.last_measured_on).where(Goal.id == goal.id)
        )
    ).one()
    return row.latest_value, row.last_measured_on
