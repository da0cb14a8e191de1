"""A goal's latest reading, kept on the goal row by whatever writes its readings.

The latest reading is the one with the greatest `measured_on`; of readings on the same
date, the one created last. Keeping it is not an edit of the goal: its version and
`updated_at` stay as they are, so an `If-Match` a client holds stays good.
"""

import uuid
from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from api.core.unnest import any_of
from api.goals.models import Goal, Measurement

GOALS: Table = Goal.__table__  # type: ignore[assignment]
READINGS: Table = Measurement.__table__  # type: ignore[assignment]
CHUNK = 5000  # goals per statement on SQLite, which takes 32,766 bound values


def _latest_value() -> ScalarSelect[Any]:
    return (
        select(READINGS.c.value)
        .where(READINGS.c.goal_id == GOALS.c.id)
        .order_by(READINGS.c.measured_on.desc(), READINGS.c.created_at.desc(), READINGS.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _last_measured_on() -> ScalarSelect[Any]:
    return (
        select(func.max(READINGS.c.measured_on))
        .where(READINGS.c.goal_id == GOALS.c.id)
        .scalar_subquery()
    )


async def lock_goals(session: AsyncSession, goal_ids: Collection[uuid.UUID]) -> None:
    """Serialise writers of one goal's readings so its latest reading stays right.

    FOR NO KEY UPDATE leaves the key-share locks that inserting a reading takes alone.
    SQLite has one writer at a time already.
    """
    if not goal_ids or session.get_bind().dialect.name != "postgresql":
        return
    await session.execute(
        select(GOALS.c.id)
        .where(any_of(GOALS.c.id, goal_ids, "goal_ids"))
        .order_by(GOALS.c.id)
        .with_for_update(key_share=True)
    )


def _among(session: AsyncSession, goal_ids: Collection[uuid.UUID]) -> Iterator[ColumnElement[bool]]:
    """The goals as one array on PostgreSQL, in lists SQLite's bound-value limit takes."""
    if session.get_bind().dialect.name == "postgresql":
        yield any_of(GOALS.c.id, goal_ids, "goal_ids")
        return
    ids = list(goal_ids)
    for start in range(0, len(ids), CHUNK):
        yield GOALS.c.id.in_(ids[start : start + CHUNK])


async def refresh_latest(session: AsyncSession, goal_ids: Collection[uuid.UUID]) -> None:
    """Recompute the latest reading of these goals in one statement."""
    if not goal_ids:
        return
    for among in _among(session, goal_ids):
        await session.execute(
            update(GOALS)
            .where(among)
            .values(
                latest_value=_latest_value(),
                last_measured_on=_last_measured_on(),
                updated_at=GOALS.c.updated_at,
            )
        )


async def refresh_goal(session: AsyncSession, goal: Goal) -> None:
    """`refresh_latest` for one goal the session holds, which then shows the new values."""
    row = (
        await session.execute(
            update(GOALS)
            .where(GOALS.c.id == goal.id)
            .values(
                latest_value=_latest_value(),
                last_measured_on=_last_measured_on(),
                updated_at=GOALS.c.updated_at,
            )
            .returning(GOALS.c.latest_value, GOALS.c.last_measured_on)
        )
    ).one()
    set_committed_value(goal, "latest_value", row.latest_value)
    set_committed_value(goal, "last_measured_on", row.last_measured_on)
