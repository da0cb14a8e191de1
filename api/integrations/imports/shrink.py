"""The shrink guard: an import that would deactivate more than a fifth of a district's
schools, people and role assignments is refused unless the caller says the shrink is
meant.

A district's records are its schools, the role assignments at it or at one of its
schools, and the people holding them; active ones are schools not closed, people not
inactive, roles not ended by today. Counted inside the import's transaction, after it
ran: what is active now plus what it deactivated is what was active before.
"""

import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.vocabulary import SchoolStatus
from api.integrations.imports.changes import Change

MAX_SHARE = 0.20
# Records whose events name their district; a person's districts are read from its roles.
PLACED = ("schools", "role_assignments")


@dataclass(frozen=True)
class Shrink:
    district_id: uuid.UUID
    name: str
    deactivated: int
    before: int

    @property
    def share(self) -> float:
        return self.deactivated / self.before if self.before else 1.0

    def reason(self) -> str:
        return (
            f"The import would deactivate {self.deactivated} of the {self.before} active "
            f"schools, people and role assignments of district {self.name} ({self.district_id}), "
            f"{self.share:.0%}: more than {MAX_SHARE:.0%}. Nothing was written; send "
            "allow_shrink=true if the district really shrinks."
        )


async def _districts_of_people(
    session: AsyncSession, person_ids: list[uuid.UUID]
) -> dict[uuid.UUID, set[uuid.UUID]]:
    rows = await session.execute(
        select(
            RoleAssignment.person_id, func.coalesce(RoleAssignment.district_id, School.district_id)
        )
        .outerjoin(School, School.id == RoleAssignment.school_id)
        .where(RoleAssignment.person_id.in_(person_ids))
    )
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    for person_id, district_id in rows:
        if district_id is not None:
            found.setdefault(person_id, set()).add(district_id)
    return found


async def _active_records(session: AsyncSession, district_id: uuid.UUID) -> int:
    schools = await session.scalar(
        select(func.count())
        .select_from(School)
        .where(School.district_id == district_id, School.status != SchoolStatus.closed.value)
    )
    school_ids = select(School.id).where(School.district_id == district_id)
    people = await session.scalar(
        select(func.count(func.distinct(Person.id)))
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(
            Person.is_active.is_(True),
            or_(
                RoleAssignment.district_id == district_id,
                RoleAssignment.school_id.in_(school_ids),
            ),
        )
    )
    today = utcnow().date()
    roles = await session.scalar(
        select(func.count())
        .select_from(RoleAssignment)
        .where(
            or_(RoleAssignment.end_date.is_(None), RoleAssignment.end_date > today),
            or_(
                RoleAssignment.district_id == district_id,
                RoleAssignment.school_id.in_(school_ids),
            ),
        )
    )
    return int(schools or 0) + int(people or 0) + int(roles or 0)


async def worst_shrink(session: AsyncSession, deactivated: list[Change]) -> Shrink | None:
    """The district losing the largest share of its records, when over the limit."""
    if not deactivated:
        return None
    lost: Counter[uuid.UUID] = Counter()
    people = [c.resource_id for c in deactivated if c.resource == "people"]
    places = await _districts_of_people(session, people) if people else {}
    for change in deactivated:
        if change.resource in PLACED and change.district_id is not None:
            lost[change.district_id] += 1
        for district_id in places.get(change.resource_id, ()):
            lost[district_id] += 1
    worst: Shrink | None = None
    for district_id, count in lost.items():
        before = await _active_records(session, district_id) + count
        name = await session.scalar(select(District.name).where(District.id == district_id))
        shrink = Shrink(district_id, str(name), count, before)
        if shrink.share > MAX_SHARE and (worst is None or shrink.share > worst.share):
            worst = shrink
    return worst
