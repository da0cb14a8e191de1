import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.auth.deps import CallerScope
from api.core.responses import FastJSONResponse
from api.core.transactions import Session, TransactionalRoute
from api.goals.routes.school_year import SchoolYearQuery, school_year_or_current
from api.goals.schemas.coverage import AlignmentMetrics
from api.goals.service import coverage as service

router = APIRouter(prefix="/metrics", route_class=TransactionalRoute)


@router.get(
    "/alignment",
    response_model=AlignmentMetrics,
    responses={404: {"description": "The school or district is outside your scope."}},
)
async def get_alignment_metrics(
    session: Session,
    scope: CallerScope,
    school_year: SchoolYearQuery = None,
    school_id: Annotated[uuid.UUID | None, Query(description="One school's goals.")] = None,
    district_id: Annotated[
        uuid.UUID | None, Query(description="One district's goals, its schools' and its own.")
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=500, description="Most gaps and unaligned agreements listed.")
    ] = 50,
    suggestions: Annotated[
        int, Query(ge=0, le=20, description="Most partners suggested per gap.")
    ] = 5,
) -> Response:
    """Goal coverage for one school year: per area, the goals, the active ones, those with
    an active aligned agreement, and the gaps (active goals with none), each gap with the
    partners suggested for it and why; and the active agreements supporting no goal.

    Name a school or a district (both: that school, if it is in that district), or
    neither for everything in your scope.
    """
    today = dt.date.today()
    filters = service.CoverageFilters(
        school_year_or_current(school_year, today), school_id, district_id
    )
    body = await service.alignment_metrics(session, scope, filters, today, limit, suggestions)
    return FastJSONResponse(body)
