import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope
from api.core.http import page_response
from api.core.listing import filter_params
from api.core.pagination import Page, PageParams, page_params_sorted_by
from api.core.params import UpdatedSince
from api.core.route_kinds import READ, writes
from api.core.routes import created_record, if_match, no_content, read_response
from api.core.transactions import Session, TransactionalRoute
from api.goals.routes.goals import GoalSetter
from api.goals.schemas.alignments import AlignmentCreate, AlignmentRead, AlignmentUpdate
from api.goals.service import alignments as service

router = APIRouter(prefix="/alignments", route_class=TransactionalRoute)
RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    403: {"description": "Your role may read this goal's alignments but not change them."},
    404: {"description": "No such alignment in your scope."},
    409: {
        "description": "The agreement does not serve the goal's school (or district), or "
        "is already aligned to the goal."
    },
}
WRITES = writes(RESPONSES_WRITE)


alignment_filters = filter_params(
    service.AlignmentFilters,
    goal_id=Annotated[list[uuid.UUID] | None, Query(description="Repeat for any of.")],
    agreement_id=Annotated[list[uuid.UUID] | None, Query()],
    school_id=Annotated[
        list[uuid.UUID] | None, Query(description="Alignments of this school's goals.")
    ],
    updated_since=UpdatedSince,
)
Filters = Annotated[service.AlignmentFilters, Depends(alignment_filters)]


PageQuery = Annotated[PageParams, Depends(page_params_sorted_by(service.SORTABLE))]


@router.get("", response_model=Page[AlignmentRead])
async def list_alignments(
    request: Request, session: Session, scope: CallerScope, filters: Filters, page: PageQuery
) -> Response:
    """Alignments of goals to agreements, those whose goal and agreement you both see.

    Sortable by `created_at` (the default) and `updated_at`.
    """
    return page_response(request, await service.list_alignments(session, scope, filters, page))


@router.post("", response_model=AlignmentRead, **WRITES.create)
async def create_alignment(
    request: Request, session: Session, scope: GoalSetter, body: AlignmentCreate
) -> Response:
    """Say that an agreement (optionally one of its services) supports a goal.

    The goal must be one you may change and the agreement one you see (422 names the
    field otherwise, as it does a service of another agreement). An agreement that does
    not serve the goal's school, or one already aligned to the goal, is a 409 saying why.
    """
    alignment = await service.create_alignment(session, scope, body)
    return created_record(
        request, alignment, AlignmentRead, "get_alignment", alignment_id=alignment.id
    )


@router.get("/{alignment_id:uuid}", response_model=AlignmentRead, **READ)
async def get_alignment(
    request: Request, session: Session, scope: CallerScope, alignment_id: uuid.UUID
) -> Response:
    """One alignment."""
    alignment = await service.get_alignment(session, scope, alignment_id)
    return read_response(request, alignment, AlignmentRead)


@router.patch("/{alignment_id:uuid}", response_model=AlignmentRead, **WRITES.change)
async def update_alignment(
    request: Request,
    session: Session,
    scope: GoalSetter,
    alignment_id: uuid.UUID,
    body: AlignmentUpdate,
) -> Response:
    """Change the contribution, strength or service with a JSON merge patch; send `If-Match`.

    The goal and agreement are the alignment itself: to change them, delete it and align anew.
    """
    alignment = await service.get_writable_alignment(session, scope, alignment_id)
    await service.update_alignment(session, if_match(request, alignment), body)
    return read_response(request, alignment, AlignmentRead)


@router.delete("/{alignment_id:uuid}", **WRITES.delete)
async def delete_alignment(
    request: Request, session: Session, scope: GoalSetter, alignment_id: uuid.UUID
) -> Response:
    """Remove an alignment; the event log keeps a tombstone."""
    alignment = await service.get_writable_alignment(session, scope, alignment_id)
    await service.delete_alignment(session, if_match(request, alignment))
    return no_content()
