import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, DirectoryWriteScope
from api.core.errors import NotFound
from api.core.http import BulkRequest, record_response
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import Ids, Q, States, UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import Upsert, created_record, if_match, no_content, read_response
from api.core.schemas import BulkResult
from api.core.transactions import ReadConnection, Session, TransactionalRoute
from api.directory.routes.params import WRITES
from api.directory.schemas import SchoolCreate, SchoolDetail, SchoolRead, SchoolUpdate, SchoolUpsert
from api.directory.service import school_detail
from api.directory.service import schools as service
from api.directory.vocabulary import Grade, LocaleType, SchoolLevel, SchoolStatus

router = APIRouter(prefix="/schools", route_class=TransactionalRoute)
COLUMNS = list(SchoolRead.model_fields)


Filters = filter_params(
    service.SchoolFilters,
    state=States,
    district_id=Annotated[list[uuid.UUID] | None, Query()],
    level=Annotated[list[SchoolLevel] | None, Query()],
    locale_type=Annotated[list[LocaleType] | None, Query()],
    status=Annotated[list[SchoolStatus] | None, Query()],
    grade=Annotated[Grade | None, Query(description="Schools that serve this grade.")],
    is_charter=bool | None,
    nces_id=Annotated[list[str] | None, Query()],
    q=Q,
    updated_since=UpdatedSince,
    ids=Ids,
)
SchoolList = Annotated[
    Listing[service.SchoolFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[SchoolRead], **LIST_CSV)
async def list_schools(
    connection: ReadConnection, scope: CallerScope, listing: SchoolList
) -> Response:
    """Schools in your scope, filtered, sorted and paged by cursor.

    Sortable by `name`, `state`, `level`, `created_at`, `updated_at`. With
    `Accept: text/csv` (or `format=csv`) the whole filtered list streams as CSV.
    """
    schools = service.SchoolList(scope, listing.filters)
    return await listing.answer(connection, schools, COLUMNS, "schools.csv")


@router.post("", response_model=SchoolRead, **WRITES.create)
async def create_school(
    request: Request, session: Session, scope: DirectoryWriteScope, body: SchoolCreate
) -> Response:
    """Add a school to a district in your scope."""
    school = await service.create_school(session, scope, body)
    return created_record(request, school, SchoolRead, "get_school", school_id=school.id)


@router.post("/bulk", response_model=BulkResult, **WRITES.write)
async def bulk_upsert_schools(
    scope: DirectoryWriteScope, body: BulkRequest[SchoolUpsert], upsert: Upsert
) -> BulkResult:
    """Create or update up to 5,000 schools, matched by `id`, then `nces_id`, then `state_school_id`.

    Each row is answered on its own; with `atomic=true` one failed row writes nothing (422).
    """
    return await upsert(body, service.SchoolRows(scope))


@router.get("/{school_id:uuid}", response_model=SchoolDetail, **READ)
async def get_school(
    request: Request, connection: ReadConnection, scope: CallerScope, school_id: uuid.UUID
) -> Response:
    """One school with its district and current key contacts (principal, partnerships coordinator).

    Its ETag covers the district and contacts too, so `If-None-Match` answers 304 only
    while all of them are unchanged; `If-Match` on PATCH or DELETE takes the same tag.
    """
    detail = await school_detail.get_school_detail(connection, scope, school_id, dt.date.today())
    if detail is None:
        raise NotFound(f"No school with id {school_id}.")
    return record_response(request, detail, composite=True)


@router.patch("/{school_id:uuid}", response_model=SchoolRead, **WRITES.change)
async def update_school(
    request: Request,
    session: Session,
    scope: DirectoryWriteScope,
    school_id: uuid.UUID,
    body: SchoolUpdate,
) -> Response:
    """Change a school with a JSON merge patch; send `If-Match` so no edit is lost."""
    school = if_match(request, await service.get_school(session, scope, school_id))
    await service.update_school(session, scope, school, body)
    return read_response(request, school, SchoolRead)


@router.delete("/{school_id:uuid}", **WRITES.delete)
async def delete_school(
    request: Request, session: Session, scope: DirectoryWriteScope, school_id: uuid.UUID
) -> Response:
    """Delete a school that nobody is assigned to; the event log keeps a tombstone."""
    school = if_match(request, await service.get_school(session, scope, school_id))
    await service.delete_school(session, scope, school)
    return no_content()
