import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from api.auth.deps import CallerScope
from api.core.responses import FastJSONResponse
from api.core.schemas import QueryDate
from api.core.transactions import Session, TransactionalRoute
from api.directory.vocabulary import LocaleType, SchoolLevel, StaffRole
from api.mentoring.schemas.impact import MentoringImpact
from api.mentoring.service import impact as service
from api.mentoring.service.impact_scope import ImpactFilters

router = APIRouter(prefix="/metrics", route_class=TransactionalRoute)


async def impact_filters(
    program_id: Annotated[
        list[uuid.UUID] | None, Query(description="Programme; repeat for any of.")
    ] = None,
    district_id: Annotated[
        list[uuid.UUID] | None, Query(description="District the participant works in.")
    ] = None,
    school_level: Annotated[
        list[SchoolLevel] | None, Query(description="The participant's school level.")
    ] = None,
    locale_type: Annotated[
        list[LocaleType] | None, Query(description="The participant's school's locale type.")
    ] = None,
    role: Annotated[
        list[StaffRole] | None,
        Query(description="The participant's staff role (principal, teacher, ...)."),
    ] = None,
) -> ImpactFilters:
    return ImpactFilters(
        program_id=program_id or (),
        district_id=district_id or (),
        school_level=school_level or (),
        locale_type=locale_type or (),
        role=role or (),
    )


Filters = Annotated[ImpactFilters, Depends(impact_filters)]


@router.get("/mentoring", response_model=MentoringImpact)
async def get_mentoring_impact(
    session: Session,
    scope: CallerScope,
    filters: Filters,
    start: Annotated[
        QueryDate | None,
        Query(alias="from", description="First day of the period; default a year before `to`."),
    ] = None,
    end: Annotated[
        QueryDate | None,
        Query(alias="to", description="Last day of the period; default (and at most) today."),
    ] = None,
) -> Response:
    """The impact of the mentoring and coaching programmes you see, as a pyramid of outcomes.

    1. participation: enrolled, active matches, check-ins per match per month, cadence
       adherence, caseload against target;
    2. satisfaction: per survey item (outcome level `satisfaction`), mean with n and
       response rate;
    3. growth: pre/post self-assessment change per survey (items of level `growth`);
    4. performance: pre/post review change per rubric dimension;
    5. results: 12-month retention of mentees against comparable staff who were not
       mentored, with the difference and its 95% interval.

    Filters narrow the participants counted. Every figure carries its `n` and its
    `method`; below n = 5 its value is null with a `withheld_reason`, so no one reads a
    trend into two people. Growth, performance and retention speak of mentees (coachees).
    """
    body = await service.impact_metrics(session, scope, filters, start, end, dt.date.today())
    return FastJSONResponse(body)
