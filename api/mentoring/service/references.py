"""Checks that the ids a body names reach records the caller may name: 422 on the field."""

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import districts_in_scope, people_in_scope, schools_in_scope
from api.access.goals import goals_visible
from api.core.errors import Unprocessable
from api.core.scope import Scope
from api.directory.models import District, Person, School
from api.goals.models import Goal


def unknown(field: str | Sequence[str | int], what: str) -> Unprocessable:
    loc = [field] if isinstance(field, str) else list(field)
    return Unprocessable(
        f"{'.'.join(map(str, loc))}: no such {what} in your scope.",
        errors=[{"loc": ["body", *loc], "msg": f"{what} not found", "type": "reference"}],
    )


def invalid(field: str, msg: str, kind: str = "value") -> Unprocessable:
    return Unprocessable(
        f"{field}: {msg}.", errors=[{"loc": ["body", field], "msg": msg, "type": kind}]
    )


async def _found(
    session: AsyncSession, column: Any, value: uuid.UUID, where: ColumnElement[bool]
) -> bool:
    return await session.scalar(select(column).where(column == value, where)) is not None


async def require_district(
    session: AsyncSession, scope: Scope, district_id: uuid.UUID | None, field: str = "district_id"
) -> None:
    if district_id and not await _found(
        session, District.id, district_id, districts_in_scope(scope)
    ):
        raise unknown(field, "district")


async def require_school(
    session: AsyncSession, scope: Scope, school_id: uuid.UUID | None, field: str = "school_id"
) -> None:
    if school_id and not await _found(session, School.id, school_id, schools_in_scope(scope)):
        raise unknown(field, "school")


async def require_person(
    session: AsyncSession, scope: Scope, person_id: uuid.UUID | None, field: str
) -> None:
    """A person the caller sees (someone they may name has a role in their scope)."""
    if person_id and not await _found(
        session, Person.id, person_id, people_in_scope(scope, Person.id)
    ):
        raise unknown(field, "person")


async def require_goals(
    session: AsyncSession, scope: Scope, goal_ids: Collection[uuid.UUID], field: str = "goal_ids"
) -> None:
    if not goal_ids:
        return
    wanted = list(goal_ids)
    seen = set(
        await session.scalars(select(Goal.id).where(Goal.id.in_(wanted), goals_visible(scope)))
    )
    for index, goal_id in enumerate(wanted):
        if goal_id not in seen:
            raise unknown([field, index], "goal")
