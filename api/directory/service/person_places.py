"""Where a person's events belong in the change feed: wherever they hold a role.

A person has no place of their own, so each of their events names the schools (with
their districts), district offices and partners of their role assignments, ended or
not, as the people scoping does (see `api.access.directory.people_in_scope`). A role
that puts them somewhere new adds a `visible` event there; their earlier events stay
where they were.
"""

import uuid
from collections.abc import Collection
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import Placement
from api.core.events import Place, record_visible
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


class RolePlace(Protocol):
    """Where a role assignment is, stored or about to be."""

    @property
    def person_id(self) -> uuid.UUID: ...
    @property
    def school_id(self) -> uuid.UUID | None: ...
    @property
    def district_id(self) -> uuid.UUID | None: ...
    @property
    def partner_id(self) -> uuid.UUID | None: ...


async def _place_of(session: AsyncSession, role: RolePlace) -> Place:
    school_district = None
    if role.school_id is not None:
        school_district = await session.scalar(
            select(School.district_id).where(School.id == role.school_id)
        )
    return Place(
        school_district or role.district_id,
        role.school_id,
        role.partner_id,
        district_office=role.district_id is not None,
    )


async def announce_at_new_place(session: AsyncSession, role: RolePlace) -> None:
    """Call before a role is stored at `role`'s place: if no role has put the person
    there yet, whoever sees them there gets a `visible` event for them, ahead of the
    role's own event (the web client creates a contact, then places them)."""
    place = await _place_of(session, role)
    if place in await places_held(session, RoleAssignment.person_id == role.person_id):
        return
    version = await session.scalar(select(Person.version).where(Person.id == role.person_id))
    if version is not None:
        record_visible(session, RESOURCE, role.person_id, version, (place,))
