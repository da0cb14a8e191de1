"""The goals area's resources in the change feed, each record as its Read schema shows it
(a goal with the figures derived from its readings)."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, select

from api.access.goals import goals_visible
from api.core.feed_registry import FeedResource, Parent, register, rows_reader, shaped, today
from api.core.scope import Scope
from api.goals.models import Alignment, Goal, Measurement
from api.goals.schemas.alignments import AlignmentRead
from api.goals.schemas.measurements import MeasurementRead
from api.goals.service import goals


def _goal_body(row: Mapping[str, Any]) -> dict[str, Any]:
    return goals.body(row, today())


def _of_visible_goals(model: Any) -> Any:
    def statement(scope: Scope) -> Select[Any]:
        visible = select(Goal.id).where(goals_visible(scope))
        return select(*model.__table__.columns).where(model.goal_id.in_(visible))

    return statement


register(
    FeedResource(
        resource=goals.RESOURCE,
        model=Goal,
        collection="/goals",
        read=rows_reader(goals.visible, Goal, _goal_body),
        keys=("external_id",),
    ),
    FeedResource(
        resource="measurements",
        model=Measurement,
        collection="/goals/{parent_id}/measurements",
        read=rows_reader(_of_visible_goals(Measurement), Measurement, shaped(MeasurementRead)),
        parent=Parent(goals.RESOURCE, "goal_id"),
    ),
    FeedResource(
        resource=goals.ALIGNMENTS,
        model=Alignment,
        collection="/alignments",
        read=rows_reader(_of_visible_goals(Alignment), Alignment, shaped(AlignmentRead)),
        parent=Parent(goals.RESOURCE, "goal_id"),
    ),
)
