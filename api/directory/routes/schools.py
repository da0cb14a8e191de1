import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, DirectoryWriteScope
from api.core.csv_export import wants_csv
from api.core.errors import NotFound
from api.core.http import BulkRequest, page_response, record_response
from api.core.pagination import Page, PageParams, page_params_sorted_by
from api.core.params import Format, Ids, Q, UpdatedSince, aware
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import Upsert, created_record, csv_list, if_match, no_content, read_response
from api.core.schemas import BulkResult
from api.core.transactions import ReadConnection, Session, TransactionalRoute
from api.directory.routes.params import WRITES
from api.directory.schemas import SchoolCreate, SchoolDetail, SchoolRead, SchoolUpdate, SchoolUpsert
from api.directory.service import school_detail
from api.directory.service import schools as service
from api.directory.vocabulary import Grade, LocaleType, SchoolLevel, SchoolStatus

router = APIRouter(prefix="/schools", route_class=TransactionalRoute)
COLUMNS = list(SchoolRead.model_fields)


# async: a plain `def` dependency would cost a thread-pool hop per request.
async def school_filters(
    state: Annotated[
        list[str] | None, Query(description="Two-letter state; repeat for any of.")
    ] = None,
    district_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    level: Annotated[list[SchoolLevel] | None, Query()] = None,
    locale_type: Annotated[list[LocaleType] | None, Query()] = None,
    status: Annotated[list[SchoolStatus] | None, Query()] = None,
    grade: Annotated[Grade | None, Query(description="Schools that serve this grade.")] = None,
    is_charter: bool | None = None,
    nces_id: Annotated[list[str] | None, Query()] = None,
    q: Q = None,
    updated_since: UpdatedSince = None,
    ids: Ids = None,
) -> service.SchoolFilters:
    return service.SchoolFilters(
        ids=ids,
        state=state,
        district_id=district_id,
        level=level,
        locale_type=locale_type,
        status=status,
        grade=grade,
        is_charter=is_charter,
        nces_id=nces_id,
        q=q,
        updated_since=aware(updated_since),
    )


Filters = Annotated[service.SchoolFilters, Depends(school_filters)]
PageQuery = Annotated[PageParams, Depends(page_params_sorted_by(service.SORTABLE))]


@router.get("", response_model=Page[SchoolRead], **LIST_CSV)
async def list_schools(
    request: Request,
    connection: ReadConnection,
    scope: CallerScope,
    filters: Filters,
    page: PageQuery,
    format: Format = None,
) -> Response:
    """Schools in your scope, filtered, sorted and paged by cursor.

    Sortable by `name`, `state`, `level`, `created_at`, `updated_at`. With
    `Accept: text/csv` (or `format=csv`) the whole filtered list streams as CSV.
    """
    if wants_csv(request):
        stmt = service.export_statement(scope, filters, page.sort)
        return csv_list(request, stmt, COLUMNS, "schools.csv")
    return page_response(request, await service.list_schools(connection, scope, filters, page))


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
