"""Bulk rows for the role assignments a people file gives: one per person, place and role.

A row is matched to a stored assignment before it gets here (its `id`), so the set
machinery only checks scope and writes; the feed places each event as the directory's
own assignment writes do.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.bulk import BulkRows
from api.core.errors import Forbidden, NotFound
from api.core.events import Operation
from api.core.scope import Scope
from api.directory.models import RoleAssignment, School
from api.directory.schemas import ShortText
from api.directory.vocabulary import StaffRole

Record = dict[str, Any]
OUTSIDE = "You can give roles only in the districts and schools you manage."


class AssignmentRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = None
    person_id: uuid.UUID
    school_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None
    role: StaffRole
    title: ShortText | None = None


class AssignmentRows(BulkRows[AssignmentRow]):
    model, resource, schema = RoleAssignment, "role_assignments", AssignmentRow

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.districts: dict[uuid.UUID, uuid.UUID] = {}  # school -> its district

    async def prepare(
        self, session: AsyncSession, rows: Sequence[AssignmentRow], stored: Sequence[Record]
    ) -> None:
        schools = {row.school_id for row in rows} | {record["school_id"] for record in stored}
        found = await session.execute(
            select(School.id, School.district_id).where(School.id.in_(schools - {None}))
        )
        self.districts = {row[0]: row[1] for row in found}

    def _district_of(self, school_id: uuid.UUID | None, district_id: uuid.UUID | None) -> Any:
        return self.districts.get(school_id) if school_id else district_id

    def _manages(self, school_id: uuid.UUID | None, district_id: uuid.UUID | None) -> bool:
        if self.scope.everything:
            return True
        return (
            school_id in self.scope.school_ids
            or self._district_of(school_id, district_id) in self.scope.district_ids
        )

    def check(self, record: Record, made_here: bool) -> None:
        if record["partner_id"] is not None or not self._manages(
            record["school_id"], record["district_id"]
        ):
            raise NotFound

    def create(self, row: AssignmentRow) -> Record:
        if not self._manages(row.school_id, row.district_id):
            raise Forbidden(OUTSIDE)
        return row.model_dump(exclude={"id"}) | {"subjects": [], "grade_levels": []}

    def update(self, record: Record, row: AssignmentRow) -> Record:
        values = row.model_dump(exclude={"id"}, exclude_unset=True)
        return {name: value for name, value in values.items() if record[name] != value}

    def place(self, record: Record, operation: Operation) -> dict[str, Any]:
        return {
            "district_id": self._district_of(record["school_id"], record["district_id"]),
            "school_id": record["school_id"],
        }
