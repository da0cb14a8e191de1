"""Scope filters for directory statements: applied in SQL, so what is outside is never read."""

from sqlalchemy import ColumnElement, exists, false, or_, select, true

from api.core.db import Column
from api.core.scope import Scope
from api.directory.models import District, RoleAssignment, School


def districts_in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    school_districts = select(School.district_id).where(School.id.in_(scope.school_ids))
    return or_(District.id.in_(scope.district_ids), District.id.in_(school_districts))


def schools_in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    if not scope.district_ids and not scope.school_ids:
        return false()
    return or_(School.district_id.in_(scope.district_ids), School.id.in_(scope.school_ids))


def assignments_in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    schools = select(School.id).where(schools_in_scope(scope))
    return or_(
        RoleAssignment.school_id.in_(schools), RoleAssignment.district_id.in_(scope.district_ids)
    )


def people_in_scope(scope: Scope, person_id: Column) -> ColumnElement[bool]:
    """People are visible where they hold a role inside the scope."""
    if scope.everything:
        return true()
    return exists(
        select(RoleAssignment.id).where(
            RoleAssignment.person_id == person_id, assignments_in_scope(scope)
        )
    )
