import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import assignments_in_scope, partner_only, people_in_scope
from api.core.bulk import BulkRows
from api.core.crud import create_record, delete_record, get_record, update_record
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound
from api.core.events import Operation, Place
from api.core.filtering import any_listed, any_of, containing, flag, narrowed, since
from api.core.listing import Executor
from api.core.pagination import PageParams, PageResult
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.directory import models
from api.directory.models import Person, RoleAssignment
from api.directory.schemas import PersonCreate, PersonRead, PersonUpdate, PersonUpsert
from api.directory.service import assignments
from api.directory.service.person_places import RESOURCE, placement, places_of_people

READ_COLUMNS = [Person.__table__.c[name] for name in PersonRead.model_fields]
LAST_VERIFIED = models.LAST_VERIFIED.label("last_verified")
SORTABLE = SortOrder(
    {
        "last_verified": LAST_VERIFIED,
        "family_name": Person.family_name,
        "given_name": Person.given_name,
        "created_at": Person.created_at,
        "updated_at": Person.updated_at,
    },
    default="family_name,given_name",
    tie_breaker=Person.id,
)


@dataclass(frozen=True)
class PersonFilters:
    ids: list[uuid.UUID] | None = None
    role: Sequence[str] | None = None
    subject: Sequence[str] | None = None
    school_id: list[uuid.UUID] | None = None
    district_id: list[uuid.UUID] | None = None
    is_active: bool | None = None
    stale_after_days: int | None = None
    sis_id: Sequence[str] | None = None
    q: str | None = None
    updated_since: dt.datetime | None = None


def _holds_role(scope: Scope, filters: PersonFilters, today: dt.date) -> ColumnElement[bool] | None:
    """A current role matching the filters, among the roles the caller sees: a role at a
    school outside the scope must not show through a visible person."""
    conditions = [
        any_of(RoleAssignment.role, filters.role),
        any_listed(RoleAssignment.subjects, filters.subject),
        any_of(RoleAssignment.school_id, filters.school_id),
        any_of(RoleAssignment.district_id, filters.district_id),
    ]
    if all(condition is None for condition in conditions):
        return None
    held = select(RoleAssignment.id).where(
        RoleAssignment.person_id == Person.id,
        assignments.current_on(today),
        assignments_in_scope(scope),
    )
    return exists(narrowed(held, *conditions))


def _stale(after_days: int | None, now: dt.datetime) -> ColumnElement[bool] | None:
    if after_days is None:
        return None
    cutoff = now - dt.timedelta(days=after_days)
    return or_(Person.verified_at.is_(None), Person.verified_at < cutoff)


def filtered(scope: Scope, filters: PersonFilters, now: dt.datetime) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(people_in_scope(scope, Person.id)),
        any_of(Person.id, filters.ids),
        _holds_role(scope, filters, now.date()),
        flag(Person.is_active, filters.is_active),
        _stale(filters.stale_after_days, now),
        any_of(Person.sis_id, filters.sis_id),
        containing(filters.q, Person.given_name, Person.family_name, Person.email),
        since(Person.updated_at, filters.updated_since),
    )


@dataclass(frozen=True)
class PeopleList:
    """The list; sorted by `last_verified`, a page selects that computed key for its
    cursor, then drops it."""

    statement: Select[Any]

    async def page(self, executor: Executor, page: PageParams) -> PageResult:
        keys = SORTABLE.keys(page.sort)
        if not any(key.column is LAST_VERIFIED for key in keys):
            return await SORTABLE.page(executor, self.statement, page)
        stmt = self.statement.add_columns(LAST_VERIFIED)
        result = await SORTABLE.page(executor, stmt, page)
        result.rows = [{name: row[name] for name in PersonRead.model_fields} for row in result.rows]
        return result

    def exported(self, sort: str | None) -> Select[Any]:
        return SORTABLE.ordered(self.statement, sort)


def listed(scope: Scope, filters: PersonFilters) -> PeopleList:
    return PeopleList(filtered(scope, filters, utcnow()))


async def get_person(session: AsyncSession, scope: Scope, person_id: uuid.UUID) -> Person:
    return await get_record(session, Person, person_id, people_in_scope(scope, Person.id))


async def create_person(
    session: AsyncSession, data: PersonCreate, person_id: uuid.UUID | None = None
) -> Person:
    values = data.model_dump(exclude={"id"})
    person = Person(**values, **({"id": person_id} if person_id else {}))
    return await create_record(session, person, RESOURCE)


