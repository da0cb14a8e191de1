import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, PeopleWriteScope
from api.core.csv_export import wants_csv
from api.core.http import page_response
from api.core.pagination import Page, PageParams, page_params_sorted_by
from api.core.params import Format, UpdatedSince, aware
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import created_record, csv_list, if_match, no_content, read_response
from api.core.transactions import Session, TransactionalRoute
from api.directory.routes.params import WRITES
from api.directory.schemas import RoleAssignmentCreate, RoleAssignmentRead, RoleAssignmentUpdate
from api.directory.service import assignments as service
from api.directory.vocabulary import StaffRole

router = APIRouter(prefix="/role-assignments", route_class=TransactionalRoute)
COLUMNS = list(RoleAssignmentRead.model_fields)


# async: a plain `def` dependency would cost a thread-pool hop per request.
async def assignment_filters(
    person_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    school_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    district_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    partner_id: Annotated[
        list[uuid.UUID] | None, Query(description="People at this partner organisation.")
    ] = None,
    role: Annotated[list[StaffRole] | None, Query()] = None,
    current: Annotated[
        bool | None, Query(description="true: no end date or ending today or later.")
    ] = None,
    updated_since: UpdatedSince = None,
) -> service.AssignmentFilters:
    return service.AssignmentFilters(
        person_id=person_id,
        school_id=school_id,
        district_id=district_id,
        partner_id=partner_id,
        role=role,
        current=current,
        updated_since=aware(updated_since),
    )


Filters = Annotated[service.AssignmentFilters, Depends(assignment_filters)]
PageQuery = Annotated[PageParams, Depends(page_params_sorted_by(service.SORTABLE))]


@router.get("", response_model=Page[RoleAssignmentRead], **LIST_CSV)
async def list_role_assignments(
    request: Request,
    session: Session,
    scope: CallerScope,
    filters: Filters,
    page: PageQuery,
    format: Format = None,
) -> Response:
    """Where people work and as what. Sortable by `role`, `created_at`, `updated_at`."""
    today = dt.date.today()
    if wants_csv(request):
        stmt = service.export_statement(scope, filters, page.sort, today)
        return csv_list(request, stmt, COLUMNS, "role-assignments.csv")
    return page_response(
        request, await service.list_assignments(session, scope, filters, page, today)
    )


@router.post("", response_model=RoleAssignmentRead, **WRITES.create)
async def create_role_assignment(
    request: Request, session: Session, scope: PeopleWriteScope, body: RoleAssignmentCreate
) -> Response:
    """Place a person at a school, a district or a partner organisation in a role.

    A partner organisation places people at itself only: its own staff, or a contact it
    has just added (422 otherwise).
    """
    assignment = await service.create_assignment(session, scope, body)
    return created_record(
        request, assignment, RoleAssignmentRead, "get_role_assignment", assignment_id=assignment.id
    )


@router.get("/{assignment_id:uuid}", response_model=RoleAssignmentRead, **READ)
async def get_role_assignment(
    request: Request, session: Session, scope: CallerScope, assignment_id: uuid.UUID
) -> Response:
    """One role assignment."""
    assignment = await service.get_assignment(session, scope, assignment_id)
    return read_response(request, assignment, RoleAssignmentRead)


@router.patch("/{assignment_id:uuid}", response_model=RoleAssignmentRead, **WRITES.change)
async def update_role_assignment(
    request: Request,
    session: Session,
    scope: PeopleWriteScope,
    assignment_id: uuid.UUID,
    body: RoleAssignmentUpdate,
) -> Response:
    """Change an assignment (e.g. set `end_date` when someone leaves); send `If-Match`."""
    assignment = if_match(request, await service.get_assignment(session, scope, assignment_id))
    await service.update_assignment(session, scope, assignment, body)
    return read_response(request, assignment, RoleAssignmentRead)


@router.delete("/{assignment_id:uuid}", **WRITES.delete)
async def delete_role_assignment(
    request: Request, session: Session, scope: PeopleWriteScope, assignment_id: uuid.UUID
) -> Response:
    """Delete an assignment made in error; to record that someone left, set `end_date` instead."""
    assignment = if_match(request, await service.get_assignment(session, scope, assignment_id))
    await service.delete_assignment(session, assignment)
    return no_content()
