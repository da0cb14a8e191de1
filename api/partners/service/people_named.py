"""Whom a caller may name on an agreement's records (attendees, action item owners).

Someone the caller already sees, a contact no role places yet, or someone who works for
one of the agreement's parties (the partner, its schools, its district): a partner logs
a meeting with a school's principal it cannot otherwise read. Never any person id from
anywhere, which would write another district's contact into this agreement's log.
"""

import uuid
from collections.abc import Collection

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import people_placeable
from api.core.scope import Scope
from api.directory.models import Person, RoleAssignment, School
from api.partners.models import Agreement, AgreementSchool


def works_for_parties(agreement: Agreement) -> ColumnElement[bool]:
    if agreement.district_wide:
        schools = select(School.id).where(School.district_id == agreement.district_id)
    else:
        schools = select(AgreementSchool.school_id).where(
            AgreementSchool.agreement_id == agreement.id
        )
    return exists(
        select(RoleAssignment.id).where(
            RoleAssignment.person_id == Person.id,
            or_(
                RoleAssignment.partner_id == agreement.partner_id,
                RoleAssignment.district_id == agreement.district_id,
                RoleAssignment.school_id.in_(schools),
            ),
        )
    )


async def nameable(
    session: AsyncSession, scope: Scope, agreement: Agreement, wanted: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    """The people among `wanted` the caller may name; the others read as unknown ids."""
    if not wanted:
        return set()
    stmt = select(Person.id).where(Person.id.in_(set(wanted)))
    if not scope.everything:
        stmt = stmt.where(or_(people_placeable(scope), works_for_parties(agreement)))
    return set(await session.scalars(stmt))
