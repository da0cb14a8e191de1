"""What suggestions need to know about partners: who they are, what their agreements offer
and at which kinds of school they work, read for a few partners at a time.

Partners are read in the order suggestions rank ties in, by name and then id as Python
compares them, so a ranking can stop reading once no partner further on could enter it.
"""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, literal, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.partners import partners_visible
from api.core.scope import Scope
from api.core.unnest import any_of
from api.directory.models import School
from api.goals.service.goal_coverage import in_force
from api.partners.models import Agreement, AgreementSchool, AgreementService, Partner
from api.partners.service.health import live

Place = tuple[Any, Any]  # (school level, locale type)


@dataclass(frozen=True)
class Candidate:
    partner_id: uuid.UUID
    name: str
    focus: frozenset[str]
    offers: frozenset[str] = frozenset()
    places: frozenset[Place] = frozenset()

    @property
    def key(self) -> tuple[str, uuid.UUID]:
        return (self.name, self.partner_id)


def _among(session: AsyncSession, column: Any, ids: Collection[Any], name: str) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return any_of(column, ids, name)
    return column.in_(list(ids))


def _by_code_point(session: AsyncSession, column: Any) -> Any:
    """The column compared as Python compares strings; SQLite's default collation does."""
    if session.get_bind().dialect.name == "postgresql":
        return column.collate("C")
    return column


def _suggestible(scope: Scope) -> list[ColumnElement[bool]]:
    return [partners_visible(scope), Partner.status != "inactive"]


def _at(places: Iterable[Place]) -> ColumnElement[bool]:
    pairs = [and_(School.level == level, School.locale_type == locale) for level, locale in places]
    return or_(*pairs) if pairs else false()


async def working_in_districts(
    session: AsyncSession, districts: Collection[Any], today: dt.date
) -> dict[Any, set[uuid.UUID]]:
    """The partners with an agreement in force in each of these districts."""
    found: dict[Any, set[uuid.UUID]] = defaultdict(set)
    if not districts:
        return found
    rows = await session.execute(
        select(Agreement.district_id, Agreement.partner_id)
        .where(_among(session, Agreement.district_id, districts, "district_ids"), in_force(today))
        .distinct()
    )
    for district_id, partner_id in rows:
        found[district_id].add(partner_id)
    return found


@dataclass(frozen=True)
class FactReader:
    """Reads partners with the wanted categories they offer and the places they work at."""

    session: AsyncSession
    scope: Scope
    today: dt.date
    places: frozenset[Place]
    categories: frozenset[str]

    async def partners_by_id(self, partner_ids: Collection[uuid.UUID]) -> list[Any]:
        if not partner_ids:
            return []
        stmt = select(Partner.id, Partner.name, Partner.focus_areas).where(
            _among(self.session, Partner.id, partner_ids, "partner_ids"),
            *_suggestible(self.scope),
        )
        return list((await self.session.execute(stmt)).all())

    async def partners_after(self, last: tuple[str, uuid.UUID] | None, size: int) -> list[Any]:
        """The next `size` suggestible partners after `last` by name, then id."""
        name = _by_code_point(self.session, Partner.name)
        stmt = (
            select(Partner.id, Partner.name, Partner.focus_areas)
            .where(*_suggestible(self.scope))
            .order_by(name, Partner.id)
            .limit(size)
        )
        if last is not None:
            after = tuple_(literal(last[0], Partner.name.type), literal(last[1], Partner.id.type))
            stmt = stmt.where(tuple_(name, Partner.id) > after)
        return list((await self.session.execute(stmt)).all())

    async def with_facts(self, rows: Sequence[Any]) -> list[Candidate]:
        """The partners of `rows`, in their order, with what they offer and where they work."""
        if not rows:
            return []
        ids = list(dict.fromkeys(row.id for row in rows))
        offers = await self._offers(ids)
        places = await self._places(ids)
        return [
            Candidate(
                row.id,
                row.name,
                frozenset(item for item in row.focus_areas or () if isinstance(item, str)),
                frozenset(offers.get(row.id, ())),
                frozenset(places.get(row.id, ())),
            )
            for row in rows
        ]

    async def _offers(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
        """The wanted categories each partner's active agreements offer, expired or not."""
        found: dict[uuid.UUID, set[str]] = defaultdict(set)
        if not self.categories:
            return found
        rows = await self.session.execute(
            select(Agreement.partner_id, AgreementService.category)
            .join(AgreementService, AgreementService.agreement_id == Agreement.id)
            .where(
                _among(self.session, Agreement.partner_id, ids, "partner_ids"),
                AgreementService.category.in_(sorted(self.categories)),
                in_force(dt.date.min),
            )
            .distinct()
        )
        for partner_id, category in rows:
            found[partner_id].add(category)
        return found

    async def _places(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, set[Place]]:
        """Which of the wanted places each partner has a live agreement at a school of."""
        found: dict[uuid.UUID, set[Place]] = defaultdict(set)
        if not self.places:
            return found
        rows = await self.session.execute(
            select(Agreement.partner_id, School.level, School.locale_type)
            .join(AgreementSchool, AgreementSchool.agreement_id == Agreement.id)
            .join(School, School.id == AgreementSchool.school_id)
            .where(
                _among(self.session, Agreement.partner_id, ids, "partner_ids"),
                live(self.today),
                _at(sorted(self.places)),
            )
            .distinct()
        )
        for partner_id, level, locale_type in rows:
            found[partner_id].add((level, locale_type))
        return found
