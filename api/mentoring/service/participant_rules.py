"""What makes a participant's profile consistent, and where they work by default."""

import datetime as dt
import uuid
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import RoleAssignment, School
from api.mentoring.service.references import invalid
from api.mentoring.vocabulary import ParticipantRole

Place = tuple[uuid.UUID | None, uuid.UUID | None]


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


async def current_places(
    session: AsyncSession, person_ids: Collection[uuid.UUID], today: dt.date
) -> dict[uuid.UUID, Place]:
    """Each person's (school, district) from their current school or district role, the
    latest started first."""
    if not person_ids:
        return {}
    rows = await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.school_id, RoleAssignment.district_id)
        .where(
            RoleAssignment.person_id.in_(list(person_ids)),
            or_(RoleAssignment.school_id.is_not(None), RoleAssignment.district_id.is_not(None)),
            or_(RoleAssignment.end_date.is_(None), RoleAssignment.end_date >= today),
        )
        .order_by(RoleAssignment.start_date.desc().nulls_last(), RoleAssignment.id.desc())
    )
    places: dict[uuid.UUID, Place] = {}
    for person_id, school_id, district_id in rows:
        places.setdefault(person_id, (school_id, district_id))
    return places


async def school_districts(
    session: AsyncSession, school_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    if not school_ids:
        return {}
    rows = await session.execute(
        select(School.id, School.district_id).where(School.id.in_(list(school_ids)))
    )
    return {row.id: row.district_id for row in rows}


def with_place(
    values: dict[str, Any],
    given: Collection[str],
    places: Mapping[uuid.UUID, Place],
    districts: Mapping[uuid.UUID, uuid.UUID],
) -> dict[str, Any]:
    """School and district, when the body left them out: the school's district, else the
    person's current role assignment."""
    if "school_id" not in given and "district_id" not in given:
        school_id, district_id = places.get(values["person_id"], (None, None))
        values["school_id"], values["district_id"] = school_id, district_id
    if values.get("school_id") and "district_id" not in given:
        values["district_id"] = districts.get(values["school_id"], values.get("district_id"))
    return values
