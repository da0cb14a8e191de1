import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.http import BulkRequest, page_response
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page, PageParams, page_params_sorted_by
from api.core.params import Ids, Q, UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import Upsert, created_record, if_match, no_content, read_response
from api.core.schemas import BulkResult
from api.core.transactions import Session, TransactionalRoute
from api.directory.schemas import ExternalId
from api.partners.routes.params import WRITES
from api.partners.schemas import (
    PartnerCreate,
    PartnerPerson,
    PartnerRead,
    PartnerUpdate,
    PartnerUpsert,
)
from api.partners.schemas.common import Ein
from api.partners.service import partners as service
from api.partners.vocabulary import PartnerKind, PartnerStatus, ServiceCategory

router = APIRouter(prefix="/partners", route_class=TransactionalRoute)
COLUMNS = list(PartnerRead.model_fields)


Filters = filter_params(
    service.PartnerFilters,
    kind=Annotated[list[PartnerKind] | None, Query(description="Repeat for any of.")],
    status=Annotated[list[PartnerStatus] | None, Query()],
    focus_area=Annotated[
        list[ServiceCategory] | None, Query(description="Offers any of these services.")
    ],
    school_id=Annotated[
        list[uuid.UUID] | None,
        Query(description="Serves this school under an agreement in force today."),
    ],
    ein=Annotated[list[Ein] | None, Query()],
    external_id=Annotated[list[ExternalId] | None, Query()],
    q=Q,
    updated_since=UpdatedSince,
    ids=Ids,
)
PartnerList = Annotated[
    Listing[service.PartnerFilters], Depends(list_params(Filters, service.SORTABLE))
]
PeoplePageQuery = Annotated[PageParams, Depends(page_params_sorted_by(service.PEOPLE_SORTABLE))]


@router.get("", response_model=Page[PartnerRead], **LIST_CSV)
async def list_partners(session: Session, scope: CallerScope, listing: PartnerList) -> Response:
    """Partner organisations: every partner for school and district staff, your own for a partner.

    Sortable by `name`, `created_at`, `updated_at`. With `Accept: text/csv` (or
    `format=csv`) the whole filtered list streams as CSV.
    """
    partners = service.listed(scope, listing.filters, dt.date.today())
    return await listing.answer(session, partners, COLUMNS, "partners.csv")


@router.post("", response_model=PartnerRead, **WRITES.create)
async def create_partner(
    request: Request, session: Session, scope: WriteScope, body: PartnerCreate
) -> Response:
    """Add a partner organisation (school and district staff, administrators)."""
    partner = await service.create_partner(session, scope, body)
    return created_record(request, partner, PartnerRead, "get_partner", partner_id=partner.id)


@router.post("/bulk", response_model=BulkResult, **WRITES.write)
async def bulk_upsert_partners(
    scope: WriteScope, body: BulkRequest[PartnerUpsert], upsert: Upsert
) -> BulkResult:
    """Create or update up to 5,000 partners, matched by `id`, then `ein`, then `external_id`.

    Each row is answered on its own; with `atomic=true` one failed row writes nothing (422).
    """
    return await upsert(body, service.PartnerRows(scope))


@router.get("/{partner_id:uuid}", response_model=PartnerRead, **READ)
async def get_partner(
    request: Request, session: Session, scope: CallerScope, partner_id: uuid.UUID
) -> Response:
    """One partner organisation."""
    partner = await service.get_partner(session, scope, partner_id)
    return read_response(request, partner, PartnerRead)


@router.patch("/{partner_id:uuid}", response_model=PartnerRead, **WRITES.change)
async def update_partner(
    request: Request,
    session: Session,
    scope: WriteScope,
    partner_id: uuid.UUID,
    body: PartnerUpdate,
) -> Response:
    """Change a partner with a JSON merge patch; send `If-Match`."""
    partner = if_match(request, await service.get_writable_partner(session, scope, partner_id))
    await service.update_partner(session, partner, body)
    return read_response(request, partner, PartnerRead)


@router.delete("/{partner_id:uuid}", **WRITES.delete)
async def delete_partner(
    request: Request, session: Session, scope: WriteScope, partner_id: uuid.UUID
) -> Response:
    """Delete a partner entered in error (no agreements, no people); otherwise make it inactive."""
    partner = if_match(request, await service.get_writable_partner(session, scope, partner_id))
    await service.delete_partner(session, partner)
    return no_content()


@router.get("/{partner_id:uuid}/people", response_model=Page[PartnerPerson])
async def list_partner_people(
    request: Request,
    session: Session,
    scope: CallerScope,
    partner_id: uuid.UUID,
    page: PeoplePageQuery,
    current: Annotated[
        bool | None,
        Query(description="true: still there (no end date, or ending today or later)."),
    ] = None,
) -> Response:
    """The partner's staff and volunteers, each with the role assignment that places them there.

    Visible to the partner itself and to staff of schools it works with.
    Add or end someone with `/role-assignments` (`partner_id`). Sortable by
    `family_name`, `given_name`, `role`.
    """
    partner = await service.get_partner(session, scope, partner_id)
    result = await service.list_partner_people(
        session, scope, partner, current, page, dt.date.today()
    )
    return page_response(request, result, list(PartnerPerson.model_fields))
