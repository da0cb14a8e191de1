import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.http import record_response
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import Q, UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import created_response, if_match, no_content
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.routes.feedback_params import WRITES
from api.mentoring.schemas.surveys import SurveyCreate, SurveyRead, SurveyUpdate
from api.mentoring.service import surveys as service

router = APIRouter(prefix="/mentoring/surveys", route_class=TransactionalRoute)


Filters = filter_params(
    service.SurveyFilters,
    program_id=Annotated[list[uuid.UUID] | None, Query(description="Repeat for any of.")],
    shared=Annotated[bool | None, Query(description="`true`: instruments of no programme only.")],
    q=Q,
    updated_since=UpdatedSince,
)


SurveyList = Annotated[
    Listing[service.SurveyFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[SurveyRead], **LIST_CSV)
async def list_surveys(session: Session, scope: CallerScope, listing: SurveyList) -> Response:
    """Survey instruments you reach, with their items. Sortable by `name`, `created_at`,
    `updated_at`; as CSV, one row per survey with its item count."""
    surveys = service.listed(session, scope, listing.filters)
    return await listing.answer(session, surveys, service.CSV_COLUMNS, "surveys.csv")


@router.post("", response_model=SurveyRead, **WRITES.create)
async def create_survey(
    request: Request, session: Session, scope: WriteScope, body: SurveyCreate
) -> Response:
    """Add an instrument with its items (1-5 scale, each tagged with its outcome level).

    A programme's staff make its instruments; administrators make those of no programme.
    """
    survey = await service.create_survey(session, scope, body)
    read = await service.read_survey(session, scope, survey.id)
    return created_response(request, read, "get_survey", survey_id=survey.id)


@router.get("/{survey_id:uuid}", response_model=SurveyRead, **READ)
async def get_survey(
    request: Request, session: Session, scope: CallerScope, survey_id: uuid.UUID
) -> Response:
    """One instrument with its items in order."""
    return record_response(request, await service.read_survey(session, scope, survey_id))


@router.patch("/{survey_id:uuid}", response_model=SurveyRead, **WRITES.change)
async def update_survey(
    request: Request,
    session: Session,
    scope: WriteScope,
    survey_id: uuid.UUID,
    body: SurveyUpdate,
) -> Response:
    """Change an instrument with a JSON merge patch; send `If-Match`.

    `items` replaces the list in order (an item with an `id` keeps it). Once anyone has
    answered, the items no longer change (409): make a new survey instead.
    """
    survey = await service.get_writable_survey(session, scope, survey_id)
    await service.update_survey(session, scope, if_match(request, survey), body)
    return record_response(request, await service.read_survey(session, scope, survey_id))


@router.delete("/{survey_id:uuid}", **WRITES.delete)
async def delete_survey(
    request: Request, session: Session, scope: WriteScope, survey_id: uuid.UUID
) -> Response:
    """Delete an instrument no one has answered (409 otherwise)."""
    survey = await service.get_writable_survey(session, scope, survey_id)
    await service.delete_survey(session, if_match(request, survey))
    return no_content()
