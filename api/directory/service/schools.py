import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.access.directory import districts_in_scope, schools_in_scope
from api.core.bulk import BulkRows
from api.core.crud import create_record, delete_record, get_record, update_record
from api.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.core.events import Operation
from api.core.filtering import Condition, any_of, containing, flag, narrowed, since
from api.core.pagination import KeysetQuery, PageParams, PageResult
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.directory.models import District, RoleAssignment, School
from api.directory.schemas import SchoolCreate, SchoolRead, SchoolUpdate, SchoolUpsert
from api.directory.vocabulary import grade_rank, locale_type_for

RESOURCE = "schools"
READ_COLUMNS = [School.__table__.c[name] for name in SchoolRead.model_fields]
SORTABLE = SortOrder.of(
    School, "name", "state", "level", "created_at", "updated_at", default="name"
)


@dataclass(frozen=True)
class SchoolFilters:
    ids: Sequence[uuid.UUID] | None = None
    state: Sequence[str] | None = None
    district_id: list[uuid.UUID] | None = None
    level: Sequence[str] | None = None
    locale_type: Sequence[str] | None = None
    status: Sequence[str] | None = None
    grade: str | None = None
    is_charter: bool | None = None
    nces_id: Sequence[str] | None = None
    q: str | None = None
    updated_since: dt.datetime | None = None


def place(school: School) -> dict[str, uuid.UUID | None]:
    return {"district_id": school.district_id, "school_id": school.id}


def _serves(grade: str | None) -> Condition:
    if not grade:
        return None
    rank = grade_rank(grade)
    if rank is None:
        return or_(School.grade_low == grade, School.grade_high == grade)
    return and_(School.grade_low_rank <= rank, School.grade_high_rank >= rank)


def filtered(scope: Scope, filters: SchoolFilters) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(schools_in_scope(scope)),
        any_of(School.id, filters.ids),
        any_of(School.state, [state.upper() for state in filters.state or ()]),
        any_of(School.district_id, filters.district_id),
        any_of(School.level, filters.level),
        any_of(School.locale_type, filters.locale_type),
        any_of(School.status, filters.status),
        _serves(filters.grade),
        flag(School.is_charter, filters.is_charter),
        any_of(School.nces_id, filters.nces_id),
        containing(filters.q, School.name),
        since(School.updated_at, filters.updated_since),
    )


def _hashable(filters: SchoolFilters) -> SchoolFilters:
    """The filters as a cache key: query-string lists become tuples."""
    lists: dict[str, Any] = {
        f.name: tuple(v) for f in fields(filters) if isinstance(v := getattr(filters, f.name), list)
    }
    return replace(filters, **lists)


@lru_cache(maxsize=512)
def _page_query(scope: Scope, filters: SchoolFilters, sort: str | None, limit: int) -> KeysetQuery:
    # One prepared statement per distinct (scope, filters, sort, limit); the cursor is bound.
    return SORTABLE.keyset(filtered(scope, filters), sort, limit)


@dataclass(frozen=True)
class SchoolList:
    """The list, its page statements kept per scope, filters, sort and limit: a
    repeated list binds its values only."""

    scope: Scope
    filters: SchoolFilters

    async def page(self, executor: AsyncConnection | AsyncSession, page: PageParams) -> PageResult:
        query = _page_query(self.scope, _hashable(self.filters), page.sort, page.limit)
        return await query.fetch(executor, page)

    def exported(self, sort: str | None) -> Select[Any]:
        return SORTABLE.ordered(filtered(self.scope, self.filters), sort)


async def get_school(session: AsyncSession, scope: Scope, school_id: uuid.UUID) -> School:
    return await get_record(session, School, school_id, schools_in_scope(scope))


async def _district_state(
    session: AsyncSession, scope: Scope | None, district_id: uuid.UUID
) -> str:
    """The state of a district the caller sees (any district when scope is None); one out
    of reach is a 422 on the field."""
    stmt = select(District.state).where(District.id == district_id)
    if scope is not None:
        stmt = stmt.where(districts_in_scope(scope))
    state = await session.scalar(stmt)
    if state is None:
        raise _no_district(district_id)
    return state


def _no_district(district_id: uuid.UUID) -> Unprocessable:
    return Unprocessable(
        f"No district with id {district_id}.",
        errors=[{"loc": ["body", "district_id"], "msg": "district not found", "type": "reference"}],
    )


def _school_state(given: str | None, district_state: str) -> str:
    """A school is in its district's state: given or not, that is the one it gets."""
    if given is not None and given != district_state:
        message = (
            f"state {given} differs from the district's state {district_state}; "
            "omit state to take the district's"
        )
        raise Unprocessable(
            f"The school's {message}.",
            errors=[{"loc": ["body", "state"], "msg": message, "type": "state_mismatch"}],
        )
    return district_state


def _refuse_district(scope: Scope, district_id: uuid.UUID, visible: bool, managed: str) -> None:
    """A school's district must be one the caller sees and, with `managed` as the refusal,
    one they manage."""
    if not visible:
        raise _no_district(district_id)
    if managed and not scope.everything and district_id not in scope.district_ids:
        raise Forbidden(managed)


def _derived(values: dict[str, Any]) -> dict[str, Any]:
    values["grade_low_rank"] = grade_rank(values.get("grade_low"))
    values["grade_high_rank"] = grade_rank(values.get("grade_high"))
    values["locale_type"] = locale_type_for(values.get("locale_code"))
    return values


def _stored(data: SchoolCreate) -> dict[str, Any]:
    return _derived(
        data.model_dump(mode="json", exclude={"id"}) | {"district_id": data.district_id}
    )


