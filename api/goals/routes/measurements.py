import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope
from api.core.http import fields_of, page_response
from api.core.listing import filter_params
from api.core.pagination import Page, PageParams, page_params_sorted_by
from api.core.route_kinds import READ
from api.core.routes import created_response, if_match, no_content, read_response
from api.core.schemas import QueryDate
from api.core.transactions import Session, TransactionalRoute
from api.goals.routes.measurement_params import WRITES, GoalSetterScope
from api.goals.schemas.measurements import MeasurementCreate, MeasurementRead, MeasurementUpdate
from api.goals.service import measurements as service

router = APIRouter(prefix="/goals/{goal_id:uuid}/measurements", route_class=TransactionalRoute)


measurement_filters = filter_params(
    service.MeasurementFilters,
    measured_from=Annotated[QueryDate | None, Query(description="On or after this date.")],
    measured_to=Annotated[QueryDate | None, Query(description="On or before this date.")],
)
Filters = Annotated[service.MeasurementFilters, Depends(measurement_filters)]


PageQuery = Annotated[PageParams, Depends(page_params_sorted_by(service.SORTABLE))]


@router.get("", response_model=Page[MeasurementRead])
async def list_measurements(
    request: Request,
    session: Session,
    scope: CallerScope,
    goal_id: uuid.UUID,
    filters: Filters,
    page: PageQuery,
) -> Response:
    """The goal's readings, oldest first. Sortable by `measured_on`, `created_at`, `updated_at`."""
    goal = await service.get_goal(session, scope, goal_id)
    return page_response(request, await service.list_measurements(session, goal, filters, page))


@router.post("", response_model=MeasurementRead, **WRITES.create)
async def create_measurement(
    request: Request,
    session: Session,
    scope: GoalSetterScope,
    goal_id: uuid.UUID,
    body: MeasurementCreate,
) -> Response:
    """Record a reading of the goal's metric.

    The goal's `latest` and `last_measured_on` follow at once (the reading with the
    latest date; of two on one date, the one recorded last); the goal's own version
    does not change. A dropped goal takes no readings (409), and a goal has one
    reading per date and source (409).
    """
    goal = await service.get_writable_goal(session, scope, goal_id)
    measurement = await service.create_measurement(session, goal, body)
    read = fields_of(measurement, MeasurementRead)
    return created_response(
        request, read, "get_measurement", goal_id=goal_id, measurement_id=measurement.id
    )


@router.get("/{measurement_id:uuid}", response_model=MeasurementRead, **READ)
async def get_measurement(
    request: Request,
    session: Session,
    scope: CallerScope,
    goal_id: uuid.UUID,
    measurement_id: uuid.UUID,
) -> Response:
    """One reading."""
    goal = await service.get_goal(session, scope, goal_id)
    measurement = await service.get_measurement(session, goal, measurement_id)
    return read_response(request, measurement, MeasurementRead)


@router.patch("/{measurement_id:uuid}", response_model=MeasurementRead, **WRITES.change)
async def update_measurement(
    request: Request,
    session: Session,
    scope: GoalSetterScope,
    goal_id: uuid.UUID,
    measurement_id: uuid.UUID,
    body: MeasurementUpdate,
) -> Response:
    """Correct a reading with a JSON merge patch; send `If-Match`. The goal's latest
    reading follows."""
    goal = await service.get_writable_goal(session, scope, goal_id)
    measurement = await service.get_measurement(session, goal, measurement_id)
    await service.update_measurement(session, goal, if_match(request, measurement), body)
    return read_response(request, measurement, MeasurementRead)


@router.delete("/{measurement_id:uuid}", **WRITES.delete)
async def delete_measurement(
    request: Request,
    session: Session,
    scope: GoalSetterScope,
    goal_id: uuid.UUID,
    measurement_id: uuid.UUID,
) -> Response:
    """Delete a reading recorded in error; the goal's latest reading falls back to the one
    before it. The event log keeps a tombstone."""
    goal = await service.get_writable_goal(session, scope, goal_id)
    measurement = await service.get_measurement(session, goal, measurement_id)
    await service.delete_measurement(session, goal, if_match(request, measurement))
    return no_content()
