import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.goals import goals_visible, goals_writable
from api.core.bulk import BulkRows
from api.core.crud import check_writable, create_record, delete_record, get_record, update_record
from api.core.errors import Forbidden, NotFound
from api.core.events import Operation, PendingEvent, Place, record_event
from api.core.filtering import Condition, any_of, containing, holds, narrowed, since
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.goals.models import Alignment, Goal, Measurement
from api.goals.schemas.goals import GoalCreate, GoalRead, GoalUpdate, GoalUpsert
from api.goals.service import goal_figures
from api.goals.service.goal_rules import (
    NOT_YOURS,
    Reach,
    changed_values,
    new_goal_values,
    reach_of,
)
from api.partners.models import Agreement

RESOURCE = "goals"
ALIGNMENTS = "alignments"
STORED = list(Goal.__table__.c)
STORED_FIELDS = [name for name in GoalRead.model_fields if name not in goal_figures.FIGURES]
SORTABLE = SortOrder.of(
    Goal,
    "title",
    "school_year",
    "area",
    "status",
    "created_at",
    "updated_at",
    default="school_year,title",
)
CSV_COLUMNS = [*STORED_FIELDS, "latest", "last_measured_on", "progress", "on_track"]


@dataclass(frozen=True)
class GoalFilters:
    school_id: list[uuid.UUID] | None = None
    district_id: list[uuid.UUID] | None = None
    school_year: Sequence[str] | None = None
    area: Sequence[str] | None = None
    status: Sequence[str] | None = None
    on_track: bool | None = None
    covered: bool | None = None
    external_id: Sequence[str] | None = None
    q: str | None = None
    updated_since: dt.datetime | None = None


def covered(today: dt.date) -> ColumnElement[bool]:
    """At least one alignment to an agreement active today (and not past its end date)."""
    active = select(Agreement.id).where(Agreement.status == "active", Agreement.end_date >= today)
    return exists(
        select(Alignment.id).where(Alignment.goal_id == Goal.id, Alignment.agreement_id.in_(active))
    )


def _conditions(filters: GoalFilters, today: dt.date) -> list[Condition]:
    return [
        any_of(Goal.school_id, filters.school_id),
        any_of(Goal.district_id, filters.district_id),
        any_of(Goal.school_year, filters.school_year),
        any_of(Goal.area, filters.area),
        any_of(Goal.status, filters.status),
        None if filters.on_track is None else goal_figures.on_track_is(filters.on_track),
        holds(covered(today), filters.covered),
        any_of(Goal.external_id, filters.external_id),
        containing(filters.q, Goal.title),
        since(Goal.updated_at, filters.updated_since),
    ]


FLOATS = ("baseline_value", "target_value", "latest_value")


