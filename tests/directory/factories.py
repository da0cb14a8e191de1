"""Small factories: each makes one valid record and lets a test override any field.

`new_*` builds the record with its id and without saving it, for tests that add many
records in a few flushes; `make_*` saves it.
"""

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.vocabulary import grade_rank, locale_type_for

_serial = itertools.count(1)


async def _saved(session: AsyncSession, record: Any) -> Any:
    session.add(record)
    await session.flush()
    return record


def new_district(**overrides: Any) -> District:
    n = next(_serial)
    values: dict[str, Any] = {
        "id": new_id(),
        "name": f"District {n}",
        "state": "CA",
        "nces_leaid": f"{6_000_000 + n:07d}",
    }
    return District(**(values | overrides))


async def make_district(session: AsyncSession, **overrides: Any) -> District:
    return await _saved(session, new_district(**overrides))


def new_school(district: District, **overrides: Any) -> School:
    n = next(_serial)
    values: dict[str, Any] = {
        "id": new_id(),
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
    return School(**values)


async def make_school(
    session: AsyncSession, district: District | None = None, **overrides: Any
) -> School:
    district = district or await make_district(session)
    return await _saved(session, new_school(district, **overrides))


def new_person(**overrides: Any) -> Person:
    n = next(_serial)
    values: dict[str, Any] = {
        "id": new_id(),
        "given_name": f"Given{n}",
        "family_name": f"Family{n:05d}",
        "email": f"person{n}@example.org",
        "social_handles": {},
    }
    return Person(**(values | overrides))


async def make_person(session: AsyncSession, **overrides: Any) -> Person:
    return await _saved(session, new_person(**overrides))


def new_assignment(
    person: Person,
    *,
    school: School | None = None,
    district: District | None = None,
    **overrides: Any,
) -> RoleAssignment:
    values: dict[str, Any] = {
        "id": new_id(),
        "person_id": person.id,
        "school_id": school.id if school else None,
        "district_id": district.id if district else None,
        "role": "teacher",
        "subjects": [],
        "grade_levels": [],
        "start_date": dt.date(2024, 8, 1),
    }
    return RoleAssignment(**(values | overrides))


async def make_assignment(
    session: AsyncSession,
    person: Person,
    *,
    school: School | None = None,
    district: District | None = None,
    **overrides: Any,
) -> RoleAssignment:
    return await _saved(
        session, new_assignment(person, school=school, district=district, **overrides)
    )
