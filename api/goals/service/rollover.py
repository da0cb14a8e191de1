"""Carry a school year's unfinished goals into the next one, once.

Each draft or active goal is copied as a draft of the next year: its baseline is
its latest reading (or its old baseline with none), its target date a year on,
and it names the goal it continues, which a unique index holds to one copy, so
running the rollover again creates nothing. The copy keeps the alignments whose
agreement is still active when the new year starts.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.access.directory import districts_in_scope, schools_in_scope
from api.access.goals import goals_writable, may_set_goals
from api.core.crud import create_record, get_record
from api.core.errors import Forbidden
from api.core.scope import Scope
from api.directory.models import District, School
from api.goals.models import Alignment, Goal
from api.goals.vocabulary import FINISHED_STATUSES, GoalStatus, next_school_year, school_year_start
from api.partners.models import Agreement

COPIED = (
    "district_id",
    "school_id",
    "title",
    "description",
    "area",
    "priority",
    "owner_id",
    "metric",
    "unit",
    "target_value",
    "direction",
    "partner_ask",
    "asked_services",
)


@dataclass(frozen=True)
class Rollover:
    school_year: str
    dry_run: bool

    @property
    def next_year(self) -> str:
        return next_school_year(self.school_year)


def a_year_later(day: dt.date | None) -> dt.date | None:
    if day is None or day.year == dt.MAXYEAR:
        return day
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def require_goal_setter(scope: Scope) -> None:
    if not may_set_goals(scope):
        raise Forbidden("Only school and district staff roll goals over.")


async def check_school(session: AsyncSession, scope: Scope, school_id: uuid.UUID) -> None:
    await get_record(session, School, school_id, schools_in_scope(scope))


async def check_district(session: AsyncSession, scope: Scope, district_id: uuid.UUID) -> None:
    await get_record(session, District, district_id, districts_in_scope(scope))


def copy_of(goal: Goal, next_year: str) -> dict[str, Any]:
    measured = goal.latest_value is not None and goal.last_measured_on is not None
    target_date = a_year_later(goal.target_date)
    baseline_date = goal.last_measured_on if measured else goal.baseline_date
    if baseline_date and target_date and baseline_date > target_date:
        target_date = baseline_date
    return {name: getattr(goal, name) for name in COPIED} | {
        "school_year": next_year,
        "status": GoalStatus.draft.value,
        "baseline_value": goal.latest_value if measured else goal.baseline_value,
        "baseline_date": baseline_date,
        "target_date": target_date,
        "rolled_over_from_id": goal.id,
    }


def _place(goal: Any) -> dict[str, Any]:
    return {"district_id": goal.district_id, "school_id": goal.school_id}


async def _kept_alignments(
    session: AsyncSession, goal_ids: list[uuid.UUID], new_year_start: dt.date
) -> dict[uuid.UUID, list[Alignment]]:
    kept: dict[uuid.UUID, list[Alignment]] = {goal_id: [] for goal_id in goal_ids}
    if not goal_ids:
        return kept
    stmt = (
        select(Alignment)
        .join(Agreement, Agreement.id == Alignment.agreement_id)
        .where(
            Alignment.goal_id.in_(goal_ids),
            Agreement.status == "active",
            Agreement.end_date >= new_year_start,
        )
        .order_by(Alignment.goal_id, Alignment.agreement_id)
    )
    for alignment in await session.scalars(stmt):
        kept[alignment.goal_id].append(alignment)
    return kept


async def roll_over(
    session: AsyncSession, scope: Scope, which: ColumnElement[bool], plan: Rollover
) -> dict[str, Any]:
    copy = aliased(Goal)
    stmt = (
        select(Goal, copy.id.label("copy_id"))
        .outerjoin(copy, copy.rolled_over_from_id == Goal.id)
        .where(which, goals_writable(scope), Goal.school_year == plan.school_year)
        .order_by(Goal.school_id, Goal.priority, Goal.title, Goal.id)
    )
    rows = (await session.execute(stmt)).all()
    created: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    unfinished: list[Goal] = []
    for goal, copy_id in rows:
        if copy_id is not None:
            skipped.append(_skipped(goal, "already_rolled_over"))
        elif goal.status in FINISHED_STATUSES:
            skipped.append(_skipped(goal, goal.status))
        else:
            unfinished.append(goal)
    kept = await _kept_alignments(
        session, [goal.id for goal in unfinished], school_year_start(plan.next_year)
    )
    for goal in unfinished:
        new_id = None
        if not plan.dry_run:
            new_goal = await create_record(
                session, Goal(**copy_of(goal, plan.next_year)), "goals", _place
            )
            new_id = new_goal.id
            await _copy_alignments(session, new_goal, kept[goal.id])
        created.append(
            {
                "source_goal_id": goal.id,
                "goal_id": new_id,
                "title": goal.title,
                "school_id": goal.school_id,
                "baseline_value": copy_of(goal, plan.next_year)["baseline_value"],
                "alignments": [alignment.agreement_id for alignment in kept[goal.id]],
            }
        )
    return {
        "from_school_year": plan.school_year,
        "to_school_year": plan.next_year,
        "dry_run": plan.dry_run,
        "created": created,
        "skipped": skipped,
    }


async def _copy_alignments(session: AsyncSession, goal: Goal, alignments: list[Alignment]) -> None:
    place = _place(goal)
    for alignment in alignments:
        copied = Alignment(
            goal_id=goal.id,
            agreement_id=alignment.agreement_id,
            service_id=alignment.service_id,
            contribution=alignment.contribution,
            strength=alignment.strength,
        )
        await create_record(session, copied, "alignments", lambda _: place)


def _skipped(goal: Goal, reason: str) -> dict[str, Any]:
    return {"source_goal_id": goal.id, "title": goal.title, "reason": reason}


async def roll_over_school(
    session: AsyncSession, scope: Scope, school_id: uuid.UUID, plan: Rollover
) -> dict[str, Any]:
    require_goal_setter(scope)
    await check_school(session, scope, school_id)
    return await roll_over(session, scope, Goal.school_id == school_id, plan)


async def roll_over_district(
    session: AsyncSession, scope: Scope, district_id: uuid.UUID, plan: Rollover
) -> dict[str, Any]:
    """The district's own goals and its schools' goals (those the caller may set)."""
    require_goal_setter(scope)
    await check_district(session, scope, district_id)
    return await roll_over(session, scope, Goal.district_id == district_id, plan)
