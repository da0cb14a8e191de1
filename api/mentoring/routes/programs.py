import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import Q, UpdatedSince
from api.core.route_kinds import LIST_CSV, READ, writes
from api.core.routes import created_record, if_match, no_content, read_response
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.schemas.programs import ProgramCreate, ProgramRead, ProgramUpdate
from api.mentoring.service import programs as service
from api.mentoring.vocabulary import ProgramKind, ProgramStatus

router = APIRouter(prefix="/mentoring/programs", route_class=TransactionalRoute)
COLUMNS = list(ProgramRead.model_fields)
RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record in your scope."},
    403: {"description": "Your role may read this but not change it."},
    409: {"description": "Conflicts with another record or the lifecycle."},
}
WRITES = writes(RESPONSES_WRITE)


Filters = filter_params(
    service.ProgramFilters,
    kind=Annotated[list[ProgramKind] | None, Query()],
    status=Annotated[list[ProgramStatus] | None, Query()],
    district_id=Annotated[list[uuid.UUID] | None, Query()],
    q=Q,
    updated_since=UpdatedSince,
)


ProgramList = Annotated[
    Listing[service.ProgramFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[ProgramRead], **LIST_CSV)
async def list_programs(session: Session, scope: CallerScope, listing: ProgramList) -> Response:
    """Mentoring and coaching programmes touching your schools, or that you take part in.
    Sortable by `name`, `start_date`, `created_at`, `updated_at`."""
    programs = service.listed(scope, listing.filters)
    return await listing.answer(session, programs, COLUMNS, "mentoring-programs.csv")


@router.post("", response_model=ProgramRead, **WRITES.create)
async def create_program(
    request: Request, session: Session, scope: WriteScope, body: ProgramCreate
) -> Response:
    """Start a programme (district managers for their district, or administrators)."""
    program = await service.create_program(session, scope, body)
    return created_record(request, program, ProgramRead, "get_program", program_id=program.id)


@router.get("/{program_id:uuid}", response_model=ProgramRead, **READ)
async def get_program(
    request: Request, session: Session, scope: CallerScope, program_id: uuid.UUID
) -> Response:
    """One programme."""
    program = await service.get_program(session, scope, program_id)
    return read_response(request, program, ProgramRead)


@router.patch("/{program_id:uuid}", response_model=ProgramRead, **WRITES.change)
async def update_program(
    request: Request,
    session: Session,
    scope: WriteScope,
    program_id: uuid.UUID,
    body: ProgramUpdate,
) -> Response:
    """Change a programme with a JSON merge patch; send `If-Match`."""
    program = await service.get_writable_program(session, scope, program_id)
    await service.update_program(session, scope, if_match(request, program), body)
    return read_response(request, program, ProgramRead)


@router.delete("/{program_id:uuid}", **WRITES.delete)
async def delete_program(
    request: Request, session: Session, scope: WriteScope, program_id: uuid.UUID
) -> Response:
    """Delete a programme nobody is enrolled in (close one that ran instead)."""
    program = await service.get_writable_program(session, scope, program_id)
    await service.delete_program(session, if_match(request, program))
    return no_content()
