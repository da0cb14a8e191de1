"""What makes a participant's profile consistent, and where they work by default."""

import datetime as dt
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import RoleAssignment, School
from api.mentoring.service.references import invalid
from api.mentoring.vocabulary import ParticipantRole


def check_profile(values: Mapping[str, Any]) -> None:
    """422 naming the field: capacity on a mentee, leaving before enrolling, a reason
    for leaving without the date."""
    if values.get("capacity") is not None and values["role"] != ParticipantRole.mentor:
        raise invalid("capacity", "capacity is for mentors only")
    left_on, enrolled_on = values.get("left_on"), values["enrolled_on"]
    if left_on is not None and left_on < enrolled_on:
        raise invalid("left_on", "left_on is before enrolled_on", "date")
    if values.get("left_reason") is not None and left_on is None:
        raise invalid("left_reason", "left_reason needs left_on")
    if values.get("supervisor_id") is not None and values.get("supervisor_id") == values.get(
        "person_id"
    ):
        raise invalid("supervisor_id", "a person does not supervise themselves")


@dataclass(frozen=True)
class CurrentRole:
    school_id: uuid.UUID | None
    district_id: uuid.UUID | None
    role: str


@dataclass(frozen=True)
class SchoolFacts:
    district_id: uuid.UUID
    level: str
    locale_type: str | None


async def current_roles(
    session: AsyncSession, person_ids: Collection[uuid.UUID], today: dt.date
) -> dict[uuid.UUID, CurrentRole]:
    """Each person's current school or district role, the latest started first."""
    if not person_ids:
        return {}
    rows = await session.execute(
        select(
            RoleAssignment.person_id,
            RoleAssignment.school_id,
            RoleAssignment.district_id,
            RoleAssignment.role,
        )
        .where(
            RoleAssignment.person_id.in_(list(person_ids)),
            or_(RoleAssignment.school_id.is_not(None), RoleAssignment.district_id.is_not(None)),
            or_(RoleAssignment.end_date.is_(None), RoleAssignment.end_date >= today),
        )
        .order_by(RoleAssignment.start_date.desc().nulls_last(), RoleAssignment.id.desc())
    )
    roles: dict[uuid.UUID, CurrentRole] = {}
    for person_id, school_id, district_id, role in rows:
        roles.setdefault(person_id, CurrentRole(school_id, district_id, role))
    return roles


async def school_facts(
    session: AsyncSession, school_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, SchoolFacts]:
    if not school_ids:
        return {}
    rows = await session.execute(
        select(School.id, School.district_id, School.level, School.locale_type).where(
            School.id.in_(list(school_ids))
        )
    )
    return {row.id: SchoolFacts(row.district_id, row.level, row.locale_type) for row in rows}


def schools_named(
    values: Mapping[str, Any], roles: Mapping[uuid.UUID, CurrentRole]
) -> set[uuid.UUID]:
    """The schools `with_place` may read facts of."""
    named = {role.school_id for role in roles.values() if role.school_id}
    return named | ({values["school_id"]} if values.get("school_id") else set())


DERIVED = frozenset({"school_id", "district_id", "staff_role", "school_level", "locale_type"})


def given_on_update(given: set[str]) -> set[str]:
    """On an update only a new school is read for facts; nothing else is derived again."""
    return given | {"staff_role"} if "school_id" in given else given | DERIVED


def with_place(
    values: dict[str, Any],
    given: Collection[str],
    roles: Mapping[uuid.UUID, CurrentRole],
    schools: Mapping[uuid.UUID, SchoolFacts],
) -> dict[str, Any]:
    """What the body left out, from the person's current role assignment (school,
    district, staff role) and from their school (district, school level, locale type)."""
    role = roles.get(values["person_id"]) if values.get("person_id") else None
    if role is not None:
        if "school_id" not in given and "district_id" not in given:
            values["school_id"], values["district_id"] = role.school_id, role.district_id
        if "staff_role" not in given and values.get("staff_role") is None:
            values["staff_role"] = role.role
    facts = schools.get(values["school_id"]) if values.get("school_id") else None
    if facts is not None:
        for field, value in (
            ("district_id", facts.district_id),
            ("school_level", facts.level),
            ("locale_type", facts.locale_type),
        ):
            if field not in given:
                values[field] = value
    return values
