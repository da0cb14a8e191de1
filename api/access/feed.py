"""Which events of the change feed a caller sees: those naming a place in their scope.

An event names its record's district, school or partner on its own row, and any further
places in `event_places`; these conditions say which of those places are the caller's.
"""

from sqlalchemy import ColumnElement, and_, select

from api.access.directory import engaged_partner_ids
from api.core.events import Event, EventPlace
from api.core.scope import Scope
from api.directory.models import School

# The directory's resources for people and their roles (its services' RESOURCE names).
STAFF_RESOURCES = ("people", "role_assignments")


def named(scope: Scope, row: type[Event] | type[EventPlace]) -> list[ColumnElement[bool]]:
    """Where a row naming a district, a school or a partner puts its event in the scope."""
    conditions: list[ColumnElement[bool]] = []
    if scope.district_ids:
        conditions += [
            row.district_id.in_(scope.district_ids),
            # What is placed by school alone (a role assignment names no district)
            # belongs to the school's district too.
            row.school_id.in_(select(School.id).where(School.district_id.in_(scope.district_ids))),
        ]
    if scope.school_ids:
        conditions.append(row.school_id.in_(scope.school_ids))
    if scope.district_ids or scope.school_ids:
        # School and district staff see the people of partners working with them (and
        # their roles), not those partners' agreements with other schools.
        conditions.append(
            and_(
                Event.resource.in_(STAFF_RESOURCES),
                row.partner_id.in_(engaged_partner_ids(scope)),
            )
        )
    if scope.partner_ids:
        conditions.append(row.partner_id.in_(scope.partner_ids))
    return conditions


def on_places(scope: Scope) -> list[ColumnElement[bool]]:
    """Places an event names beyond its row's own (each school of a multi-school agreement,
    the district of a district-wide one, wherever a person holds a role), so everyone who
    sees the record sees its events."""
    conditions = named(scope, EventPlace)
    if scope.school_ids:
        districts = select(School.district_id).where(School.id.in_(scope.school_ids))
        # No school named: every school of the district, but not its office.
        conditions.append(
            and_(
                EventPlace.school_id.is_(None),
                EventPlace.district_office.is_(False),
                EventPlace.district_id.in_(districts),
            )
        )
    return conditions
