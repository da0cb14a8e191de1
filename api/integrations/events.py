"""The change feed: ordered events for delta sync and audit."""

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from starlette.responses import Response

from api.auth.deps import CallerScope
from api.core.events import Event, EventPlace
from api.core.responses import FastJSONResponse
from api.core.scope import Scope
from api.core.transactions import Session, TransactionalRoute
from api.directory.models import RoleAssignment, School
from api.directory.service.people import RESOURCE as PEOPLE
from api.directory.service.scoping import assignments_in_scope

router = APIRouter(route_class=TransactionalRoute, tags=["events"])


class EventRead(BaseModel):
    seq: int = Field(description="Strictly increasing; store the last one you applied.")
    occurred_at: dt.datetime
    actor: str
    resource: str = Field(examples=["schools"])
    resource_id: uuid.UUID
    operation: str = Field(description="`create`, `update` or `delete` (a tombstone).")
    version: int
    changes: dict[str, Any] | None = Field(
        None, description="Changed fields as [before, after]; administrators only."
    )


class EventPage(BaseModel):
    items: list[EventRead]
    next_after: int = Field(
        description="Pass as `after` to read on; equals `after` when caught up."
    )


def _schools_of_districts(scope: Scope) -> Select[uuid.UUID]:
    return select(School.id).where(School.district_id.in_(scope.district_ids))


def _in_places(scope: Scope) -> ColumnElement[bool]:
    """Places an event names beyond its row's own (each school of a multi-school agreement,
    the district of a district-wide one), so everyone who sees the record sees its events."""
    conditions: list[ColumnElement[bool]] = []
    if scope.district_ids:
        conditions += [
            EventPlace.district_id.in_(scope.district_ids),
            EventPlace.school_id.in_(_schools_of_districts(scope)),
        ]
    if scope.school_ids:
        districts = select(School.district_id).where(School.id.in_(scope.school_ids))
        conditions += [
            EventPlace.school_id.in_(scope.school_ids),
            # No school named: every school of the district, but not its office.
            and_(
                EventPlace.school_id.is_(None),
                EventPlace.district_office.is_(False),
                EventPlace.district_id.in_(districts),
            ),
        ]
    if scope.partner_ids:
        conditions.append(EventPlace.partner_id.in_(scope.partner_ids))
    if not conditions:
        return false()
    return Event.seq.in_(select(EventPlace.seq).where(or_(*conditions)))


def _visible(scope: Scope) -> Any:
    if scope.everything:
        return None
    conditions = [
        Event.district_id.in_(scope.district_ids),
        Event.school_id.in_(scope.school_ids),
        Event.partner_id.in_(scope.partner_ids),
        _in_places(scope),
    ]
    if scope.district_ids:
        # What is placed by school alone (a role assignment names no district) belongs to
        # the school's district too.
        conditions.append(Event.school_id.in_(_schools_of_districts(scope)))
    # Whoever sees a person sees all their events, the creation too (it comes before any
    # role places them); their places keep the events, a delete's too, where they were.
    conditions.append(
        and_(
            Event.resource == PEOPLE,
            Event.resource_id.in_(
                select(RoleAssignment.person_id).where(assignments_in_scope(scope))
            ),
        )
    )
    return or_(*conditions)


@router.get("/events", response_model=EventPage)
async def list_events(
    request: Request,
    session: Session,
    scope: CallerScope,
    after: Annotated[
        int, Query(ge=0, description="Return events with a greater sequence number.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    resource: Annotated[
        list[str] | None, Query(description="e.g. `schools`; repeat for any of.")
    ] = None,
) -> Response:
    """Events in commit order, for polling deltas: every create, update and delete in your scope."""
    columns = [
        Event.seq,
        Event.occurred_at,
        Event.actor,
        Event.resource,
        Event.resource_id,
        Event.operation,
        Event.version,
    ]
    if scope.everything:
        columns.append(Event.changes)
    stmt = select(*columns).where(Event.seq > after)
    visible = _visible(scope)
    if visible is not None:
        stmt = stmt.where(visible)
    if resource:
        stmt = stmt.where(Event.resource.in_(resource))
    rows = (await session.execute(stmt.order_by(Event.seq).limit(limit))).mappings().all()
    items = [dict(row) for row in rows]
    next_after = items[-1]["seq"] if items else after
    headers = {}
    if len(items) == limit:
        headers["Link"] = f'<{request.url.include_query_params(after=next_after)}>; rel="next"'
    return FastJSONResponse({"items": items, "next_after": next_after}, headers=headers)
