import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.http import record_response
from api.core.listing import Listing, list_params, no_filters
from api.core.pagination import Page
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import created_response, if_match, no_content
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.routes.programs import WRITES
from api.mentoring.schemas.program_schools import (
    ProgramSchoolCreate,
    ProgramSchoolRead,
    ProgramSchoolUpdate,
)
from api.mentoring.service import program_schools as service
from api.mentoring.service import programs

router = APIRouter(
    prefix="/mentoring/programs/{program_id:uuid}/schools", route_class=TransactionalRoute
)
COLUMNS = list(ProgramSchoolRead.model_fields)
TierList = Annotated[Listing[None], Depends(list_params(no_filters, service.SORTABLE))]


@router.get("", response_model=Page[ProgramSchoolRead], **LIST_CSV)
async def list_program_schools(
    session: Session, scope: CallerScope, program_id: uuid.UUID, listing: TierList
) -> Response:
    """The programme's schools with their support tier and the cadence and caseload weight
    it sets. Sortable by `tier`, `created_at`, `updated_at`."""
    program = await programs.get_program(session, scope, program_id)
    tiers = service.listed(program.id)
    return await listing.answer(session, tiers, COLUMNS, "mentoring-program-schools.csv")


@router.post("", response_model=ProgramSchoolRead, **WRITES.create)
async def create_program_school(
    request: Request,
    session: Session,
    scope: WriteScope,
    program_id: uuid.UUID,
    body: ProgramSchoolCreate,
) -> Response:
    """Give a school a support tier (`intensive`, `targeted`, `universal`), set by its needs."""
    program = await programs.get_writable_program(session, scope, program_id)
    tier = await service.create_tier(session, scope, program, body)
    return created_response(
        request,
        await service.read_tier(session, tier),
        "get_program_school",
        program_id=program_id,
        school_id=tier.school_id,
    )


@router.get("/{school_id:uuid}", response_model=ProgramSchoolRead, **READ)
async def get_program_school(
    request: Request,
    session: Session,
    scope: CallerScope,
    program_id: uuid.UUID,
    school_id: uuid.UUID,
) -> Response:
    """One school's support tier in the programme."""
    program = await programs.get_program(session, scope, program_id)
    tier = await service.get_tier(session, program, school_id)
    return record_response(request, await service.read_tier(session, tier))


@router.patch("/{school_id:uuid}", response_model=ProgramSchoolRead, **WRITES.change)
async def update_program_school(
    request: Request,
    session: Session,
    scope: WriteScope,
    program_id: uuid.UUID,
    school_id: uuid.UUID,
    body: ProgramSchoolUpdate,
) -> Response:
    """Change a school's tier, needs or overrides with a JSON merge patch; send `If-Match`."""
    program = await programs.get_writable_program(session, scope, program_id)
    tier = if_match(request, await service.get_tier(session, program, school_id))
    await service.update_tier(session, tier, body)
    return record_response(request, await service.read_tier(session, tier))


@router.delete("/{school_id:uuid}", **WRITES.delete)
async def delete_program_school(
    request: Request,
    session: Session,
    scope: WriteScope,
    program_id: uuid.UUID,
    school_id: uuid.UUID,
) -> Response:
    """Remove a school's tier: its people go back to the programme's cadence."""
    program = await programs.get_writable_program(session, scope, program_id)
    tier = if_match(request, await service.get_tier(session, program, school_id))
    await service.delete_tier(session, tier)
    return no_content()
