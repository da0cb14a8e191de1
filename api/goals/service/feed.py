"""The goals area's resources in the change feed.

The area's Read schemas are not on main yet: until they are, a record shows its table's
columns; swap `columns_of(Goal)` for `shaped(GoalRead)` (and the like) when they land.
"""

from typing import Any

from sqlalchemy import Select, select

from api.access.goals import goals_visible
from api.core.feed_registry import FeedResource, Parent, columns_of, register, rows_reader
from api.core.scope import Scope
from api.goals.models import Alignment, Goal, Measurement


def _goals(scope: Scope) -> Select[Any]:
    return select(*Goal.__table__.columns).where(goals_visible(scope))


def _of_visible_goals(model: Any) -> Any:
    def statement(scope: Scope) -> Select[Any]:
        visible = select(Goal.id).where(goals_visible(scope))
        return select(*model.__table__.columns).where(model.goal_id.in_(visible))

    return statement


register(
    FeedResource(
        resource="goals",
        model=Goal,
        collection="/goals",
        read=rows_reader(_goals, Goal, columns_of(Goal)),
        keys=("external_id",),
    ),
    FeedResource(
        resource="measurements",
        model=Measurement,
        collection="/goals/{parent_id}/measurements",
        read=rows_reader(_of_visible_goals(Measurement), Measurement, columns_of(Measurement)),
        parent=Parent("goals", "goal_id"),
    ),
    FeedResource(
        resource="alignments",
        model=Alignment,
        collection="/alignments",
        read=rows_reader(_of_visible_goals(Alignment), Alignment, columns_of(Alignment)),
        parent=Parent("goals", "goal_id"),
    ),
)