def held_elsewhere(scope: Scope) -> Conflict:
    if partner_only(scope):
        return Conflict(
            "This person also holds roles outside your organisation: change, end or "
            "delete your organisation's role assignment instead."
        )
    return Conflict(
        "This person also holds roles outside your scope: change, end or delete your "
        "own role assignments instead."
    )


def _roles_elsewhere(scope: Scope, *where: ColumnElement[bool]) -> Select[Any]:
    mine = select(RoleAssignment.id).where(assignments_in_scope(scope))
    return select(RoleAssignment.person_id).where(*where, RoleAssignment.id.not_in(mine))


async def refuse_if_held_elsewhere(session: AsyncSession, scope: Scope, person: Person) -> None:
    """A person who also holds roles outside the caller's scope is not the caller's to
    change or delete: their record is shared with everyone they work for.

    The caller still changes, ends or deletes the role assignments in their scope.
    """
    if scope.everything:
        return
    elsewhere = _roles_elsewhere(scope, RoleAssignment.person_id == person.id)
    if await session.scalar(select(exists(elsewhere))):
        raise held_elsewhere(scope)


async def update_person(
    session: AsyncSession, scope: Scope, person: Person, patch: PersonUpdate
) -> bool:
    _validated({name: getattr(person, name) for name in PersonCreate.model_fields}, patch)
    await refuse_if_held_elsewhere(session, scope, person)
    place = await placement(session, person)
    return await update_record(session, person, patch.changes(), RESOURCE, place)


def _validated(current: dict[str, Any], patch: PersonUpdate) -> None:
    PersonCreate.model_validate(current | patch.changes())


async def verify_person(
    session: AsyncSession, scope: Scope, person: Person, verified_by: str
) -> Person:
    await refuse_if_held_elsewhere(session, scope, person)
    await update_record(
        session,
        person,
        {"verified_at": utcnow(), "verified_by": verified_by},
        RESOURCE,
        await placement(session, person),
    )
    return person


async def delete_person(session: AsyncSession, scope: Scope, person: Person) -> None:
    """A person's role assignments go with them, each leaving its own tombstone.

    Only someone who works nowhere but in the caller's scope is deleted: the roles of a
    school's teacher who also volunteers for a partner are not the partner's to remove.
    """
    await refuse_if_held_elsewhere(session, scope, person)
    place = await placement(session, person)
    held = await session.scalars(
        select(RoleAssignment).where(RoleAssignment.person_id == person.id)
    )
    for assignment in held:
        await assignments.delete_assignment(session, assignment)
    await delete_record(session, person, RESOURCE, place)


class PersonRows(BulkRows[PersonUpsert]):
    """Bulk rows: matched by id, then SIS id."""

    model, resource, schema = Person, RESOURCE, PersonUpsert
    keys = ("sis_id",)

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.visible: set[uuid.UUID] = set()
        self.held_elsewhere: set[uuid.UUID] = set()
        self.places: dict[uuid.UUID, tuple[Place, ...]] = {}

    async def prepare(
        self, session: AsyncSession, rows: Sequence[PersonUpsert], stored: Sequence[dict[str, Any]]
    ) -> None:
        ids = [record["id"] for record in stored]
        if ids and not self.scope.everything:
            self.visible = set(
                await session.scalars(
                    select(Person.id).where(
                        Person.id.in_(ids), people_in_scope(self.scope, Person.id)
                    )
                )
            )
            self.held_elsewhere = set(
                await session.scalars(
                    _roles_elsewhere(self.scope, RoleAssignment.person_id.in_(ids))
                )
            )
        self.places = await places_of_people(session, ids)

    def check(self, record: dict[str, Any], made_here: bool) -> None:
        # A person the batch has just added holds no role yet, so is in nobody's scope
        # but an administrator's.
        if not (self.scope.everything or record["id"] in self.visible):
            raise NotFound

    def create(self, row: PersonUpsert) -> dict[str, Any]:
        return row.model_dump(exclude={"id"})

    def update(self, record: dict[str, Any], row: PersonUpsert) -> dict[str, Any]:
        patch = PersonUpdate.model_validate(row.model_dump(exclude={"id"}, exclude_unset=True))
        _validated({name: record[name] for name in PersonCreate.model_fields}, patch)
        changes = patch.changes()
        differs = any(record[name] != value for name, value in changes.items())
        # As a PATCH would be: a row that changes someone shared with others is refused.
        if differs and record["id"] in self.held_elsewhere:
            raise held_elsewhere(self.scope)
        return changes

    def place(self, record: dict[str, Any], operation: Operation) -> dict[str, Any]:
        if operation is Operation.create:
            return {}
        return {"places": self.places.get(record["id"], ())}
