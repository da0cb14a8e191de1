"""Small factories for the goals area: each makes one valid record, any field overridable.

`new_*` builds the record with its id and without saving it; `make_*` saves it.
"""

import itertools
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.directory.models import District, School
from api.goals.models import Alignment, Goal
from api.partners.models import Agreement

_serial = itertools.count(1)


def new_goal(district: District, school: School | None = None, **fields: Any) -> Goal:
    """A goal of the school (or, with no school, of the district) for 2026-27."""
    n = next(_serial)
    values: dict[str, Any] = {
        "id": new_id(),
        "district_id": district.id,
        "school_id": school.id if school else None,
        "school_year": "2026-27",
        "title": f"Goal {n:05d}",
        "area": "ela",
        "direction": "increase",
        "status": "active",
        "asked_services": [],
    }
    return Goal(**(values | fields))


async def make_goal(
    session: AsyncSession, district: District, school: School | None = None, **fields: Any
) -> Goal:
    goal = new_goal(district, school, **fields)
    session.add(goal)
    await session.flush()
    return goal


def new_alignment(goal: Goal, agreement: Agreement, **fields: Any) -> Alignment:
    values: dict[str, Any] = {
        "id": new_id(),
        "goal_id": goal.id,
        "agreement_id": agreement.id,
        "strength": "supporting",
    }
    return Alignment(**(values | fields))


async def make_alignment(
    session: AsyncSession, goal: Goal, agreement: Agreement, **fields: Any
) -> Alignment:
    alignment = new_alignment(goal, agreement, **fields)
    session.add(alignment)
    await session.flush()
    return alignment
