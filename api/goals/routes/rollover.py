import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.auth.deps import WriteScope
from api.core.transactions import Session, TransactionalRoute
from api.goals.routes.school_year import checked_school_year
from api.goals.schemas.rollover import RolloverResult
from api.goals.service import rollover as service
from api.goals.vocabulary import SCHOOL_YEAR_PATTERN

router = APIRouter(route_class=TransactionalRoute)

FromYear = Annotated[
    str,
    Query(
        pattern=SCHOOL_YEAR_PATTERN,
        max_length=7,
        description="The year whose unfinished goals continue into the next, e.g. `2026-27`.",
        examples=["2026-27"],
    ),
]
DryRun = Annotated[bool, Query(description="List what would be created; write nothing.")]
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only school and district staff roll goals over."}
}


@router.post(
    "/schools/{school_id:uuid}/rollover", response_model=RolloverResult, responses=RESPONSES
)
async def roll_over_school_goals(
    session: Session,
    scope: WriteScope,
    school_id: uuid.UUID,
    school_year: FromYear,
    dry_run: DryRun = False,
) -> RolloverResult:
    """Copy the school's unfinished goals (draft or active) of `school_year` into the next
    year as drafts, baseline = latest reading, target date a year on, with the alignments
    of agreements still active when that year starts. Running it again creates nothing."""
    plan = service.Rollover(checked_school_year(school_year, followed=True), dry_run)
    return RolloverResult.model_validate(
        await service.roll_over_school(session, scope, school_id, plan)
    )


@router.post(
    "/districts/{district_id:uuid}/rollover", response_model=RolloverResult, responses=RESPONSES
)
async def roll_over_district_goals(
    session: Session,
    scope: WriteScope,
    district_id: uuid.UUID,
    school_year: FromYear,
    dry_run: DryRun = False,
) -> RolloverResult:
    """Like the school rollover, for the district's own goals and its schools' goals
    (those you may set)."""
    plan = service.Rollover(checked_school_year(school_year, followed=True), dry_run)
    return RolloverResult.model_validate(
        await service.roll_over_district(session, scope, district_id, plan)
    )
