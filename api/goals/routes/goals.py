import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, CurrentPrincipal
from api.core.http import BulkRequest, record_response
from api.core.listing import Listing, filter_params, list_params
from api.core.openapi import answers
from api.core.pagination import Page
from api.core.params import UpdatedSince
from api.core.route_kinds import LIST_CSV, READ, writes
from api.core.routes import Upsert, created_response, if_match, no_content
from api.core.schemas import BulkResult
from api.core.scope import Scope
from api.core.transactions import Session, TransactionalRoute
from api.directory.schemas import ExternalId
from api.goals.schemas.goals import GoalCreate, GoalRead, GoalUpdate, GoalUpsert, SchoolYear
from api.goals.service import goals as service
from api.goals.service.goal_rules import require_goal_setter
from api.goals.vocabulary import GoalArea, GoalStatus

router = APIRouter(prefix="/goals", route_class=TransactionalRoute)
RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such goal in your scope."},
    403: {"description": "Your role may read this goal but not change it."},
}
WRITES = writes(RESPONSES_WRITE)


@answers(403)
async def goal_setter(principal: CurrentPrincipal) -> Scope:
    """School and district staff (and administrators) set goals; partners and viewers read."""
    require_goal_setter(principal.scope)
    return principal.scope


GoalSetter = Annotated[Scope, Depends(goal_setter)]


Filters = filter_params(
    service.GoalFilters,
    school_id=Annotated[list[uuid.UUID] | None, Query(description="Repeat for any of.")],
    district_id=Annotated[
        list[uuid.UUID] | None, Query(description="School and district goals of the district.")
    ],
    school_year=Annotated[list[SchoolYear] | None, Query()],
    area=Annotated[list[GoalArea] | None, Query()],
    status=Annotated[list[GoalStatus] | None, Query()],
    on_track=Annotated[
        bool | None,
        Query(description="true: at or beyond the line; false: short of it (null is neither)."),
    ],
    covered=Annotated[
        bool | None, Query(description="true: aligned to at least one agreement active today.")
    ],
    external_id=Annotated[list[ExternalId] | None, Query()],
    q=Annotated[str | None, Query(min_length=1, max_length=200, description="Search the title.")],
    updated_since=UpdatedSince,
)


GoalList = Annotated[Listing[service.GoalFilters], Depends(list_params(Filters, service.SORTABLE))]


@router.get("", response_model=Page[GoalRead], **LIST_CSV)
async def list_goals(session: Session, scope: CallerScope, listing: GoalList) -> Response:
    """Goals in your scope, each with its progress and on-track figures.

    Sortable by `school_year,title` (the default), `area`, `status`, `created_at`,
    `updated_at`. With `Accept: text/csv` (or `format=csv`) the whole filtered list
    streams as CSV, progress and on-track included.
    """
    goals = service.listed(scope, listing.filters, dt.date.today())
    return await listing.answer(session, goals, service.CSV_COLUMNS, "goals.csv")


@router.post("", response_model=GoalRead, **WRITES.create)
async def create_goal(
    request: Request, session: Session, scope: GoalSetter, body: GoalCreate
) -> Response:
    """Set a school's goal for a school year, or with no school a district's.

    The school (or district) must be yours and the owner someone you can see;
    otherwise 422 names the field, as it does a target date before the baseline date.
    """
    goal = await service.create_goal(session, scope, body)
    read = service.record_body(goal, dt.date.today())
    return created_response(request, read, "get_goal", composite=True, goal_id=goal.id)


@router.post("/bulk", response_model=BulkResult, **WRITES.write)
async def bulk_upsert_goals(
    scope: GoalSetter, body: BulkRequest[GoalUpsert], upsert: Upsert
) -> BulkResult:
    """Create or update up to 5,000 goals, matched by `id`, then `external_id`.

    Each row is answered on its own; with `atomic=true` one failed row writes nothing (422).
    """
    return await upsert(body, service.GoalRows(scope))


@router.get("/{goal_id:uuid}", response_model=GoalRead, **READ)
async def get_goal(
    request: Request, session: Session, scope: CallerScope, goal_id: uuid.UUID
) -> Response:
    """One goal with its derived figures.

    Its ETag covers the whole body: the figures change with today's date and with new
    readings while the version stays, so `If-None-Match` answers 304 only for the very
    same body; `If-Match` on writes compares the version before the dot.
    """
    goal = await service.get_goal(session, scope, goal_id)
    return record_response(request, service.record_body(goal, dt.date.today()), composite=True)


@router.patch("/{goal_id:uuid}", response_model=GoalRead, **WRITES.change)
async def update_goal(
    request: Request, session: Session, scope: GoalSetter, goal_id: uuid.UUID, body: GoalUpdate
) -> Response:
    """Change a goal with a JSON merge patch; send `If-Match`.

    A new `school_id` brings its district; `school_id: null` makes it a district goal.
    """
    goal = if_match(request, await service.get_writable_goal(session, scope, goal_id))
    await service.update_goal(session, scope, goal, body)
    return record_response(request, service.record_body(goal, dt.date.today()), composite=True)


@router.delete("/{goal_id:uuid}", **WRITES.delete)
async def delete_goal(
    request: Request, session: Session, scope: GoalSetter, goal_id: uuid.UUID
) -> Response:
    """Delete a goal entered in error, with its readings and alignments; the event log keeps
    a tombstone of each. A goal given up on is better kept with status `dropped`."""
    goal = if_match(request, await service.get_writable_goal(session, scope, goal_id))
    await service.delete_goal(session, goal)
    return no_content()
