"""The directory's bulk rows for OneRoster records, keyed first by `sourcedId`.

Each class reuses the set-based machinery of `api.core.bulk`; a row older than the
record's stored `dateLastModified` changes nothing, so a late or repeated delta
cannot undo a newer one.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.bulk import BulkRows
from api.core.errors import Forbidden, NotFound, Unprocessable
from api.core.events import Operation
from api.core.scope import Scope
from api.directory.models import District, RoleAssignment, School
from api.directory.schemas import (
    ExternalId,
    Name,
    NcesLeaId,
    NcesSchoolId,
    PersonUpsert,
    ShortText,
    StateCode,
)
from api.directory.service.people import PersonRows
from api.directory.vocabulary import SchoolStatus, StaffRole

SourcedId = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Record = dict[str, Any]


class Keyed(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = None
    oneroster_id: SourcedId
    oneroster_modified_at: dt.datetime | None = None


def is_stale(record: Record, row: Keyed) -> bool:
    stored = record.get("oneroster_modified_at")
    given = row.oneroster_modified_at
    return stored is not None and given is not None and given < stored


def _changes(record: Record, row: BaseModel, exclude: set[str]) -> Record:
    values = row.model_dump(exclude={"id", *exclude}, exclude_unset=True)
    return {name: value for name, value in values.items() if record[name] != value}


def _unmanaged(scope: Scope, district_id: uuid.UUID | None) -> bool:
    return not scope.everything and district_id not in scope.district_ids


class DistrictOrg(Keyed):
    name: Name
    nces_leaid: NcesLeaId | None = None
    state_district_id: ExternalId | None = None
    state: StateCode | None = None


class DistrictOrgRows(BulkRows[DistrictOrg]):
    model, resource, schema = District, "districts", DistrictOrg
    keys = ("oneroster_id", "nces_leaid", "state_district_id")

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def check(self, record: Record, made_here: bool) -> None:
        if _unmanaged(self.scope, record["id"]):
            raise NotFound

    def create(self, row: DistrictOrg) -> Record:
        if not self.scope.everything:
            raise Forbidden("Only administrators add districts; import into yours.")
        if row.state is None:
            raise Unprocessable(
                "A new district needs its state.",
                errors=[{"loc": ["state"], "msg": "give the districts' state", "type": "missing"}],
            )
        return row.model_dump(exclude={"id"})

    def update(self, record: Record, row: DistrictOrg) -> Record:
        # OneRoster carries no state: the district keeps its own.
        return {} if is_stale(record, row) else _changes(record, row, {"state"})

    def place(self, record: Record, operation: Operation) -> dict[str, Any]:
        return {"district_id": record["id"]}


class SchoolOrg(Keyed):
    name: Name
    district_id: uuid.UUID
    nces_id: NcesSchoolId | None = None
    state_school_id: ExternalId | None = None
    status: SchoolStatus | None = None


class SchoolOrgRows(BulkRows[SchoolOrg]):
    model, resource, schema = School, "schools", SchoolOrg
    keys = ("oneroster_id", "nces_id", "state_school_id")

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.states: dict[uuid.UUID, str] = {}

    async def prepare(
        self, session: AsyncSession, rows: Sequence[SchoolOrg], stored: Sequence[Record]
    ) -> None:
        wanted = {row.district_id for row in rows}
        found = await session.execute(
            select(District.id, District.state).where(District.id.in_(wanted))
        )
        self.states = {row[0]: row[1] for row in found}

    def check(self, record: Record, made_here: bool) -> None:
        if _unmanaged(self.scope, record["district_id"]):
            raise NotFound

    def _in_district(self, district_id: uuid.UUID) -> dict[str, Any]:
        if _unmanaged(self.scope, district_id):
            raise Forbidden("You can add and move schools only in the districts you manage.")
        return {"district_id": district_id, "state": self.states[district_id]}

    def create(self, row: SchoolOrg) -> Record:
        values = row.model_dump(exclude={"id", "district_id", "status"}) | {"level": "other"}
        if row.status is not None:
            values["status"] = row.status
        return values | self._in_district(row.district_id)

    def update(self, record: Record, row: SchoolOrg) -> Record:
        if is_stale(record, row):
            return {}
        changes = _changes(record, row, set())
        if "district_id" in changes:
            changes |= self._in_district(row.district_id)
        return changes

    def place(self, record: Record, operation: Operation) -> dict[str, Any]:
        return {"district_id": record["district_id"], "school_id": record["id"]}


class UserPerson(PersonUpsert):
    oneroster_modified_at: dt.datetime | None = None


class UserPersonRows(PersonRows):
    """The directory's own rules for people (scope, people shared with other districts),
    with a person's `sourcedId` as its `sis_id`."""

    schema = UserPerson

    def update(self, record: Record, row: PersonUpsert) -> Record:
        assert isinstance(row, UserPerson)
        if is_stale(record, row):  # type: ignore[arg-type]
            return {}
        plain = row.model_dump(exclude={"oneroster_modified_at"}, exclude_unset=True)
        dated = {"oneroster_modified_at": row.oneroster_modified_at}
        if (
            row.oneroster_modified_at is None
            or record["oneroster_modified_at"] == row.oneroster_modified_at
        ):
            dated = {}
        if all(record[name] == value for name, value in plain.items() if name != "id"):
            # Nothing the directory's rules look at changes: skip them (and their
            # email validation, a third of a large re-import's time).
            return dated
        # The row was validated as it was read.
        trusted = PersonUpsert.model_construct(_fields_set=set(plain), **plain)
        return super().update(record, trusted) | dated


class UserRole(Keyed):
    person_id: uuid.UUID
    school_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None
    role: StaffRole
    title: ShortText | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    is_primary: bool = False

    @model_validator(mode="after")
    def ordered_dates(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("endDate is before beginDate")
        return self


class UserRoleRows(BulkRows[UserRole]):
    model, resource, schema = RoleAssignment, "role_assignments", UserRole
    keys = ("oneroster_id",)

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.districts: dict[uuid.UUID, uuid.UUID] = {}  # school -> district

    async def prepare(
        self, session: AsyncSession, rows: Sequence[UserRole], stored: Sequence[Record]
    ) -> None:
        schools = {row.school_id for row in rows} | {record["school_id"] for record in stored}
        found = await session.execute(
            select(School.id, School.district_id).where(School.id.in_(schools - {None}))
        )
        self.districts = {row[0]: row[1] for row in found}

    def _district_of(self, values: Record | UserRole) -> uuid.UUID | None:
        get = values.get if isinstance(values, dict) else values.__dict__.get
        school_id = get("school_id")
        return self.districts.get(school_id) if school_id else get("district_id")

    def check(self, record: Record, made_here: bool) -> None:
        if record["partner_id"] is not None or _unmanaged(self.scope, self._district_of(record)):
            raise NotFound

    def create(self, row: UserRole) -> Record:
        if _unmanaged(self.scope, self._district_of(row)):
            raise Forbidden("You can give roles only in the districts you manage.")
        return row.model_dump(exclude={"id"}) | {"subjects": [], "grade_levels": []}

    def update(self, record: Record, row: UserRole) -> Record:
        if is_stale(record, row):
            return {}
        changes = _changes(record, row, set())
        if changes.keys() & {"school_id", "district_id"} and _unmanaged(
            self.scope, self._district_of(row)
        ):
            raise Forbidden("You can give roles only in the districts you manage.")
        return changes

    def place(self, record: Record, operation: Operation) -> dict[str, Any]:
        return {"district_id": self._district_of(record), "school_id": record["school_id"]}