def body(row: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """A goal's response: its stored fields and the figures derived from them."""
    # SQLite gives a whole number back as an int: the body (and its tag) must not depend on it.
    row = dict(row) | {name: None if row[name] is None else float(row[name]) for name in FLOATS}
    return {name: row[name] for name in STORED_FIELDS} | goal_figures.figures(row, today)


def record_body(goal: Goal, today: dt.date) -> dict[str, Any]:
    return body({column.key: getattr(goal, column.key) for column in STORED}, today)


def visible(scope: Scope) -> Select[Any]:
    """The stored columns of every goal the caller sees."""
    return select(*STORED).where(goals_visible(scope))


def listed(scope: Scope, filters: GoalFilters, today: dt.date) -> ListQuery:
    conditions = _conditions(filters, today)
    export = select(
        *STORED,
        Goal.latest_value.label("latest"),
        goal_figures.progress_column().label("progress"),
        goal_figures.on_track_column().label("on_track"),
    )
    return ListQuery(
        narrowed(visible(scope), *conditions),
        SORTABLE,
        export=narrowed(export.where(goals_visible(scope)), *conditions),
        bodies=lambda rows: [body(row, today) for row in rows],
    )


async def get_goal(session: AsyncSession, scope: Scope, goal_id: uuid.UUID) -> Goal:
    return await get_record(session, Goal, goal_id, goals_visible(scope))


async def get_writable_goal(session: AsyncSession, scope: Scope, goal_id: uuid.UUID) -> Goal:
    """404 outside what the caller sees; 403 for a goal they see but may not change."""
    goal = await get_goal(session, scope, goal_id)
    if not scope.everything:
        await check_writable(session, Goal, goal_id, goals_writable(scope), NOT_YOURS)
    return goal


def place(goal: Mapping[str, Any], before: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A goal's events name its district and school. A district goal also reaches every
    school of its district (their coordinators read it), and a goal moved reaches where
    it was."""
    where = Place(goal["district_id"], goal["school_id"])
    places = {where} if goal["school_id"] is None else set()
    if before is not None and (before["district_id"], before["school_id"]) != (
        goal["district_id"],
        goal["school_id"],
    ):
        places |= {where, Place(before["district_id"], before["school_id"])}
    return {
        "district_id": goal["district_id"],
        "school_id": goal["school_id"],
        "places": tuple(sorted(places, key=Place.key)),
    }


def _fields(goal: Goal) -> dict[str, Any]:
    return {column.key: getattr(goal, column.key) for column in STORED}


async def create_goal(session: AsyncSession, scope: Scope, data: GoalCreate) -> Goal:
    reach = await reach_of(session, scope, [data.school_id], [data.district_id], [data.owner_id])
    goal = Goal(**new_goal_values(reach, data))
    return await create_record(session, goal, RESOURCE, lambda g: place(_fields(g)))


async def update_goal(session: AsyncSession, scope: Scope, goal: Goal, patch: GoalUpdate) -> bool:
    changes = patch.changes()
    reach = await reach_of(
        session,
        scope,
        [changes.get("school_id", goal.school_id)],
        [changes.get("district_id", goal.district_id)],
        [changes.get("owner_id")],
    )
    before = _fields(goal)
    values = changed_values(reach, before, changes)
    return await update_record(session, goal, values, RESOURCE, lambda g: place(_fields(g), before))


async def delete_goal(session: AsyncSession, goal: Goal) -> None:
    """The goal, its readings and its alignments; each alignment leaves a tombstone too."""
    where = place(_fields(goal))
    aligned = await session.execute(
        select(Alignment.id, Alignment.version).where(Alignment.goal_id == goal.id)
    )
    for alignment_id, version in aligned:
        record_event(
            session,
            PendingEvent(ALIGNMENTS, alignment_id, Operation.delete, version, **where),
        )
    await session.execute(delete(Alignment).where(Alignment.goal_id == goal.id))
    await session.execute(delete(Measurement).where(Measurement.goal_id == goal.id))
    await delete_record(session, goal, RESOURCE, lambda g: where)


class GoalRows(BulkRows[GoalUpsert]):
    """Bulk rows: matched by id, then `external_id`."""

    model, resource, schema = Goal, RESOURCE, GoalUpsert
    keys = ("external_id",)

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.reach = Reach(scope, {}, set(), set())
        self.visible: set[uuid.UUID] = set()
        self.writable: set[uuid.UUID] = set()

    async def prepare(
        self, session: AsyncSession, rows: Sequence[GoalUpsert], stored: Sequence[dict[str, Any]]
    ) -> None:
        self.reach = await reach_of(
            session,
            self.scope,
            [row.school_id for row in rows],
            [row.district_id for row in rows],
            [row.owner_id for row in rows],
        )
        if stored and not self.scope.everything:
            ids = [record["id"] for record in stored]
            found = await session.execute(
                select(Goal.id, goals_writable(self.scope).label("writable")).where(
                    Goal.id.in_(ids), goals_visible(self.scope)
                )
            )
            for goal_id, writable in found:
                self.visible.add(goal_id)
                if writable:
                    self.writable.add(goal_id)

    def check(self, record: dict[str, Any], made_here: bool) -> None:
        if self.scope.everything or made_here:
            return
        if record["id"] not in self.visible:
            raise NotFound
        if record["id"] not in self.writable:
            raise Forbidden(NOT_YOURS)

    def create(self, row: GoalUpsert) -> dict[str, Any]:
        return new_goal_values(self.reach, row)

    def update(self, record: dict[str, Any], row: GoalUpsert) -> dict[str, Any]:
        given = row.model_dump(exclude={"id"}, exclude_unset=True)
        if given.get("district_id", True) is None:
            del given["district_id"]  # a school goal's row may leave it to the school
        patch = GoalUpdate.model_validate(given)
        return changed_values(self.reach, record, patch.changes())

    def place(self, record: dict[str, Any], operation: Operation) -> dict[str, Any]:
        return place(record)
