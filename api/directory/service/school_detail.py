"""One school as its page shows it: with its district and current key contacts."""

import datetime as dt
import uuid
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, Select, Uuid, and_, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.directory import managed_schools, schools_in_scope
from api.core.driver_reads import fetch_rows
from api.core.scope import Scope
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.schemas import SchoolRead
from api.directory.service.schools import READ_COLUMNS
from api.directory.vocabulary import KEY_CONTACT_ROLES

CONTACT_COLUMNS = (
    "person_id",
    "given_name",
    "family_name",
    "role",
    "title",
    "email",
    "phone",
    "verified_at",
)


@lru_cache(maxsize=256)
def _detail_statement(scope: Scope) -> Select[Any]:
    """The school, its district and its current key contacts (one row each, or one
    row with no contact), as one prepared statement; `school_id` and `today` are bound."""
    district = District.__table__.c
    school_id = bindparam("school_id", type_=Uuid)
    contacts = (
        select(
            RoleAssignment.school_id,
            Person.id.label("person_id"),
            Person.given_name,
            Person.family_name,
            RoleAssignment.role,
            RoleAssignment.title,
            Person.email,
            Person.phone,
            Person.verified_at,
            RoleAssignment.is_primary,
        )
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(
            # Repeats the join condition: SQLite would otherwise build every school's contacts.
            RoleAssignment.school_id == school_id,
            RoleAssignment.role.in_([role.value for role in KEY_CONTACT_ROLES]),
            or_(
                RoleAssignment.end_date.is_(None),
                RoleAssignment.end_date >= bindparam("today", type_=Date),
            ),
            Person.is_active.is_(True),
        )
        .subquery("contacts")
    )
    return (
        select(
            *READ_COLUMNS,
            district.name.label("district_name"),
            district.nces_leaid.label("district_nces_leaid"),
            district.state.label("district_state"),
            *(contacts.c[name].label(f"contact_{name}") for name in CONTACT_COLUMNS),
        )
        .join(District, District.id == School.district_id)
        # Staff of a school are contacts for those who manage it; a partner organisation
        # sees the schools it serves, not the people working there.
        .outerjoin(contacts, and_(contacts.c.school_id == School.id, managed_schools(scope)))
        .where(School.id == school_id, schools_in_scope(scope))
        .order_by(contacts.c.role.desc(), contacts.c.is_primary.desc(), contacts.c.family_name)
    )


async def get_school_detail(
    connection: AsyncConnection, scope: Scope, school_id: uuid.UUID, today: dt.date
) -> dict[str, Any] | None:
    """The school with its district and current key contacts, in one query."""
    rows = await fetch_rows(
        connection, _detail_statement(scope), {"school_id": school_id, "today": today}
    )
    if not rows:
        return None
    first = rows[0]
    detail = {name: first[name] for name in SchoolRead.model_fields}
    detail["district"] = {
        "id": first["district_id"],
        "name": first["district_name"],
        "nces_leaid": first["district_nces_leaid"],
        "state": first["district_state"],
    }
    detail["key_contacts"] = [
        {name: row[f"contact_{name}"] for name in CONTACT_COLUMNS}
        for row in rows
        if row["contact_person_id"] is not None
    ]
    return detail
