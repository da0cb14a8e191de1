import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, PeopleWriteScope
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import created_record, if_match, no_content, read_response
from api.core.transactions import Session, TransactionalRoute
from api.directory.routes.params import WRITES
from api.directory.schemas import RoleAssignmentCreate, RoleAssignmentRead, RoleAssignmentUpdate
from api.directory.service import assignments as service
from api.directory.vocabulary import StaffRole

router = APIRouter(prefix="/role-assignments", route_class=TransactionalRoute)
COLUMNS = list(RoleAssignmentRead.model_fields)


Filters = filter_params(
    service.AssignmentFilters,
    person_id=Annotated[list[uuid.UUID] | None, Query()],
    school_id=Annotated[list[uuid.UUID] | None, Query()],
    district_id=Annotated[list[uuid.UUID] | None, Query()],
    partner_id=Annotated[
        list[uuid.UUID] | None, Query(description="People at this partner organisation.")
    ],
    role=Annotated[list[StaffRole] | None, Query()],
    current=Annotated[
        bool | None, Query(description="true: no end date or ending today or later.")
    ],
    updated_since=UpdatedSince,
)
AssignmentList = Annotated[
    Listing[service.AssignmentFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[RoleAssignmentRead], **LIST_CSV)
async def list_role_assignments(
    session: Session, scope: CallerScope, listing: AssignmentList
) -> Response:
    """Where people work and as what. Sortable by `role`, `created_at`, `updated_at`."""
    assignments = service.listed(scope, listing.filters, dt.date.today())
    return await listing.answer(session, assignments, COLUMNS, "role-assignments.csv")


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
