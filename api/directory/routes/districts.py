import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, DirectoryWriteScope
from api.core.http import BulkRequest
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import Ids, Q, States, UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import Upsert, created_record, if_match, no_content, read_response
from api.core.schemas import BulkResult
from api.core.transactions import Session, TransactionalRoute
from api.directory.routes.params import WRITES
from api.directory.schemas import DistrictCreate, DistrictRead, DistrictUpdate, DistrictUpsert
from api.directory.service import districts as service

router = APIRouter(prefix="/districts", route_class=TransactionalRoute)
COLUMNS = list(DistrictRead.model_fields)


Filters = filter_params(
    service.DistrictFilters,
    ids=Ids,
    state=States,
    nces_leaid=Annotated[list[str] | None, Query()],
    q=Q,
    updated_since=UpdatedSince,
)
DistrictList = Annotated[
    Listing[service.DistrictFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[DistrictRead], **LIST_CSV)
async def list_districts(session: Session, scope: CallerScope, listing: DistrictList) -> Response:
    """Districts in your scope. Sortable by `name`, `state`, `created_at`, `updated_at`."""
    return await listing.answer(
        session, service.listed(scope, listing.filters), COLUMNS, "districts.csv"
    )


@router.post("", response_model=DistrictRead, **WRITES.create)
async def create_district(
    request: Request, session: Session, scope: DirectoryWriteScope, body: DistrictCreate
) -> Response:
    """Add a district (administrators)."""
    district = await service.create_district(session, scope, body)
    return created_record(request, district, DistrictRead, "get_district", district_id=district.id)


@router.post("/bulk", response_model=BulkResult, **WRITES.write)
async def bulk_upsert_districts(
    scope: DirectoryWriteScope, body: BulkRequest[DistrictUpsert], upsert: Upsert
) -> BulkResult:
    """Create or update up to 5,000 districts, matched by `id`, then `nces_leaid`, then `state_district_id`."""
    return await upsert(body, service.DistrictRows(scope))


@router.get("/{district_id:uuid}", response_model=DistrictRead, **READ)
async def get_district(
    request: Request, session: Session, scope: CallerScope, district_id: uuid.UUID
) -> Response:
    """One district."""
    district = await service.get_district(session, scope, district_id)
    return read_response(request, district, DistrictRead)


@router.patch("/{district_id:uuid}", response_model=DistrictRead, **WRITES.change)
async def update_district(
    request: Request,
    session: Session,
    scope: DirectoryWriteScope,
    district_id: uuid.UUID,
    body: DistrictUpdate,
) -> Response:
    """Change a district with a JSON merge patch; send `If-Match`."""
    district = await service.get_district(session, scope, district_id)
    service.require_managed(scope, district)
    await service.update_district(session, if_match(request, district), body)
    return read_response(request, district, DistrictRead)


@router.delete("/{district_id:uuid}", **WRITES.delete)
async def delete_district(
    request: Request, session: Session, scope: DirectoryWriteScope, district_id: uuid.UUID
) -> Response:
    """Delete a district with no schools; the event log keeps a tombstone."""
    district = await service.get_district(session, scope, district_id)
    service.require_managed(scope, district)
    await service.delete_district(session, if_match(request, district))
    return no_content()
