import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import districts_in_scope
from api.core.bulk import BulkRows
from api.core.crud import create_record, delete_record, get_record, update_record
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.events import Operation
from api.core.filtering import any_of, containing, narrowed, since
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.directory.models import District, School
from api.directory.schemas import DistrictCreate, DistrictRead, DistrictUpdate, DistrictUpsert

RESOURCE = "districts"
READ_COLUMNS = [District.__table__.c[name] for name in DistrictRead.model_fields]
SORTABLE = SortOrder.of(District, "name", "state", "created_at", "updated_at", default="name")


@dataclass(frozen=True)
class DistrictFilters:
    ids: Sequence[uuid.UUID] | None = None
    state: Sequence[str] | None = None
    nces_leaid: Sequence[str] | None = None
    q: str | None = None
    updated_since: dt.datetime | None = None


def place(district: District) -> dict[str, uuid.UUID | None]:
    return {"district_id": district.id}


def filtered(scope: Scope, filters: DistrictFilters) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(districts_in_scope(scope)),
        any_of(District.id, filters.ids),
        any_of(District.state, [state.upper() for state in filters.state or ()]),
        any_of(District.nces_leaid, filters.nces_leaid),
        containing(filters.q, District.name),
        since(District.updated_at, filters.updated_since),
    )


def listed(scope: Scope, filters: DistrictFilters) -> ListQuery:
    return ListQuery(filtered(scope, filters), SORTABLE)


async def get_district(session: AsyncSession, scope: Scope, district_id: uuid.UUID) -> District:
    return await get_record(session, District, district_id, districts_in_scope(scope))


def require_managed(scope: Scope, district: District) -> None:
    """Coordinators see their schools' district but only its managers change it."""
    _require_managed_id(scope, district.id)


def _require_managed_id(scope: Scope, district_id: uuid.UUID) -> None:
    if not (scope.everything or district_id in scope.district_ids):
        raise Forbidden("Only the district's managers can change it.")


def _require_everything(scope: Scope) -> None:
    if not scope.everything:
        raise Forbidden("Only administrators can add districts.")


async def create_district(
    session: AsyncSession, scope: Scope, data: DistrictCreate, district_id: uuid.UUID | None = None
) -> District:
    _require_everything(scope)
    values = data.model_dump(exclude={"id"})
    district = District(**values, **({"id": district_id} if district_id else {}))
    return await create_record(session, district, RESOURCE, place)


async def update_district(session: AsyncSession, district: District, patch: DistrictUpdate) -> bool:
    _validated({name: getattr(district, name) for name in DistrictCreate.model_fields}, patch)
    return await update_record(session, district, patch.changes(), RESOURCE, place)


def _validated(current: dict[str, Any], patch: DistrictUpdate) -> None:
    DistrictCreate.model_validate(current | patch.changes())


async def delete_district(session: AsyncSession, district: District) -> None:
    schools = await session.scalar(
        select(func.count()).select_from(School).where(School.district_id == district.id)
    )
    if schools:
        raise Conflict(f"The district still has {schools} school(s); move or delete them first.")
    await delete_record(session, district, RESOURCE, place)


class DistrictRows(BulkRows[DistrictUpsert]):
    """Bulk rows: matched by id, then NCES LEA id, then state district id."""

    model, resource, schema = District, RESOURCE, DistrictUpsert
    keys = ("nces_leaid", "state_district_id")

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.visible: set[uuid.UUID] = set()

    async def prepare(
        self,
        session: AsyncSession,
        rows: Sequence[DistrictUpsert],
        stored: Sequence[dict[str, Any]],
    ) -> None:
        if not self.scope.everything and stored:
            ids = [record["id"] for record in stored]
            self.visible = set(
                await session.scalars(
                    select(District.id).where(District.id.in_(ids), districts_in_scope(self.scope))
                )
            )

    def check(self, record: dict[str, Any], made_here: bool) -> None:
        # Only administrators add districts, and they reach every one.
        if not (self.scope.everything or record["id"] in self.visible):
            raise NotFound
        _require_managed_id(self.scope, record["id"])

    def create(self, row: DistrictUpsert) -> dict[str, Any]:
        _require_everything(self.scope)
        return row.model_dump(exclude={"id"})

    def update(self, record: dict[str, Any], row: DistrictUpsert) -> dict[str, Any]:
        patch = DistrictUpdate.model_validate(row.model_dump(exclude={"id"}, exclude_unset=True))
        _validated({name: record[name] for name in DistrictCreate.model_fields}, patch)
        return patch.changes()

    def place(self, record: dict[str, Any], operation: Operation) -> dict[str, Any]:
        return {"district_id": record["id"]}
