"""Partners suggested for a goal nobody is helping with.

A partner is suggested when it already works nearby (a live agreement in the goal's
district, or at a school of the same level and locale) and fits: its agreements offer
a category the school asked for or that serves the goal's area, or its focus areas
name one. Each reason adds to a score; the best few per gap are returned.

The partners working in each district and at each kind of school, and the categories
each of them offers, are read once for all the gaps; gaps that want the same things in
the same places share one ranking. Pairing every gap with every partner in SQL would
multiply a large district's thousands of partners by its gaps and their agreements.
"""

import datetime as dt
import heapq
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, false, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.partners import partners_visible
from api.core.scope import Scope
from api.directory.models import School
from api.goals.service.goal_coverage import in_force
from api.goals.vocabulary import AREA_SERVICE_CATEGORIES
from api.partners.models import Agreement, AgreementSchool, AgreementService, Partner
from api.partners.service.health import live

# What each reason adds to a suggestion's score.
REASON_POINTS = {
    "offers_asked_service": 3,
    "offers_service_for_area": 2,
    "focus_area_fits": 1,
    "works_in_district": 3,
    "works_at_similar_schools": 2,
}

Place = tuple[Any, Any]  # (school level, locale type)


@dataclass(frozen=True)
class _Candidate:
    partner_id: uuid.UUID
    name: str
    offers: frozenset[str]
    focus: frozenset[str]


@dataclass(frozen=True)
class _Profile:
    """What ranks a gap's partners: where it is and which categories would help."""

    district_id: Any
    place: Place | None
    wanted: tuple[tuple[str, bool], ...]  # (category, asked by the school)


def _wanted(gap: dict[str, Any]) -> dict[str, bool]:
    """The categories that would help a gap, each marked when the school asked for it."""
    wanted = dict.fromkeys(AREA_SERVICE_CATEGORIES.get(gap["area"], ()), False)
    return wanted | dict.fromkeys(gap["asked_services"] or (), True)


def _profile(gap: dict[str, Any]) -> _Profile:
    place = (gap["level"], gap["locale_type"])
    return _Profile(
        gap["district_id"],
        place if None not in place else None,
        tuple(sorted(_wanted(gap).items())),
    )


def _working(
    profiles: Iterable[_Profile], today: dt.date
) -> tuple[Select[uuid.UUID, uuid.UUID], Select[str, str | None, uuid.UUID]]:
    """Who has a live agreement in each district, and at schools of each level and locale."""
    districts = sorted({p.district_id for p in profiles if p.district_id is not None}, key=str)
    places = sorted({p.place for p in profiles if p.place is not None})
    in_district = select(Agreement.district_id, Agreement.partner_id).where(
        Agreement.district_id.in_(districts), in_force(today)
    )
    at_places = (
        select(School.level, School.locale_type, Agreement.partner_id)
        .join(AgreementSchool, AgreementSchool.school_id == School.id)
        .join(Agreement, Agreement.id == AgreementSchool.agreement_id)
        .where(
            live(today),
            or_(*(and_(School.level == lv, School.locale_type == lt) for lv, lt in places))
            if places
            else false(),
        )
    )
    return in_district, at_places


async def _candidates(
    session: AsyncSession, scope: Scope, partner_ids: Any, categories: Sequence[str]
) -> dict[uuid.UUID, _Candidate]:
    """The visible, not inactive partners among `partner_ids`, with what they offer."""
    rows = await session.execute(
        select(Partner.id, Partner.name, Partner.focus_areas).where(
            Partner.id.in_(partner_ids), partners_visible(scope), Partner.status != "inactive"
        )
    )
    offered = await session.execute(
        select(Agreement.partner_id, AgreementService.category)
        .join(AgreementService, AgreementService.agreement_id == Agreement.id)
        .where(
            Agreement.partner_id.in_(partner_ids),
            AgreementService.category.in_(categories),
            in_force(dt.date.min),
        )
        .distinct()
    )
    offers: dict[uuid.UUID, set[str]] = defaultdict(set)
    for partner_id, category in offered:
        offers[partner_id].add(category)
    return {
        partner_id: _Candidate(
            partner_id,
            name,
            frozenset(offers.get(partner_id, ())),
            frozenset(item for item in focus_areas or () if isinstance(item, str)),
        )
        for partner_id, name, focus_areas in rows
    }


def _ranked(
    profile: _Profile,
    in_district: set[uuid.UUID],
    at_place: set[uuid.UUID],
    candidates: dict[uuid.UUID, _Candidate],
    per_gap: int,
) -> list[dict[str, Any]]:
    asked = {category for category, by_school in profile.wanted if by_school}
    for_area = {category for category, by_school in profile.wanted if not by_school}
    wanted = asked | for_area
    scored = []
    for partner_id in in_district | at_place:
        candidate = candidates.get(partner_id)
        if candidate is None:
            continue
        flags = {
            "offers_asked_service": not asked.isdisjoint(candidate.offers),
            "offers_service_for_area": not for_area.isdisjoint(candidate.offers),
            "focus_area_fits": not wanted.isdisjoint(candidate.focus),
        }
        if not any(flags.values()):
            continue
        flags["works_in_district"] = partner_id in in_district
        flags["works_at_similar_schools"] = partner_id in at_place
        score = sum(points for reason, points in REASON_POINTS.items() if flags[reason])
        scored.append((-score, candidate.name, partner_id, flags))
    return [
        {
            "partner_id": partner_id,
            "name": name,
            "score": -negative,
            "reasons": [reason for reason in REASON_POINTS if flags[reason]],
        }
        for negative, name, partner_id, flags in heapq.nsmallest(
            per_gap, scored, key=lambda row: row[:3]
        )
    ]


async def suggest_partners(
    session: AsyncSession,
    scope: Scope,
    gap_rows: Sequence[dict[str, Any]],
    today: dt.date,
    per_gap: int,
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """The best-fitting partners already working nearby, per gap, best first."""
    found: dict[uuid.UUID, list[dict[str, Any]]] = {gap["goal_id"]: [] for gap in gap_rows}
    if not gap_rows or per_gap == 0:
        return found
    profiles = {gap["goal_id"]: _profile(gap) for gap in gap_rows}
    working_in, working_at = _working(profiles.values(), today)
    in_district: dict[Any, set[uuid.UUID]] = defaultdict(set)
    for district_id, partner_id in await session.execute(working_in.distinct()):
        in_district[district_id].add(partner_id)
    at_place: dict[Place, set[uuid.UUID]] = defaultdict(set)
    for level, locale_type, partner_id in await session.execute(working_at.distinct()):
        at_place[(level, locale_type)].add(partner_id)
    partner_ids = union(
        working_in.with_only_columns(Agreement.partner_id),
        working_at.with_only_columns(Agreement.partner_id),
    )
    categories = sorted({category for p in profiles.values() for category, _ in p.wanted})
    candidates = await _candidates(session, scope, partner_ids, categories)
    rankings: dict[_Profile, list[dict[str, Any]]] = {}
    for goal_id, profile in profiles.items():
        if profile not in rankings:
            rankings[profile] = _ranked(
                profile,
                in_district.get(profile.district_id, set()),
                at_place.get(profile.place, set()) if profile.place else set(),
                candidates,
                per_gap,
            )
        found[goal_id] = [dict(suggestion) for suggestion in rankings[profile]]
    return found
