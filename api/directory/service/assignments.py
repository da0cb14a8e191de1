import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import (
    assignments_in_scope,
    districts_in_scope,
    engaged_partner_ids,
    managed_schools,
    people_placeable,
)
from api.core.crud import create_record, delete_record, get_record, update_record
from api.core.errors import Unprocessable
from api.core.filtering import Condition, any_of, narrowed, since
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.schemas import RoleAssignmentCreate, RoleAssignmentRead, RoleAssignmentUpdate
from api.directory.service.person_places import announce_at_new_place
from api.partners.models import Partner

RESOURCE = "role_assignments"
# Fields that take a role, so its person, somewhere new.
MOVES = frozenset({"person_id", "school_id", "district_id", "partner_id"})
READ_COLUMNS = [RoleAssignment.__table__.c[name] for name in RoleAssignmentRead.model_fields]
SORTABLE = SortOrder.of(RoleAssignment, "role", "created_at", "updated_at", default="created_at")


@dataclass(frozen=True)
class AssignmentFilters:
    person_id: list[uuid.UUID] | None = None
    school_id: list[uuid.UUID] | None = None
    district_id: list[uuid.UUID] | None = None
    partner_id: list[uuid.UUID] | None = None
    role: Sequence[str] | None = None
    current: bool | None = None
    updated_since: dt.datetime | None = None


def current_on(today: dt.date) -> ColumnElement[bool]:
    return or_(RoleAssignment.end_date.is_(None), RoleAssignment.end_date >= today)


def place(assignment: RoleAssignment) -> dict[str, uuid.UUID | None]:
    return {
        "district_id": assignment.district_id,
        "school_id": assignment.school_id,
        "partner_id": assignment.partner_id,
    }


def current_or_not(current: bool | None, today: dt.date) -> Condition:
    """true: current today; false: ended before today; not asked, both."""
    if current is None:
        return None
    return current_on(today) if current else RoleAssignment.end_date < today


def filtered(scope: Scope, filters: AssignmentFilters, today: dt.date) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(assignments_in_scope(scope)),
        any_of(RoleAssignment.person_id, filters.person_id),
        any_of(RoleAssignment.school_id, filters.school_id),
        any_of(RoleAssignment.district_id, filters.district_id),
        any_of(RoleAssignment.partner_id, filters.partner_id),
        any_of(RoleAssignment.role, filters.role),
        current_or_not(filters.current, today),
        since(RoleAssignment.updated_at, filters.updated_since),
    )


def listed(scope: Scope, filters: AssignmentFilters, today: dt.date) -> ListQuery:
    return ListQuery(filtered(scope, filters, today), SORTABLE)


async def get_assignment(
    session: AsyncSession, scope: Scope, assignment_id: uuid.UUID
) -> RoleAssignment:
    return await get_record(session, RoleAssignment, assignment_id, assignments_in_scope(scope))


def _partner_reachable(scope: Scope) -> ColumnElement[bool]:
    """A partner's own people, or a partner working with the caller's schools."""
    if scope.everything:
        return true()
    return or_(Partner.id.in_(scope.partner_ids), Partner.id.in_(engaged_partner_ids(scope)))


async def _check_references(
    session: AsyncSession, scope: Scope, data: RoleAssignmentCreate
) -> None:
    errors = []
    person = select(Person.id).where(Person.id == data.person_id, people_placeable(scope))
    if await session.scalar(person) is None:
        errors.append(
            {"loc": ["body", "person_id"], "msg": "person not found", "type": "reference"}
        )
    if data.school_id is not None:
        found = await session.scalar(
            select(School.id).where(School.id == data.school_id, managed_schools(scope))
        )
        if found is None:
            errors.append(
                {"loc": ["body", "school_id"], "msg": "school not found", "type": "reference"}
            )
    if data.district_id is not None:
        found = await session.scalar(
            select(District.id).where(District.id == data.district_id, districts_in_scope(scope))
        )
        if found is None or not (scope.everything or data.district_id in scope.district_ids):
            errors.append(
                {"loc": ["body", "district_id"], "msg": "district not found", "type": "reference"}
            )
    if data.partner_id is not None:
        found = await session.scalar(
            select(Partner.id).where(Partner.id == data.partner_id, _partner_reachable(scope))
        )
        if found is None:
            errors.append(
                {"loc": ["body", "partner_id"], "msg": "partner not found", "type": "reference"}
            )
    if errors:
        raise Unprocessable("The assignment refers to records that do not exist.", errors=errors)


async def create_assignment(
    session: AsyncSession, scope: Scope, data: RoleAssignmentCreate
) -> RoleAssignment:
    await _check_references(session, scope, data)
    assignment = RoleAssignment(**data.model_dump(mode="json") | _ids(data))
    await announce_at_new_place(session, assignment)
    await create_record(session, assignment, RESOURCE, place)
    return assignment


def _ids(data: RoleAssignmentCreate) -> dict[str, Any]:
    return {
        "person_id": data.person_id,
        "school_id": data.school_id,
        "district_id": data.district_id,
        "partner_id": data.partner_id,
        "start_date": data.start_date,
        "end_date": data.end_date,
    }


async def update_assignment(
    session: AsyncSession, scope: Scope, assignment: RoleAssignment, patch: RoleAssignmentUpdate
) -> bool:
    current = {name: getattr(assignment, name) for name in RoleAssignmentCreate.model_fields}
    merged = RoleAssignmentCreate.model_validate(current | patch.changes())
    await _check_references(session, scope, merged)
    values = merged.model_dump(mode="json") | _ids(merged)
    if MOVES.intersection(patch.changes()):
        await announce_at_new_place(session, merged)
    return await update_record(
        session, assignment, {k: values[k] for k in patch.changes()}, RESOURCE, place
    )


async def delete_assignment(session: AsyncSession, assignment: RoleAssignment) -> None:
    await delete_record(session, assignment, RESOURCE, place)
