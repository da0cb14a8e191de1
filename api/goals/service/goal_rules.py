"""What a goal must satisfy before it is written: a school or district in the caller's
reach (a school goal in its school's district), an owner the caller can see, and the
fields of a valid goal. One `Reach` is read per request or per bulk batch, so the rules
themselves run without queries."""

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import districts_in_scope, people_in_scope, schools_in_scope
from api.access.goals import may_set_goals
from api.core.errors import Forbidden, Unprocessable
from api.core.scope import Scope
from api.directory.models import District, Person, School
from api.goals.schemas.goals import GoalCreate

NOT_A_SETTER = "Partners and viewers read goals; school and district staff set them."
NOT_YOURS = (
    "Coordinators set their own schools' goals; a district goal, and any goal of another "
    "school, is set by the district's managers."
)


def require_goal_setter(scope: Scope) -> None:
    if not may_set_goals(scope):
        raise Forbidden(NOT_A_SETTER)


def may_write_at(scope: Scope, school_id: uuid.UUID | None, district_id: uuid.UUID) -> bool:
    return (
        scope.everything
        or district_id in scope.district_ids
        or (school_id is not None and school_id in scope.school_ids)
    )


def _invalid(field: str, message: str, kind: str = "reference") -> Unprocessable:
    return Unprocessable(
        f"{field}: {message}.",
        errors=[{"loc": ["body", field], "msg": message, "type": kind}],
    )


@dataclass(frozen=True)
class Reach:
    """The schools (with their districts), districts and people a batch names that the
    caller can see."""

    scope: Scope
    schools: Mapping[uuid.UUID, uuid.UUID]
    districts: Collection[uuid.UUID]
    owners: Collection[uuid.UUID]

    def place(
        self, school_id: uuid.UUID | None, district_id: uuid.UUID | None
    ) -> tuple[uuid.UUID | None, uuid.UUID]:
        """The goal's school and district, once both are in reach and agree."""
        if school_id is not None:
            school_district = self.schools.get(school_id)
            if school_district is None:
                raise _invalid("school_id", "no such school in your scope")
            if district_id is not None and district_id != school_district:
                raise _invalid(
                    "district_id",
                    f"the school is in district {school_district}; omit district_id to take it",
                    "district_mismatch",
                )
            district_id = school_district
        elif district_id is None:
            raise _invalid("district_id", "a district goal names its district", "missing")
        elif district_id not in self.districts:
            raise _invalid("district_id", "no such district in your scope")
        if not may_write_at(self.scope, school_id, district_id):
            raise Forbidden(NOT_YOURS)
        return school_id, district_id

    def check_owner(self, owner_id: uuid.UUID | None) -> None:
        if owner_id is not None and owner_id not in self.owners:
            raise _invalid("owner_id", "no such person in your scope")


async def reach_of(
    session: AsyncSession,
    scope: Scope,
    school_ids: Collection[uuid.UUID | None],
    district_ids: Collection[uuid.UUID | None],
    owner_ids: Collection[uuid.UUID | None],
) -> Reach:
    schools_wanted = {s for s in school_ids if s is not None}
    districts_wanted = {d for d in district_ids if d is not None}
    owners_wanted = {o for o in owner_ids if o is not None}
    schools: dict[uuid.UUID, uuid.UUID] = {}
    districts: set[uuid.UUID] = set()
    owners: set[uuid.UUID] = set()
    if schools_wanted:
        found = await session.execute(
            select(School.id, School.district_id).where(
                School.id.in_(schools_wanted), schools_in_scope(scope)
            )
        )
        schools = {row.id: row.district_id for row in found}
    if districts_wanted:
        districts = set(
            await session.scalars(
                select(District.id).where(
                    District.id.in_(districts_wanted), districts_in_scope(scope)
                )
            )
        )
    if owners_wanted:
        owners = set(
            await session.scalars(
                select(Person.id).where(
                    Person.id.in_(owners_wanted), people_in_scope(scope, Person.id)
                )
            )
        )
    return Reach(scope, schools, districts, owners)


def _plain(value: Any) -> Any:
    """Vocabulary values as the plain strings the columns store."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def stored(goal: GoalCreate) -> dict[str, Any]:
    return {name: _plain(value) for name, value in goal.model_dump(exclude={"id"}).items()}


def new_goal_values(reach: Reach, data: GoalCreate) -> dict[str, Any]:
    values = stored(data)
    values["school_id"], values["district_id"] = reach.place(data.school_id, data.district_id)
    reach.check_owner(data.owner_id)
    return values


PLACE = frozenset({"school_id", "district_id"})


def changed_values(
    reach: Reach, current: Mapping[str, Any], changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The stored values a merge patch changes, once the goal it makes is valid.

    A new school brings its district unless the patch names one; the goal's own place
    and owner, unchanged, are not checked again (an owner who has since left the
    caller's reach does not block other edits).
    """
    merged = {name: current[name] for name in GoalCreate.model_fields} | dict(changes)
    if "school_id" in changes and "district_id" not in changes and changes["school_id"]:
        merged["district_id"] = None
    values = stored(GoalCreate.model_validate(merged))
    if PLACE.intersection(changes):
        values["school_id"], values["district_id"] = reach.place(
            merged["school_id"], merged["district_id"]
        )
    if "owner_id" in changes:
        reach.check_owner(values["owner_id"])
    return {name: values[name] for name in values if values[name] != current[name]}
