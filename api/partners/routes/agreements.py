import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import UpdatedSince
from api.core.route_kinds import LIST_CSV
from api.core.routes import created_response, if_match, no_content
from api.core.schemas import QueryDate
from api.core.transactions import Session, TransactionalRoute
from api.partners.routes.params import WRITES, derived_response
from api.partners.schemas import AgreementCreate, AgreementRead, AgreementUpdate
from api.partners.service import agreement_edits as edits
from api.partners.service import agreements as service
from api.partners.vocabulary import AgreementStatus, ServiceCategory

router = APIRouter(prefix="/agreements", route_class=TransactionalRoute)


Filters = filter_params(
    service.AgreementFilters,
    status=Annotated[
        list[AgreementStatus] | None,
        Query(description="`expired` means active with its end date passed; repeat for any of."),
    ],
    partner_id=Annotated[list[uuid.UUID] | None, Query()],
    school_id=Annotated[list[uuid.UUID] | None, Query(description="Names this school.")],
    district_id=Annotated[
        list[uuid.UUID] | None,
        Query(description="District-wide there, or naming one of its schools."),
    ],
    service_category=Annotated[
        list[ServiceCategory] | None, Query(description="Has a service of this category.")
    ],
    expiring_within_days=Annotated[
        int | None,
        Query(ge=0, le=3650, description="Active and ending between today and today + N days."),
    ],
    active_on=Annotated[
        QueryDate | None, Query(description="In force on this date (past, today or future).")
    ],
    overdue=Annotated[
        bool | None, Query(description="No interaction for more than 1.5 x the planned cadence.")
    ],
    q=Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Search title, reference, partner name."),
    ],
    updated_since=UpdatedSince,
)


AgreementList = Annotated[
    Listing[service.AgreementFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[AgreementRead], **LIST_CSV)
async def list_agreements(session: Session, scope: CallerScope, listing: AgreementList) -> Response:
    """Agreements in your scope, each with its derived status and partnership health.

    Sortable by `end_date` (the default), `start_date`, `title`, `created_at`,
    `updated_at`. `expiring_within_days=60` is the renewal worklist. With
    `Accept: text/csv` the filtered list streams as CSV (flat columns).
    """
    agreements = service.listed(session, scope, listing.filters, dt.date.today())
    return await listing.answer(session, agreements, service.CSV_COLUMNS, "agreements.csv")


@router.post("", response_model=AgreementRead, **WRITES.create)
async def create_agreement(
    request: Request, session: Session, scope: WriteScope, body: AgreementCreate
) -> Response:
    """Draft an agreement between a partner and schools (or a whole district).

    Schools, district and partner must be in your scope, and each point of contact
    must hold a current role on their side; otherwise 422 names the field.
    """
    today = dt.date.today()
    agreement = await edits.create_agreement(session, scope, body, today)
    read = await service.read_agreement(session, scope, agreement.id, today)
    return created_response(
        request, read, "get_agreement", composite=True, agreement_id=agreement.id
    )


@router.get("/{agreement_id:uuid}", response_model=AgreementRead)
async def get_agreement(
    request: Request, session: Session, scope: CallerScope, agreement_id: uuid.UUID
) -> Response:
    """One agreement with its services, resources, plan, allowed actions and health.

    Its ETag covers all of it, the status and health derived from today included:
    `If-None-Match` answers 304 only for the very same body, while `If-Match` on
    writes and actions takes the same tag.
    """
    return derived_response(
        request, await service.read_agreement(session, scope, agreement_id, dt.date.today())
    )


@router.patch("/{agreement_id:uuid}", response_model=AgreementRead, **WRITES.change)
async def update_agreement(
    request: Request,
    session: Session,
    scope: WriteScope,
    agreement_id: uuid.UUID,
    body: AgreementUpdate,
) -> Response:
    """Change an agreement with a JSON merge patch; send `If-Match`.

    A draft may change anything. Once proposed or active only the communication
    plan, `document_url` and `reference_code` may change (409 otherwise): the
    terms are what the other side agreed to. Ended agreements do not change.
    """
    today = dt.date.today()
    agreement = await service.get_writable_agreement(session, scope, agreement_id)
    await edits.update_agreement(session, scope, if_match(request, agreement), body, today)
    return derived_response(
        request, await service.read_agreement(session, scope, agreement_id, today)
    )


@router.delete("/{agreement_id:uuid}", **WRITES.delete)
async def delete_agreement(
    request: Request, session: Session, scope: WriteScope, agreement_id: uuid.UUID
) -> Response:
    """Delete a draft; anything proposed stays as history (withdraw or terminate it)."""
    agreement = await service.get_writable_agreement(session, scope, agreement_id)
    await edits.delete_agreement(session, if_match(request, agreement), dt.date.today())
    return no_content()
