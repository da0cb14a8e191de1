import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from api.auth.deps import CallerScope
from api.core.responses import FastJSONResponse
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.schemas.caseloads import CaseloadReport
from api.mentoring.service import caseloads as service

router = APIRouter(prefix="/mentoring/caseloads", route_class=TransactionalRoute)


async def caseload_filters(
    program_id: Annotated[
        list[uuid.UUID] | None, Query(description="Only these programmes; repeat for any of.")
    ] = None,
    district_id: Annotated[
        list[uuid.UUID] | None,
        Query(description="Mentors working in, or in a programme run by, these districts."),
    ] = None,
    over_capacity: Annotated[bool | None, Query(description="Only those over (or not).")] = None,
) -> service.CaseloadFilters:
    return service.CaseloadFilters(
        program_id=program_id, district_id=district_id, over_capacity=over_capacity
    )


Filters = Annotated[service.CaseloadFilters, Depends(caseload_filters)]


@router.get("", response_model=CaseloadReport)
async def get_caseloads(
    session: Session,
    scope: CallerScope,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most mentors listed.")] = 500,
) -> Response:
    """Each mentor's or coach's caseload against capacity and the programme's target.

    One row per mentor in a programme (across programmes when `program_id` is not
    given): open matches, the caseload weighted by the support tier of each mentee's
    school, the schools served and their tiers, and alerts (over capacity, above the
    target, left with open matches). Staff see the programmes they run; a mentor or
    coach signed in sees their own.
    """
    body = await service.caseloads(session, scope, filters, limit, dt.date.today())
    return FastJSONResponse(body)
