"""Where a person's events belong in the change feed: wherever they hold a role.

A person has no place of their own, so each of their events names the schools (with
their districts), district offices and partners of their role assignments, ended or
not, as the people scoping does (see `api.access.directory.people_in_scope`).
"""

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import Placement
from api.core.events import LatePlaces, Place, place_creation
from api.directory.models import Person, RoleAssignment, School

RESOURCE = "people"


HELD: list[Any] = [
    RoleAssignment.person_id,
    RoleAssignment.school_id,
    School.district_id,
    RoleAssignment.district_id,
    RoleAssignment.partner_id,
]


def _held(*where: ColumnElement[bool]) -> Select[Any]:
    return select(*HELD).outerjoin(School, School.id == RoleAssignment.school_id).where(*where)


def _place(school: Any, school_district: Any, district: Any, partner: Any) -> Place:
    return Place(school_district or district, school, partner, district_office=district is not None)


def _in_order(places: set[Place]) -> tuple[Place, ...]:
    return tuple(sorted(places, key=Place.key))


async def places_held(session: AsyncSession, *where: ColumnElement[bool]) -> tuple[Place, ...]:
    rows = await session.execute(_held(*where))
    return _in_order({_place(*row[1:]) for row in rows})


async def places_of_people(
    session: AsyncSession, person_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, tuple[Place, ...]]:
    """Each person's places, for a batch of people in one query."""
    held: dict[uuid.UUID, set[Place]] = {}
    if person_ids:
        for row in await session.execute(_held(RoleAssignment.person_id.in_(person_ids))):
            held.setdefault(row[0], set()).add(_place(*row[1:]))
    return {person_id: _in_order(places) for person_id, places in held.items()}


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
