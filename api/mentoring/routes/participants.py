import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.http import BulkRequest
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import Upsert, created_record, if_match, no_content, read_response
from api.core.schemas import BulkResult
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.routes.programs import WRITES
from api.mentoring.schemas.participants import (
    ParticipantCreate,
    ParticipantRead,
    ParticipantUpdate,
    ParticipantUpsert,
)
from api.mentoring.service import participants as service
from api.mentoring.vocabulary import ParticipantRole

router = APIRouter(prefix="/mentoring/participants", route_class=TransactionalRoute)
COLUMNS = list(ParticipantRead.model_fields)


Filters = filter_params(
    service.ParticipantFilters,
    program_id=Annotated[list[uuid.UUID] | None, Query()],
    role=Annotated[list[ParticipantRole] | None, Query()],
    school_id=Annotated[list[uuid.UUID] | None, Query()],
    district_id=Annotated[list[uuid.UUID] | None, Query()],
    person_id=Annotated[list[uuid.UUID] | None, Query()],
    active=Annotated[
        bool | None, Query(description="true: not left (or leaving later); false: left.")
    ],
    updated_since=UpdatedSince,
)


ParticipantList = Annotated[
    Listing[service.ParticipantFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[ParticipantRead], **LIST_CSV)
async def list_participants(
    session: Session, scope: CallerScope, listing: ParticipantList
) -> Response:
    """Participants of the programmes you run, or yourself and your match partners.
    Sortable by `enrolled_on`, `created_at`, `updated_at`."""
    participants = service.listed(scope, listing.filters)
    return await listing.answer(session, participants, COLUMNS, "mentoring-participants.csv")


@router.post("", response_model=ParticipantRead, **WRITES.create)
async def create_participant(
    request: Request, session: Session, scope: WriteScope, body: ParticipantCreate
) -> Response:
    """Enrol a person as mentor (coach) or mentee (coachee). Without `school_id` and
    `district_id` they come from the person's current role assignment."""
    participant = await service.create_participant(session, scope, body, dt.date.today())
    return created_record(
        request, participant, ParticipantRead, "get_participant", participant_id=participant.id
    )


@router.post("/bulk", response_model=BulkResult, **WRITES.write)
async def bulk_upsert_participants(
    scope: WriteScope, body: BulkRequest[ParticipantUpsert], upsert: Upsert
) -> BulkResult:
    """Create or update up to 5,000 participants, matched by `id`, then `external_id`."""
    return await upsert(body, service.ParticipantRows(scope, dt.date.today()))


@router.get("/{participant_id:uuid}", response_model=ParticipantRead, **READ)
async def get_participant(
    request: Request, session: Session, scope: CallerScope, participant_id: uuid.UUID
) -> Response:
    """One participant."""
    participant = await service.get_participant(session, scope, participant_id)
    return read_response(request, participant, ParticipantRead)


@router.patch("/{participant_id:uuid}", response_model=ParticipantRead, **WRITES.change)
async def update_participant(
    request: Request,
    session: Session,
    scope: WriteScope,
    participant_id: uuid.UUID,
    body: ParticipantUpdate,
) -> Response:
    """Change a participant with a JSON merge patch; send `If-Match`."""
    participant = await service.get_writable_participant(session, scope, participant_id)
    await service.update_participant(session, scope, if_match(request, participant), body)
    return read_response(request, participant, ParticipantRead)


@router.delete("/{participant_id:uuid}", **WRITES.delete)
async def delete_participant(
    request: Request, session: Session, scope: WriteScope, participant_id: uuid.UUID
) -> Response:
    """Delete an enrolment made in error (one with matches: set `left_on` instead)."""
    participant = await service.get_writable_participant(session, scope, participant_id)
    await service.delete_participant(session, if_match(request, participant))
    return no_content()
