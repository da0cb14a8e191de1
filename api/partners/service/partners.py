import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import assignments_in_scope
from api.access.partners import (
    agreements_visible,
    partners_visible,
    partners_writable,
    require_partner_creator,
)
from api.core.bulk import BulkRows
from api.core.crud import check_writable, create_record, delete_record, get_record, update_record
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.events import Operation
from api.core.filtering import Condition, any_listed, any_of, containing, narrowed, since
from api.core.listing import ListQuery
from api.core.pagination import PageParams, PageResult
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.directory.models import Person, RoleAssignment
from api.directory.service.assignments import current_or_not
from api.partners.models import Agreement, AgreementSchool, Partner
from api.partners.schemas import PartnerCreate, PartnerRead, PartnerUpdate, PartnerUpsert
from api.partners.service import health

RESOURCE = "partners"
READ_COLUMNS = [Partner.__table__.c[name] for name in PartnerRead.model_fields]
SORTABLE = SortOrder.of(Partner, "name", "created_at", "updated_at", default="name")


@dataclass(frozen=True)
class PartnerFilters:
    ids: list[uuid.UUID] | None = None
    kind: Sequence[str] | None = None
    status: Sequence[str] | None = None
    focus_area: Sequence[str] | None = None
    school_id: list[uuid.UUID] | None = None
    ein: Sequence[str] | None = None
    external_id: Sequence[str] | None = None
    q: str | None = None
    updated_since: dt.datetime | None = None


def place(partner: Partner) -> dict[str, uuid.UUID | None]:
    return {"partner_id": partner.id}


def _serves(scope: Scope, school_ids: Sequence[uuid.UUID] | None, today: dt.date) -> Condition:
    """Has an agreement in effect today naming one of the schools, among the agreements
    the caller sees: the catalogue of partners is shared, who works where is not."""
    if not school_ids:
        return None
    naming = select(AgreementSchool.agreement_id).where(AgreementSchool.school_id.in_(school_ids))
    return Partner.id.in_(
        select(Agreement.partner_id).where(
            Agreement.id.in_(naming), health.live(today), agreements_visible(scope)
        )
    )


def filtered(scope: Scope, filters: PartnerFilters, today: dt.date) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(partners_visible(scope)),
        any_of(Partner.id, filters.ids),
        any_of(Partner.kind, filters.kind),
        any_of(Partner.status, filters.status),
        any_listed(Partner.focus_areas, filters.focus_area),
        _serves(scope, filters.school_id, today),
        any_of(Partner.ein, filters.ein),
        any_of(Partner.external_id, filters.external_id),
        containing(filters.q, Partner.name),
        since(Partner.updated_at, filters.updated_since),
    )


def listed(scope: Scope, filters: PartnerFilters, today: dt.date) -> ListQuery:
    return ListQuery(filtered(scope, filters, today), SORTABLE)


async def get_partner(session: AsyncSession, scope: Scope, partner_id: uuid.UUID) -> Partner:
    return await get_record(session, Partner, partner_id, partners_visible(scope))


NOT_WRITABLE = (
    "Only the partner, administrators and staff of schools it works with can change this partner."
)


async def get_writable_partner(
    session: AsyncSession, scope: Scope, partner_id: uuid.UUID
) -> Partner:
    partner = await get_partner(session, scope, partner_id)
    if not scope.everything:
        await check_writable(session, Partner, partner_id, partners_writable(scope), NOT_WRITABLE)
    return partner


async def create_partner(
    session: AsyncSession, scope: Scope, data: PartnerCreate, partner_id: uuid.UUID | None = None
) -> Partner:
    require_partner_creator(scope)
    values = data.model_dump(mode="json", exclude={"id"})
    partner = Partner(**values, **({"id": partner_id} if partner_id else {}))
    return await create_record(session, partner, RESOURCE, place)


async def update_partner(session: AsyncSession, partner: Partner, patch: PartnerUpdate) -> bool:
    current = {name: getattr(partner, name) for name in PartnerCreate.model_fields}
    return await update_record(session, partner, _changes(current, patch), RESOURCE, place)


