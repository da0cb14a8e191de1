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
from api.core.routes import if_match
from api.core.schemas import QueryDate
from api.core.transactions import Session, TransactionalRoute
from api.partners.routes.params import WRITES
from api.partners.schemas import ActionItemRead, ActionItemUpdate
from api.partners.service import action_items as service

router = APIRouter(prefix="/action-items", route_class=TransactionalRoute)
COLUMNS = list(ActionItemRead.model_fields)


action_item_filters = filter_params(
    service.ActionItemFilters,
    owner_id=Annotated[list[uuid.UUID] | None, Query(description="Owned by this person.")],
    open=Annotated[bool | None, Query(description="true: not done yet.")],
    overdue=Annotated[bool | None, Query(description="Open and past the due date.")],
    agreement_id=Annotated[list[uuid.UUID] | None, Query()],
    partner_id=Annotated[list[uuid.UUID] | None, Query()],
    due_before=Annotated[QueryDate | None, Query(description="Due before this date.")],
)
Filters = Annotated[service.ActionItemFilters, Depends(action_item_filters)]


PageQuery = Annotated[PageParams, Depends(page_params_sorted_by(service.SORTABLE))]


@router.get("", response_model=Page[ActionItemRead])
async def list_action_items(
    request: Request, session: Session, scope: CallerScope, filters: Filters, page: PageQuery
) -> Response:
    """A worklist: `?owner_id=...&open=true` is what someone still owes, soonest due first.

    Sortable by `due_date` (undated last), `created_at`, `updated_at`.
    """
    result = await service.list_action_items(session, scope, filters, page, dt.date.today())
    return page_response(request, result, COLUMNS)


@router.get("/{item_id:uuid}", response_model=ActionItemRead, **READ)
async def get_action_item(
    request: Request, session: Session, scope: CallerScope, item_id: uuid.UUID
) -> Response:
    """One action item."""
    item = await service.get_action_item(session, scope, item_id)
    return record_response(request, service.item_body(item))


@router.patch("/{item_id:uuid}", response_model=ActionItemRead, **WRITES.change)
async def update_action_item(
    request: Request,
    session: Session,
    scope: WriteScope,
    item_id: uuid.UUID,
    body: ActionItemUpdate,
) -> Response:
    """Tick an item done (`{"done": true}`), reassign it or move its due date; send `If-Match`."""
    item = if_match(request, await service.get_action_item(session, scope, item_id))
    await service.update_action_item(session, scope, item, body)
    return record_response(request, service.item_body(item))
