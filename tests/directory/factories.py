"""Small factories: each makes one valid record and lets a test override any field."""

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import District, Person, RoleAssignment, School
from api.directory.vocabulary import grade_rank, locale_type_for

_serial = itertools.count(1)


async def _saved(session: AsyncSession, record: Any) -> Any:
    session.add(record)
    await session.flush()
    return record


async def make_district(session: AsyncSession, **overrides: Any) -> District:
    n = next(_serial)
    values: dict[str, Any] = {
        "name": f"District {n}",
        "state": "CA",
        "nces_leaid": f"{6_000_000 + n:07d}",
    }
    return await _saved(session, District(**(values | overrides)))


async def make_school(
    session: AsyncSession, district: District | None = None, **overrides: Any
) -> School:
    district = district or await make_district(session)
    n = next(_serial)
    values: dict[str, Any] = {
        "name": f"School {n:05d}",
        "district_id": district.id,
        "nces_id": f"{600_000_000_000 + n:012d}",
        "level": "elementary",
        "grade_low": "KG",
        "grade_high": "05",
        "locale_code": 21,
        "state": district.state,
        "status": "open",
    } | overrides
    values["grade_low_rank"] = grade_rank(values.get("grade_low"))
    values["grade_high_rank"] = grade_rank(values.get("grade_high"))
    values["locale_type"] = locale_type_for(values.get("locale_code"))
    return await _saved(session, School(**values))


async def make_person(session: AsyncSession, **overrides: Any) -> Person:
    n = next(_serial)
    values: dict[str, Any] = {
        "given_name": f"Given{n}",
        "family_name": f"Family{n:05d}",
        "email": f"person{n}@example.org",
        "social_handles": {},
    }
    return await _saved(session, Person(**(values | overrides)))


async def make_assignment(
    session: AsyncSession,
    person: Person,
    *,
    school: School | None = None,
    district: District | None = None,
    **overrides: Any,
) -> RoleAssignment:
    values: dict[str, Any] = {
        "person_id": person.id,
        "school_id": school.id if school else None,
        "district_id": district.id if district else None,
        "role": "teacher",
        "subjects": [],
        "grade_levels": [],
        "start_date": dt.date(2024, 8, 1),
    }
    return await _saved(session, RoleAssignment(**(values | overrides)))
