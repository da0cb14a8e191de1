import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.http import fields_of
from api.core.listing import Listing, list_params, no_filters
from api.core.pagination import Page
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import created_response, if_match, no_content, read_response
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.routes.programs import WRITES
from api.mentoring.schemas.check_ins import CheckInCreate, CheckInRead, CheckInUpdate
from api.mentoring.service import check_ins as service
from api.mentoring.service import matches

router = APIRouter(
    prefix="/mentoring/matches/{match_id:uuid}/check-ins", route_class=TransactionalRoute
)
COLUMNS = list(CheckInRead.model_fields)
CheckInList = Annotated[Listing[None], Depends(list_params(no_filters, service.SORTABLE))]


@router.get("", response_model=Page[CheckInRead], **LIST_CSV)
async def list_check_ins(
    session: Session, scope: CallerScope, match_id: uuid.UUID, listing: CheckInList
) -> Response:
    """The match's check-ins, latest first. Sortable by `held_on`, `created_at`, `updated_at`."""
    match = await matches.get_match(session, scope, match_id)
    return await listing.answer(session, service.listed(match), COLUMNS, "mentoring-check-ins.csv")


@router.post("", response_model=CheckInRead, **WRITES.create)
async def create_check_in(
    request: Request,
    session: Session,
    scope: WriteScope,
    match_id: uuid.UUID,
    body: CheckInCreate,
) -> Response:
    """Log a check-in (coaching session): either of the pair, or the staff running the
    programme. Not on a proposed match (409), nor before it started (422 on `held_on`)."""
    match = await matches.get_loggable_match(session, scope, match_id)
    check_in = await service.create_check_in(session, scope, match, body, dt.date.today())
    read = fields_of(check_in, CheckInRead)
    return created_response(
        request, read, "get_check_in", match_id=match_id, check_in_id=check_in.id
    )


@router.get("/{check_in_id:uuid}", response_model=CheckInRead, **READ)
async def get_check_in(
    request: Request,
    session: Session,
    scope: CallerScope,
    match_id: uuid.UUID,
    check_in_id: uuid.UUID,
) -> Response:
    """One check-in."""
    match = await matches.get_match(session, scope, match_id)
    check_in = await service.get_check_in(session, match, check_in_id)
    return read_response(request, check_in, CheckInRead)


@router.patch("/{check_in_id:uuid}", response_model=CheckInRead, **WRITES.change)
async def update_check_in(
    request: Request,
    session: Session,
    scope: WriteScope,
    match_id: uuid.UUID,
    check_in_id: uuid.UUID,
    body: CheckInUpdate,
) -> Response:
    """Change a check-in with a JSON merge patch; send `If-Match`."""
    match = await matches.get_loggable_match(session, scope, match_id)
    check_in = if_match(request, await service.get_check_in(session, match, check_in_id))
    await service.update_check_in(session, scope, match, check_in, body, dt.date.today())
    return read_response(request, check_in, CheckInRead)


@router.delete("/{check_in_id:uuid}", **WRITES.delete)
async def delete_check_in(
    request: Request,
    session: Session,
    scope: WriteScope,
    match_id: uuid.UUID,
    check_in_id: uuid.UUID,
) -> Response:
    """Delete a check-in logged in error; the match's count and last date follow."""
    match = await matches.get_loggable_match(session, scope, match_id)
    check_in = if_match(request, await service.get_check_in(session, match, check_in_id))
    await service.delete_check_in(session, match, check_in)
    return no_content()