ADD_FORBIDDEN = "You can only add schools to districts you manage."
MOVE_FORBIDDEN = "You cannot move a school out of the districts you manage."


async def create_school(
    session: AsyncSession, scope: Scope, data: SchoolCreate, school_id: uuid.UUID | None = None
) -> School:
    state = _school_state(data.state, await _district_state(session, scope, data.district_id))
    school = School(
        **(_stored(data) | {"state": state}), **({"id": school_id} if school_id else {})
    )
    _refuse_district(scope, school.district_id, True, ADD_FORBIDDEN)
    return await create_record(session, school, RESOURCE, place)


def _merged(
    current: dict[str, Any], changes: dict[str, Any], district_state: str | None
) -> tuple[SchoolCreate, dict[str, Any]]:
    """The school a merge patch's changes make and the stored values they change; with
    `district_state` (its district or state changes) the school takes that state."""
    merged = SchoolCreate.model_validate(current | changes)
    if district_state is not None:
        # A school moved to another state's district goes with it, unless the patch says
        # otherwise (and then it must agree).
        merged.state = _school_state(changes.get("state"), district_state)
    values = _stored(merged)
    return merged, {k: values[k] for k in _changed_keys(changes, values)}


async def update_school(
    session: AsyncSession, scope: Scope, school: School, patch: SchoolUpdate
) -> bool:
    current = {name: getattr(school, name) for name in SchoolCreate.model_fields}
    changes = patch.changes()
    district_id = changes.get("district_id", school.district_id)
    moved = district_id != school.district_id
    district_state = None
    if moved or "state" in changes:
        # The school's own district is known to be in reach; a new one is checked.
        district_state = await _district_state(session, scope if moved else None, district_id)
    merged, changed = _merged(current, changes, district_state)
    if moved:
        _refuse_district(scope, merged.district_id, True, MOVE_FORBIDDEN)
    return await update_record(session, school, changed, RESOURCE, place)


def _changed_keys(changes: dict[str, Any], values: dict[str, Any]) -> list[str]:
    keys = set(changes)
    if "district_id" in keys:
        keys.add("state")
    if keys & {"grade_low", "grade_high"}:
        keys |= {"grade_low_rank", "grade_high_rank"}
    if "locale_code" in keys:
        keys.add("locale_type")
    return sorted(keys & values.keys())


async def delete_school(session: AsyncSession, scope: Scope, school: School) -> None:
    if not (scope.everything or school.district_id in scope.district_ids):
        raise Forbidden(
            "Only the district's managers can delete a school; set its status to closed."
        )
    assigned = await session.scalar(
        select(func.count())
        .select_from(RoleAssignment)
        .where(RoleAssignment.school_id == school.id)
    )
    if assigned:
        raise Conflict(
            f"The school has {assigned} role assignment(s); end or delete them first, "
            "or set its status to closed."
        )
    await delete_record(session, school, RESOURCE, place)


class SchoolRows(BulkRows[SchoolUpsert]):
    """Bulk rows: matched by id, then NCES id, then state school id."""

    model, resource, schema = School, RESOURCE, SchoolUpsert
    keys = ("nces_id", "state_school_id")

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.visible: set[uuid.UUID] = set()
        self.districts: set[uuid.UUID] = set()  # the rows' districts the caller sees
        self.states: dict[uuid.UUID, str] = {}  # every row's district's state

    async def prepare(
        self, session: AsyncSession, rows: Sequence[SchoolUpsert], stored: Sequence[dict[str, Any]]
    ) -> None:
        wanted = {row.district_id for row in rows}
        found = await session.execute(
            select(District.id, District.state).where(District.id.in_(wanted))
        )
        self.states = {row[0]: row[1] for row in found}
        self.districts = set(
            await session.scalars(
                select(District.id).where(District.id.in_(wanted), districts_in_scope(self.scope))
            )
        )
        if not self.scope.everything and stored:
            ids = [record["id"] for record in stored]
            self.visible = set(
                await session.scalars(
                    select(School.id).where(School.id.in_(ids), schools_in_scope(self.scope))
                )
            )

    def check(self, record: dict[str, Any], made_here: bool) -> None:
        # A school made by the batch is in a district the caller manages.
        if not (self.scope.everything or made_here or record["id"] in self.visible):
            raise NotFound

    def _state_of(self, district_id: uuid.UUID) -> str:
        state = self.states.get(district_id)
        if state is None:
            raise _no_district(district_id)
        return state

    def create(self, row: SchoolUpsert) -> dict[str, Any]:
        _refuse_district(self.scope, row.district_id, row.district_id in self.districts, "")
        _refuse_district(self.scope, row.district_id, True, ADD_FORBIDDEN)
        return _stored(row) | {"state": _school_state(row.state, self._state_of(row.district_id))}

    def update(self, record: dict[str, Any], row: SchoolUpsert) -> dict[str, Any]:
        # The row is a valid school, so its fields are a valid merge patch as they are.
        patch = row.model_dump(exclude={"id"}, exclude_unset=True)
        district_id = patch.get("district_id", record["district_id"])
        moved = district_id != record["district_id"]
        if moved:
            visible = district_id in self.districts
            _refuse_district(self.scope, district_id, visible, MOVE_FORBIDDEN)
        district_state = self._state_of(district_id) if moved or "state" in patch else None
        current = {name: record[name] for name in SchoolCreate.model_fields}
        return _merged(current, patch, district_state)[1]

    def place(self, record: dict[str, Any], operation: Operation) -> dict[str, Any]:
        return {"district_id": record["district_id"], "school_id": record["id"]}
