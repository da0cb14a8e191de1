"""A goal's progress readings: scoped reads and writes that keep the goal's latest reading."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.goals import goals_visible, goals_writable
from api.core.crud import create_record, delete_record, update_record
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.filtering import narrowed, since, until
from api.core.pagination import PageParams, PageResult
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.goals.models import Goal, Measurement
from api.goals.schemas.measurements import MeasurementCreate, MeasurementRead, MeasurementUpdate
from api.goals.service.latest_reading import lock_goals, refresh_goal
from api.goals.vocabulary import GoalStatus

RESOURCE = "measurements"
READ_COLUMNS = [Measurement.__table__.c[name] for name in MeasurementRead.model_fields]
SORTABLE = SortOrder.of(
    Measurement, "measured_on", "created_at", "updated_at", default="measured_on"
)


@dataclass(frozen=True)
class MeasurementFilters:
    measured_from: dt.date | None = None
    measured_to: dt.date | None = None


def place_of(goal: Goal) -> dict[str, Any]:
    """A reading's event is where its goal is: its school (if any) and its district."""
    return {"district_id": goal.district_id, "school_id": goal.school_id}


async def get_goal(session: AsyncSession, scope: Scope, goal_id: uuid.UUID) -> Goal:
    goal = await session.scalar(select(Goal).where(Goal.id == goal_id, goals_visible(scope)))
    if goal is None:
        raise NotFound(f"No goal with id {goal_id}.")
    return goal


async def get_writable_goal(session: AsyncSession, scope: Scope, goal_id: uuid.UUID) -> Goal:
    """The goal, when the caller may record its readings: 404 outside scope, 403 for a goal
    the caller may only read (a coordinator and the district-wide goals of their district)."""
    found = (
        await session.execute(
            select(Goal, goals_writable(scope).label("writable")).where(
                Goal.id == goal_id, goals_visible(scope)
            )
        )
    ).one_or_none()
    if found is None:
        raise NotFound(f"No goal with id {goal_id}.")
    if not found.writable:
        raise Forbidden("You may read this goal but not record its readings.")
    goal: Goal = found[0]
    return goal


def filtered(goal_id: uuid.UUID, filters: MeasurementFilters) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(Measurement.goal_id == goal_id),
        since(Measurement.measured_on, filters.measured_from or None),
        until(Measurement.measured_on, filters.measured_to or None),
    )


async def list_measurements(
    session: AsyncSession, goal: Goal, filters: MeasurementFilters, page: PageParams
) -> PageResult:
    return await SORTABLE.page(session, filtered(goal.id, filters), page)


async def get_measurement(
    session: AsyncSession, goal: Goal, measurement_id: uuid.UUID
) -> Measurement:
    measurement = await session.scalar(
        select(Measurement).where(Measurement.id == measurement_id, Measurement.goal_id == goal.id)
    )
    if measurement is None:
        raise NotFound(f"No reading with id {measurement_id} under this goal.")
    return measurement


def refuse_dropped(goal: Goal) -> None:
    if goal.status == GoalStatus.dropped:
        raise Conflict(
            "The goal is dropped, so it takes no readings; change its status to record "
            "progress again.",
            current_status=goal.status,
        )


async def _refuse_taken(
    session: AsyncSession, goal: Goal, values: dict[str, Any], own_id: uuid.UUID | None = None
) -> None:
    holder = await session.scalar(
        select(Measurement.id).where(
            Measurement.goal_id == goal.id,
            Measurement.measured_on == values["measured_on"],
            Measurement.source == values["source"],
        )
    )
    if holder is not None and holder != own_id:
        source = f"source '{values['source']}'" if values["source"] else "no source"
        raise Conflict(
            f"The goal already has a reading on {values['measured_on']} with {source} "
            f"({holder}); change that one instead."
        )


async def create_measurement(
    session: AsyncSession, goal: Goal, data: MeasurementCreate
) -> Measurement:
    refuse_dropped(goal)
    await lock_goals(session, [goal.id])
    values = data.model_dump()
    await _refuse_taken(session, goal, values)
    measurement = await create_record(
        session, Measurement(goal_id=goal.id, **values), RESOURCE, lambda _: place_of(goal)
    )
    await refresh_goal(session, goal)
    return measurement


async def update_measurement(
    session: AsyncSession, goal: Goal, measurement: Measurement, patch: MeasurementUpdate
) -> bool:
    refuse_dropped(goal)
    current = {name: getattr(measurement, name) for name in MeasurementCreate.model_fields}
    merged = MeasurementCreate.model_validate(current | patch.changes()).model_dump()
    await lock_goals(session, [goal.id])
    await _refuse_taken(session, goal, merged, measurement.id)
    changed = await update_record(session, measurement, merged, RESOURCE, lambda _: place_of(goal))
    if changed:
        await refresh_goal(session, goal)
    return changed


async def delete_measurement(session: AsyncSession, goal: Goal, measurement: Measurement) -> None:
    await lock_goals(session, [goal.id])
    await delete_record(session, measurement, RESOURCE, lambda _: place_of(goal))
    await refresh_goal(session, goal)
