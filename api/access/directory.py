"""Scope filters for directory statements: applied in SQL, so what is outside is never read.

District managers and coordinators manage schools; a partner organisation sees
the schools its agreements serve (public directory data) and its own people,
never the staff of those schools.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true

from api.core.db import Column
from api.core.scope import Scope
from api.directory.models import District, Person, RoleAssignment, School
from api.partners.models import Agreement, AgreementSchool


def managed_schools(scope: Scope) -> ColumnElement[bool]:
    """Schools the caller works in as a district manager or coordinator."""
    if scope.everything:
        return true()
    if not scope.district_ids and not scope.school_ids:
        return false()
    return or_(School.district_id.in_(scope.district_ids), School.id.in_(scope.school_ids))


def in_managed_districts(scope: Scope, district_id: Column) -> ColumnElement[bool]:
    """The caller's districts and the districts of the caller's schools."""
    return or_(
        district_id.in_(scope.district_ids),
        district_id.in_(select(School.district_id).where(School.id.in_(scope.school_ids))),
    )


def _served_by_partners(scope: Scope) -> ColumnElement[bool]:
    agreements = select(Agreement.id).where(Agreement.partner_id.in_(scope.partner_ids))
    served = select(AgreementSchool.school_id).where(AgreementSchool.agreement_id.in_(agreements))
    district_wide = select(Agreement.district_id).where(
        Agreement.partner_id.in_(scope.partner_ids), Agreement.district_wide.is_(True)
    )
    return or_(School.id.in_(served), School.district_id.in_(district_wide))


def naming_schools(school_ids: Iterable[uuid.UUID]) -> ColumnElement[bool]:
    """The agreement names one of the schools (a district-wide one names none)."""
    return exists(
        select(AgreementSchool.school_id).where(
            AgreementSchool.agreement_id == Agreement.id,
            AgreementSchool.school_id.in_(list(school_ids)),
        )
    )


def agreements_touching(scope: Scope) -> ColumnElement[bool]:
    """Agreements in a district manager's districts or naming a coordinator's schools;
    a district-wide agreement touches every school of its district."""
    conditions: list[ColumnElement[bool]] = []
    if scope.district_ids:
        conditions.append(Agreement.district_id.in_(scope.district_ids))
    if scope.school_ids:
        conditions.append(naming_schools(scope.school_ids))
        conditions.append(
            and_(
                Agreement.district_wide.is_(True),
                Agreement.district_id.in_(
                    select(School.district_id).where(School.id.in_(scope.school_ids))
                ),
            )
        )
    return or_(*conditions) if conditions else false()


def engaged_partner_ids(scope: Scope) -> Select[Any]:
    """Partners with an agreement touching the caller's schools or districts."""
    return select(Agreement.partner_id).where(agreements_touching(scope))


def districts_in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if scope.district_ids or scope.school_ids:
        conditions.append(in_managed_districts(scope, District.id))
    if scope.partner_ids:
        conditions.append(
            District.id.in_(select(School.district_id).where(_served_by_partners(scope)))
        )
    return or_(*conditions) if conditions else false()


def schools_in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if scope.district_ids or scope.school_ids:
        conditions.append(managed_schools(scope))
    if scope.partner_ids:
        conditions.append(_served_by_partners(scope))
    return or_(*conditions) if conditions else false()


def assignments_in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if scope.district_ids or scope.school_ids:
        conditions += [
            RoleAssignment.school_id.in_(select(School.id).where(managed_schools(scope))),
            RoleAssignment.district_id.in_(scope.district_ids),
            # The staff of partners working with the caller's schools are their contacts.
            RoleAssignment.partner_id.in_(engaged_partner_ids(scope)),
        ]
    if scope.partner_ids:
        conditions.append(RoleAssignment.partner_id.in_(scope.partner_ids))
    return or_(*conditions) if conditions else false()


def people_in_scope(scope: Scope, person_id: Column) -> ColumnElement[bool]:
    """People are visible where they hold a role inside the scope."""
    if scope.everything:
        return true()
    return exists(
        select(RoleAssignment.id).where(
            RoleAssignment.person_id == person_id, assignments_in_scope(scope)
        )
    )


def partner_only(scope: Scope) -> bool:
    """A partner organisation's scope: its own people and agreements, no school or district."""
    return not (scope.everything or scope.district_ids or scope.school_ids)


def people_placeable(scope: Scope) -> ColumnElement[bool]:
    """Whom the caller may give a role: people they already see, or a contact no role
    places yet (one just added).

    An id read elsewhere (an interaction's attendee, an agreement's point of contact)
    must not pull a person of another district or organisation into the caller's scope.
    """
    if scope.everything:
        return true()
    placed = exists(select(RoleAssignment.id).where(RoleAssignment.person_id == Person.id))
    return or_(people_in_scope(scope, Person.id), ~placed)
