import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.http import page_response, record_response
from api.core.listing import filter_params
from api.core.pagination import Page, PageParams, page_params_sorted_by
from api.core.route_kinds import READ
from api.core.routes import created_response, if_match, no_content
from api.core.schemas import QueryDate
from api.core.transactions import Session, TransactionalRoute
from api.partners.routes.params import WRITES
from api.partners.schemas import InteractionCreate, InteractionRead, InteractionUpdate
from api.partners.service import agreements
from api.partners.service import interactions as service
from api.partners.vocabulary import InteractionKind

router = APIRouter(
    prefix="/agreements/{agreement_id:uuid}/interactions", route_class=TransactionalRoute
)


interaction_filters = filter_params(
    service.InteractionFilters,
    kind=Annotated[list[InteractionKind] | None, Query()],
    since=Annotated[QueryDate | None, Query(description="On or after this date.")],
    until=Annotated[QueryDate | None, Query(description="On or before this date.")],
    attendee_id=Annotated[list[uuid.UUID] | None, Query()],
)
Filters = Annotated[service.InteractionFilters, Depends(interaction_filters)]


PageQuery = Annotated[PageParams, Depends(page_params_sorted_by(service.SORTABLE))]


@router.get("", response_model=Page[InteractionRead])
async def list_interactions(
    request: Request,
    session: Session,
    scope: CallerScope,
    agreement_id: uuid.UUID,
    filters: Filters,
    page: PageQuery,
) -> Response:
    """The agreement's meeting log, newest first. Sortable by `occurred_on`, `created_at`, `updated_at`."""
    agreement = await agreements.get_agreement(session, scope, agreement_id)
    return page_response(
        request, await service.list_interactions(session, agreement, filters, page)
    )


@router.post("", response_model=InteractionRead, **WRITES.create)
async def create_interaction(
    request: Request,
    session: Session,
    scope: WriteScope,
    agreement_id: uuid.UUID,
    body: InteractionCreate,
) -> Response:
    """Log a meeting, call, email, site visit or event, with its decisions and action items.

    Attendees and owners are people you see or people who work for the agreement's
    partner, schools or district (422 otherwise, as for an unknown id).
    """
    agreement = await agreements.get_writable_agreement(session, scope, agreement_id)
    interaction = await service.create_interaction(session, scope, agreement, body, dt.date.today())
    read = await service.read_interaction(session, interaction.id)
    return created_response(
        request,
        read,
        "get_interaction",
        composite=True,
        agreement_id=agreement_id,
        interaction_id=interaction.id,
    )


@router.get("/{interaction_id:uuid}", response_model=InteractionRead, **READ)
async def get_interaction(
    request: Request,
    session: Session,
    scope: CallerScope,
    agreement_id: uuid.UUID,
    interaction_id: uuid.UUID,
) -> Response:
    """One interaction with its attendees and action items.

    Its ETag covers the action items too (they change on their own), so a ticked item
    is never answered 304; `If-Match` on PATCH or DELETE takes the same tag.
    """
    agreement = await agreements.get_agreement(session, scope, agreement_id)
    interaction = await service.get_interaction(session, agreement, interaction_id)
    return record_response(
        request, await service.read_interaction(session, interaction.id), composite=True
    )


@router.patch("/{interaction_id:uuid}", response_model=InteractionRead, **WRITES.change)
async def update_interaction(
    request: Request,
    session: Session,
    scope: WriteScope,
    agreement_id: uuid.UUID,
    interaction_id: uuid.UUID,
    body: InteractionUpdate,
) -> Response:
    """Change an interaction with a JSON merge patch; send `If-Match`.

    `action_items` replaces the list: items with an `id` are kept (and merge-patched),
    items without one are added, missing ones are deleted.
    """
    agreement = await agreements.get_writable_agreement(session, scope, agreement_id)
    interaction = if_match(
        request, await service.get_interaction(session, agreement, interaction_id)
    )
    await service.update_interaction(session, scope, agreement, interaction, body, dt.date.today())
    return record_response(
        request, await service.read_interaction(session, interaction.id), composite=True
    )


@router.delete("/{interaction_id:uuid}", **WRITES.delete)
async def delete_interaction(
    request: Request,
    session: Session,
    scope: WriteScope,
    agreement_id: uuid.UUID,
    interaction_id: uuid.UUID,
) -> Response:
    """Delete an interaction logged in error, with its action items."""
    agreement = await agreements.get_writable_agreement(session, scope, agreement_id)
    interaction = if_match(
        request, await service.get_interaction(session, agreement, interaction_id)
    )
    await service.delete_interaction(session, agreement, interaction)
    return no_content()