def _changes(current: dict[str, Any], patch: PartnerUpdate) -> dict[str, Any]:
    values = PartnerCreate.model_validate(current | patch.changes()).model_dump(mode="json")
    return {k: values[k] for k in patch.changes()}


async def delete_partner(session: AsyncSession, partner: Partner) -> None:
    agreements = await session.scalar(
        select(func.count(Agreement.id)).where(Agreement.partner_id == partner.id)
    )
    if agreements:
        raise Conflict(
            f"The partner has {agreements} agreement(s); set its status to inactive instead."
        )
    people = await session.scalar(
        select(func.count(RoleAssignment.id)).where(RoleAssignment.partner_id == partner.id)
    )
    if people:
        raise Conflict(
            f"The partner has {people} role assignment(s); end or delete them first, "
            "or set its status to inactive."
        )
    await delete_record(session, partner, RESOURCE, place)


class PartnerRows(BulkRows[PartnerUpsert]):
    """Bulk rows: matched by id, then EIN, then external id."""

    model, resource, schema = Partner, RESOURCE, PartnerUpsert
    keys = ("ein", "external_id")

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.writable: dict[uuid.UUID, bool] = {}

    async def prepare(
        self,
        session: AsyncSession,
        rows: Sequence[PartnerUpsert],
        stored: Sequence[dict[str, Any]],
    ) -> None:
        if self.scope.everything or not stored:
            return
        ids = [record["id"] for record in stored]
        visible = select(Partner.id, partners_writable(self.scope).label("writable")).where(
            Partner.id.in_(ids), partners_visible(self.scope)
        )
        self.writable = {pid: bool(w) for pid, w in await session.execute(visible)}

    def check(self, record: dict[str, Any], made_here: bool) -> None:
        # Whoever adds a partner may change it: it has no agreement yet.
        if self.scope.everything or made_here:
            return
        if record["id"] not in self.writable:
            raise NotFound
        if not self.writable[record["id"]]:
            raise Forbidden(NOT_WRITABLE)

    def create(self, row: PartnerUpsert) -> dict[str, Any]:
        require_partner_creator(self.scope)
        return row.model_dump(mode="json", exclude={"id"})

    def update(self, record: dict[str, Any], row: PartnerUpsert) -> dict[str, Any]:
        patch = PartnerUpdate.model_validate(row.model_dump(exclude={"id"}, exclude_unset=True))
        return _changes({name: record[name] for name in PartnerCreate.model_fields}, patch)

    def place(self, record: dict[str, Any], operation: Operation) -> dict[str, Any]:
        return {"partner_id": record["id"]}


PEOPLE_COLUMNS: list[Any] = [
    Person.id.label("person_id"),
    Person.given_name,
    Person.family_name,
    Person.email,
    Person.phone,
    Person.preferred_channel,
    Person.verified_at,
    RoleAssignment.id,
    RoleAssignment.id.label("assignment_id"),
    RoleAssignment.role,
    RoleAssignment.title,
    RoleAssignment.start_date,
    RoleAssignment.end_date,
    RoleAssignment.is_primary,
]
PEOPLE_SORTABLE = SortOrder(
    {
        "family_name": Person.family_name,
        "given_name": Person.given_name,
        "role": RoleAssignment.role,
    },
    default="family_name,given_name",
    tie_breaker=RoleAssignment.id,
)


async def list_partner_people(
    session: AsyncSession,
    scope: Scope,
    partner: Partner,
    current: bool | None,
    page: PageParams,
    today: dt.date,
) -> PageResult:
    """The partner's people with the assignment that places them there.

    Only the partner itself and staff of schools it works with see its people.
    """
    stmt = (
        select(*PEOPLE_COLUMNS)
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(RoleAssignment.partner_id == partner.id, assignments_in_scope(scope))
    )
    return await PEOPLE_SORTABLE.page(session, narrowed(stmt, current_or_not(current, today)), page)
