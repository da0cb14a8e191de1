import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.errors import BadRequest
from api.core.http import record_response
from api.core.listing import Listing, list_params
from api.core.pagination import Page
from api.core.params import UpdatedSince, aware
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import created_response, if_match, no_content
from api.core.schemas import QueryDate
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.routes.feedback_params import WRITES
from api.mentoring.schemas.reviews import ReviewCreate, ReviewRead, ReviewUpdate
from api.mentoring.service import reviews as service
from api.mentoring.vocabulary import ReviewPhase

router = APIRouter(prefix="/mentoring/reviews", route_class=TransactionalRoute)
Ids = Annotated[list[uuid.UUID] | None, Query(description="Repeat for any of.")]


async def review_filters(
    person_id: Ids = None,
    program_id: Ids = None,
    phase: Annotated[list[ReviewPhase] | None, Query(description="Repeat for any of.")] = None,
    reviewed_from: Annotated[
        QueryDate | None, Query(alias="from", description="Reviewed on or after this day.")
    ] = None,
    reviewed_to: Annotated[
        QueryDate | None, Query(alias="to", description="Reviewed on or before this day.")
    ] = None,
    updated_since: UpdatedSince = None,
) -> service.ReviewFilters:
    if reviewed_from and reviewed_to and reviewed_to < reviewed_from:
        raise BadRequest(
            "`to` is before `from`.",
            errors=[{"loc": ["query", "to"], "msg": "before `from`", "type": "date_order"}],
        )
    return service.ReviewFilters(
        person_id=person_id,
        program_id=program_id,
        phase=phase,
        reviewed_from=reviewed_from,
        reviewed_to=reviewed_to,
        updated_since=aware(updated_since),
    )


ReviewList = Annotated[
    Listing[service.ReviewFilters], Depends(list_params(review_filters, service.SORTABLE))
]


@router.get("", response_model=Page[ReviewRead], **LIST_CSV)
async def list_reviews(session: Session, scope: CallerScope, listing: ReviewList) -> Response:
    """Reviews you reach: those of the programmes you run, of people in your scope, and of
    yourself. Sortable by `reviewed_on` (the default), `created_at`, `updated_at`. As CSV,
    one column per rubric dimension."""
    reviews = service.listed(session, scope, listing.filters)
    return await listing.answer(session, reviews, service.CSV_COLUMNS, "reviews.csv")


@router.post("", response_model=ReviewRead, **WRITES.create)
async def create_review(
    request: Request, session: Session, scope: WriteScope, body: ReviewCreate
) -> Response:
    """Record a review: a 1-5 score per rubric dimension, `pre`, `post` or `annual`.

    A programme's review is of one of its participants, by its staff; a review of no
    programme is by staff who reach the person.
    """
    review = await service.create_review(session, scope, body)
    read = await service.read_review(session, scope, review.id)
    return created_response(request, read, "get_review", review_id=review.id)


@router.get("/{review_id:uuid}", response_model=ReviewRead, **READ)
async def get_review(
    request: Request, session: Session, scope: CallerScope, review_id: uuid.UUID
) -> Response:
    """One review with its scores."""
    return record_response(request, await service.read_review(session, scope, review_id))


@router.patch("/{review_id:uuid}", response_model=ReviewRead, **WRITES.change)
async def update_review(
    request: Request,
    session: Session,
    scope: WriteScope,
    review_id: uuid.UUID,
    body: ReviewUpdate,
) -> Response:
    """Change a review with a JSON merge patch (`scores` replaces them all); send `If-Match`."""
    review = await service.get_writable_review(session, scope, review_id)
    await service.update_review(session, scope, if_match(request, review), body)
    return record_response(request, await service.read_review(session, scope, review_id))


@router.delete("/{review_id:uuid}", **WRITES.delete)
async def delete_review(
    request: Request, session: Session, scope: WriteScope, review_id: uuid.UUID
) -> Response:
    """Delete a review and its scores."""
    review = await service.get_writable_review(session, scope, review_id)
    await service.delete_review(session, if_match(request, review))
    return no_content()
