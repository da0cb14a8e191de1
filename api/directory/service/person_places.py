"""Where a person's events belong in the change feed: wherever they hold a role.

A person has no place of their own, so each of their events names the schools (with
their districts), district offices and partners of their role assignments, ended or
not, as the people scoping does (see `scoping.people_in_scope`).
"""

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import Placement
from api.core.events import LatePlaces, Place, place_creation
from api.directory.models import Person, RoleAssignment, School

RESOURCE = "people"


async def places_held(session: AsyncSession, *where: ColumnElement[bool]) -> tuple[Place, ...]:
    rows = await session.execute(
        select(
            RoleAssignment.school_id,
            School.district_id,
            RoleAssignment.district_id,
            RoleAssignment.partner_id,
        )
        .outerjoin(School, School.id == RoleAssignment.school_id)
        .where(*where)
    )
    places = {
        Place(school_district or district, school, partner, district_office=district is not None)
        for school, school_district, district, partner in rows
    }
    return tuple(sorted(places, key=Place.key))


async def placement(session: AsyncSession, person: Person) -> Placement:
    """The places of an event about the person, read before the change, so a delete's
    tombstone still reaches where they were."""
    place = {"places": await places_held(session, RoleAssignment.person_id == person.id)}
    return lambda _: place


async def place_creation_with(session: AsyncSession, assignment: RoleAssignment) -> None:
    """The person's creation reaches the assignment's place: whoever sees them there
    learns when the contact was made (the web client creates, then places)."""
    places = await places_held(session, RoleAssignment.id == assignment.id)
    place_creation(session, LatePlaces(RESOURCE, assignment.person_id, places))
