import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.http import BulkRequest, record_response
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import Upsert, created_response, if_match, no_content
from api.core.schemas import BulkResult
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.routes.programs import WRITES
from api.mentoring.schemas.matches import MatchCreate, MatchRead, MatchUpdate, MatchUpsert
from api.mentoring.service import match_rows
from api.mentoring.service import matches as service
from api.mentoring.vocabulary import Health, MatchStatus

router = APIRouter(prefix="/mentoring/matches", route_class=TransactionalRoute)
COLUMNS = [name for name in MatchRead.model_fields if name not in service.DERIVED[1:]]


Filters = filter_params(
    service.MatchFilters,
    program_id=Annotated[list[uuid.UUID] | None, Query()],
    status=Annotated[list[MatchStatus] | None, Query()],
    mentor_id=Annotated[list[uuid.UUID] | None, Query()],
    mentee_id=Annotated[list[uuid.UUID] | None, Query()],
    health=Annotated[list[Health] | None, Query(description="Active pairs only.")],
    updated_since=UpdatedSince,
)


MatchList = Annotated[
    Listing[service.MatchFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[MatchRead], **LIST_CSV)
async def list_matches(session: Session, scope: CallerScope, listing: MatchList) -> Response:
    """Matches with their pair health, in the programmes you run or your own.
    Sortable by `created_at`, `updated_at`."""
    matches = service.listed(scope, listing.filters, dt.date.today())
    return await listing.answer(session, matches, COLUMNS, "mentoring-matches.csv")


@router.post("", response_model=MatchRead, **WRITES.create)
async def create_match(
    request: Request, session: Session, scope: WriteScope, body: MatchCreate
) -> Response:
    """Pair a mentor with a mentee of the same programme (or accept a match suggestion
    with its score). Refused: a mentee with an open match, a mentor at capacity (their
    `capacity`, else the programme's target caseload), one person on both sides, the
    mentee's own supervisor as mentor."""
    today = dt.date.today()
    match = await service.create_match(session, scope, body, today)
    read = await service.read_match(session, match.id, today)
    return created_response(request, read, "get_match", composite=True, match_id=match.id)


@router.post("/bulk", response_model=BulkResult, **WRITES.write)
async def bulk_upsert_matches(
    scope: WriteScope, body: BulkRequest[MatchUpsert], upsert: Upsert
) -> BulkResult:
    """Create or update up to 5,000 matches, matched by `id`, then `external_id`. A row
    may record a completed or ended_early match (history); open ones keep the rules of
    one open match per mentee and mentors within capacity, counting the rows before."""
    return await upsert(body, match_rows.MatchRows(scope, dt.date.today()))


@router.get("/{match_id:uuid}", response_model=MatchRead, **READ)
async def get_match(
    request: Request, session: Session, scope: CallerScope, match_id: uuid.UUID
) -> Response:
    """One match with its pair health (the ETag covers the health, which changes with the date)."""
    match = await service.get_match(session, scope, match_id)
    body = await service.read_match(session, match.id, dt.date.today())
    return record_response(request, body, composite=True)


@router.patch("/{match_id:uuid}", response_model=MatchRead, **WRITES.change)
async def update_match(
    request: Request,
    session: Session,
    scope: WriteScope,
    match_id: uuid.UUID,
    body: MatchUpdate,
) -> Response:
    """Change a match with a JSON merge patch; send `If-Match`. A status change that the
    lifecycle does not allow is a 409 naming the statuses it allows."""
    today = dt.date.today()
    match = if_match(request, await service.get_writable_match(session, scope, match_id))
    await service.update_match(session, scope, match, body, today)
    return record_response(
        request, await service.read_match(session, match.id, today), composite=True
    )


@router.delete("/{match_id:uuid}", **WRITES.delete)
async def delete_match(
    request: Request, session: Session, scope: WriteScope, match_id: uuid.UUID
) -> Response:
    """Delete a match made in error, with its check-ins."""
    match = if_match(request, await service.get_writable_match(session, scope, match_id))
    await service.delete_match(session, match)
    return no_content()
