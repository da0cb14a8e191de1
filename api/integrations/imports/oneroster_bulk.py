"""What a bulk OneRoster file leaves out is gone from the SIS: deactivate it.

A bulk file is the whole of its kind for the districts it covers (the job's district,
else the district orgs it holds). A school it leaves out is closed, a person it leaves
out made inactive, a role it leaves out ended today, as `tobedeleted` would; only
records an earlier OneRoster import brought in are touched (a school or a role with a
`sourcedId`, a person holding such a role), never what was entered by hand. A delta
file leaves everything else as it is.
"""

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import Placement, update_record
from api.core.db import utcnow
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.oneroster.files import Mode, OneRosterFiles, split_ids
from api.directory.oneroster.role_rows import ended_on, role_id_11
from api.directory.service import assignments, person_places, schools
from api.directory.vocabulary import SchoolStatus


def _sourced_ids(files: OneRosterFiles, name: str) -> set[str]:
    return {sid for row in files.of(name) if (sid := row.get("sourcedId"))}


async def covered_districts(
    session: AsyncSession, files: OneRosterFiles, district_id: uuid.UUID | None
) -> list[uuid.UUID]:
    if district_id is not None:
        return [district_id]
    orgs = {
        sid
        for row in files.of("orgs")
        if (sid := row.get("sourcedId")) and (row.get("type") or "").strip() == "district"
    }
    if not orgs:
        return []
    return list(await session.scalars(select(District.id).where(District.oneroster_id.in_(orgs))))


async def deactivate_missing(
    session: AsyncSession, files: OneRosterFiles, district_id: uuid.UUID | None
) -> int:
    """Deactivate what a bulk file leaves out; how many records were changed."""
    districts = await covered_districts(session, files, district_id)
    if not districts:
        return 0
    changed = 0
    if files.modes.get("orgs") is Mode.bulk:
        changed += await _close_schools(session, districts, _sourced_ids(files, "orgs"))
    if files.modes.get("users") is Mode.bulk:
        changed += await _deactivate_people(session, districts, _sourced_ids(files, "users"))
    roles = _bulk_role_ids(files)
    if roles is not None:
        changed += await _end_roles(session, districts, roles, utcnow().date())
    return changed


def _bulk_role_ids(files: OneRosterFiles) -> set[str] | None:
    """The roles a bulk file holds (1.1: one per user and org, as the importer names
    them), or None when its roles are not bulk."""
    if files.version == "1.1":
        if files.modes.get("users") is not Mode.bulk:
            return None
        return {
            role_id_11(user, org)
            for row in files.of("users")
            if (user := row.get("sourcedId"))
            for org in split_ids(row.get("orgSourcedIds"))
        }
    if files.modes.get("roles") is not Mode.bulk:
        return None
    return _sourced_ids(files, "roles")


async def _end_roles(
    session: AsyncSession, districts: Iterable[uuid.UUID], kept: set[str], today: dt.date
) -> int:
    district_ids = list(districts)
    district = func.coalesce(RoleAssignment.district_id, School.district_id)
    missing = await session.execute(
        select(RoleAssignment, district)
        .outerjoin(School, School.id == RoleAssignment.school_id)
        .where(
            RoleAssignment.oneroster_id.is_not(None),
            district.in_(district_ids),
            or_(RoleAssignment.end_date.is_(None), RoleAssignment.end_date > today),
        )
        .order_by(RoleAssignment.id)
    )
    changed = 0
    for role, district_id in missing.all():
        if role.oneroster_id in kept:
            continue
        ended = {"end_date": ended_on(role.start_date, today)}
        changed += await update_record(
            session, role, ended, assignments.RESOURCE, _placed_in(district_id)
        )
    return changed


async def _close_schools(
    session: AsyncSession, districts: Iterable[uuid.UUID], kept: set[str]
) -> int:
    missing = await session.scalars(
        select(School)
        .where(
            School.district_id.in_(districts),
            School.oneroster_id.is_not(None),
            School.status != SchoolStatus.closed.value,
        )
        .order_by(School.id)
    )
    changed = 0
    for school in missing.all():
        if school.oneroster_id not in kept:
            status = {"status": SchoolStatus.closed.value}
            changed += await update_record(session, school, status, schools.RESOURCE, schools.place)
    return changed


async def _deactivate_people(
    session: AsyncSession, districts: Iterable[uuid.UUID], kept: set[str]
) -> int:
    district_ids = list(districts)
    school_ids = select(School.id).where(School.district_id.in_(district_ids))
    rostered = select(RoleAssignment.person_id).where(
        RoleAssignment.oneroster_id.is_not(None),
        or_(
            RoleAssignment.district_id.in_(district_ids),
            RoleAssignment.school_id.in_(school_ids),
        ),
    )
    missing = await session.scalars(
        select(Person)
        .where(Person.id.in_(rostered), Person.sis_id.is_not(None), Person.is_active.is_(True))
        .order_by(Person.id)
    )
    changed = 0
    for person in missing.all():
        if person.sis_id not in kept:
            place = await person_places.placement(session, person)
            inactive = {"is_active": False}
            changed += await update_record(session, person, inactive, person_places.RESOURCE, place)
    return changed


def _placed_in(district_id: uuid.UUID) -> Placement:
    """A role's event reaches its district as well as its school, as an import's do."""
    return lambda role: {"district_id": district_id, "school_id": role.school_id}
