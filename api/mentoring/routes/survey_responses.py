import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.http import record_response
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import created_response, if_match, no_content
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.routes.feedback_params import WRITES
from api.mentoring.schemas.survey_responses import (
    SurveyResponseCreate,
    SurveyResponseRead,
    SurveyResponseUpdate,
)
from api.mentoring.service import survey_responses as service
from api.mentoring.vocabulary import SurveyPhase

router = APIRouter(prefix="/mentoring/survey-responses", route_class=TransactionalRoute)
Ids = Annotated[list[uuid.UUID] | None, Query(description="Repeat for any of.")]


Filters = filter_params(
    service.ResponseFilters,
    survey_id=Ids,
    program_id=Ids,
    participant_id=Ids,
    phase=Annotated[list[SurveyPhase] | None, Query(description="Repeat for any of.")],
    updated_since=UpdatedSince,
)


ResponseList = Annotated[
    Listing[service.ResponseFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[SurveyResponseRead], **LIST_CSV)
async def list_survey_responses(
    session: Session, scope: CallerScope, listing: ResponseList
) -> Response:
    """Survey responses you reach: those of the programmes you run, and your own.

    Sortable by `responded_on` (the default), `created_at`, `updated_at`. As CSV, one row
    per response; `answers` holds `position:score` pairs separated by `;`.
    """
    responses = service.listed(session, scope, listing.filters)
    return await listing.answer(session, responses, service.CSV_COLUMNS, "survey-responses.csv")


@router.post("", response_model=SurveyResponseRead, **WRITES.create)
async def create_survey_response(
    request: Request, session: Session, scope: WriteScope, body: SurveyResponseCreate
) -> Response:
    """Record a participant's answers (each 1-5) to a survey of their programme or of none.

    A score off the scale, an item of another survey or a survey of another programme is
    a 422 naming the field; nothing is written. A participant has one `pre` and one
    `post` response per survey (409 names the one there is).
    """
    response = await service.create_response(session, scope, body)
    read = await service.read_response(session, scope, response.id)
    return created_response(request, read, "get_survey_response", response_id=response.id)


@router.get("/{response_id:uuid}", response_model=SurveyResponseRead, **READ)
async def get_survey_response(
    request: Request, session: Session, scope: CallerScope, response_id: uuid.UUID
) -> Response:
    """One response with its answers in the survey's order."""
    return record_response(request, await service.read_response(session, scope, response_id))


@router.patch("/{response_id:uuid}", response_model=SurveyResponseRead, **WRITES.change)
async def update_survey_response(
    request: Request,
    session: Session,
    scope: WriteScope,
    response_id: uuid.UUID,
    body: SurveyResponseUpdate,
) -> Response:
    """Change a response with a JSON merge patch (`answers` replaces them all); send `If-Match`."""
    response = await service.get_writable_response(session, scope, response_id)
    await service.update_response(session, if_match(request, response), body)
    return record_response(request, await service.read_response(session, scope, response_id))


@router.delete("/{response_id:uuid}", **WRITES.delete)
async def delete_survey_response(
    request: Request, session: Session, scope: WriteScope, response_id: uuid.UUID
) -> Response:
    """Delete a response and its answers."""
    response = await service.get_writable_response(session, scope, response_id)
    await service.delete_response(session, if_match(request, response))
    return no_content()
