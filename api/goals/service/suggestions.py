"""Partners suggested for a goal nobody is helping with.

A partner is suggested when it already works nearby (a live agreement in the goal's
district, or at a school of the same level and locale) and fits: its agreements offer
a category the school asked for or that serves the goal's area, or its focus areas
name one. Each reason adds to a score; the best few per gap are returned, ties by name.

The partners working in a gap's district are few and are all ranked. Those working at
schools like the gap's anywhere may be most of the catalogue, so they are read by name
a page at a time, and a ranking stops reading once its last place could not go to a
partner further on. Gaps that want the same things in the same places share a ranking.
"""

import datetime as dt
import heapq
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.scope import Scope
from api.goals.service.partner_facts import Candidate, FactReader, Place, working_in_districts
from api.goals.vocabulary import AREA_SERVICE_CATEGORIES

# What each reason adds to a suggestion's score.
REASON_POINTS = {
    "offers_asked_service": 3,
    "offers_service_for_area": 2,
    "focus_area_fits": 1,
    "works_in_district": 3,
    "works_at_similar_schools": 2,
}
FIT = ("offers_asked_service", "offers_service_for_area", "focus_area_fits")
FIRST_PAGE = 250  # partners read by name at first; each further page is larger
FEW_NEARBY = 4  # a district with fewer partners per suggestion wanted rarely fills them


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


Entry = tuple[int, str, uuid.UUID, dict[str, bool]]  # (-score, name, id, reasons)


@dataclass
class _Ranking:
    profile: _Profile
    in_district: set[uuid.UUID]
    size: int
    best: list[Entry] = field(default_factory=list)
    asked: set[str] = field(init=False)
    for_area: set[str] = field(init=False)
    every: set[str] = field(init=False)
    elsewhere_at_most: int | None = field(init=False)

    def __post_init__(self) -> None:
        self.asked = {category for category, by_school in self.profile.wanted if by_school}
        self.for_area = {category for category, by_school in self.profile.wanted if not by_school}
        self.every = self.asked | self.for_area
        # The most a partner working only at similar schools could score.
        fit = (bool(self.asked), bool(self.for_area), bool(self.every))
        points = sum(REASON_POINTS[reason] for reason, can in zip(FIT, fit, strict=True) if can)
        self.elsewhere_at_most = (
            points + REASON_POINTS["works_at_similar_schools"]
            if points and self.profile.place is not None
            else None
        )

    def consider(self, candidates: Sequence[Candidate], *, nearby: bool) -> None:
        """Scores the district's partners (`nearby`) or a page of partners from elsewhere."""
        entries = []
        for candidate in candidates:
            if (candidate.partner_id in self.in_district) != nearby:
                continue
            at_place = self.profile.place in candidate.places
            if not (nearby or at_place):
                continue
            reasons = {
                "offers_asked_service": not self.asked.isdisjoint(candidate.offers),
                "offers_service_for_area": not self.for_area.isdisjoint(candidate.offers),
                "focus_area_fits": not self.every.isdisjoint(candidate.focus),
            }
            if not any(reasons.values()):
                continue
            reasons["works_in_district"] = nearby
            reasons["works_at_similar_schools"] = at_place
            score = sum(REASON_POINTS[reason] for reason, given in reasons.items() if given)
            entries.append((-score, candidate.name, candidate.partner_id, reasons))
        self.best = heapq.nsmallest(self.size, [*self.best, *entries], key=lambda e: e[:3])

    def settled(self, read_up_to: tuple[str, uuid.UUID] | None) -> bool:
        """No partner after `read_up_to` by name could take one of the places."""
        if self.elsewhere_at_most is None:
            return True
        if len(self.best) < self.size:
            return False
        negative, name, partner_id, _ = self.best[-1]
        last = -negative
        return last > self.elsewhere_at_most or (
            last == self.elsewhere_at_most
            and read_up_to is not None
            and (name, partner_id) <= read_up_to
        )

    def suggestions(self) -> list[dict[str, Any]]:
        return [
            {
                "partner_id": partner_id,
                "name": name,
                "score": -negative,
                "reasons": [reason for reason in REASON_POINTS if reasons[reason]],
            }
            for negative, name, partner_id, reasons in self.best
        ]


async def _rank_elsewhere(
    reader: FactReader, rankings: list[_Ranking], first: list[Candidate] | None
) -> None:
    """Reads partners by name until every ranking is settled or none is left."""
    read_up_to: tuple[str, uuid.UUID] | None = None
    size = FIRST_PAGE
    open_ = [ranking for ranking in rankings if not ranking.settled(read_up_to)]
    while open_:
        page = (
            first
            if first is not None
            else await reader.with_facts(await reader.partners_after(read_up_to, size))
        )
        first = None
        for ranking in open_:
            ranking.consider(page, nearby=False)
        if len(page) < size:
            return
        read_up_to = page[-1].key
        open_ = [ranking for ranking in open_ if not ranking.settled(read_up_to)]
        size *= 4


def _few_nearby(rankings: Sequence[_Ranking], per_gap: int) -> bool:
    """Whether some gap's district has too few partners to fill its suggestions alone,
    so the first page of other partners is best read along with the district's."""
    return any(
        len(ranking.in_district) < FEW_NEARBY * per_gap
        for ranking in rankings
        if ranking.elsewhere_at_most is not None
    )


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
    districts = {p.district_id for p in profiles.values() if p.district_id is not None}
    in_district = await working_in_districts(session, districts, today)
    reader = FactReader(
        session,
        scope,
        today,
        frozenset(p.place for p in profiles.values() if p.place is not None),
        frozenset(category for p in profiles.values() for category, _ in p.wanted),
    )
    rankings = {
        profile: _Ranking(profile, in_district.get(profile.district_id, set()), per_gap)
        for profile in profiles.values()
    }
    nearby_rows = await reader.partners_by_id(set().union(*in_district.values()))
    first_rows = (
        await reader.partners_after(None, FIRST_PAGE)
        if _few_nearby(list(rankings.values()), per_gap)
        else []
    )
    read = await reader.with_facts([*nearby_rows, *first_rows])
    nearby, first = read[: len(nearby_rows)], read[len(nearby_rows) :]
    for ranking in rankings.values():
        ranking.consider(nearby, nearby=True)
    await _rank_elsewhere(reader, list(rankings.values()), first if first_rows else None)
    for goal_id, profile in profiles.items():
        found[goal_id] = rankings[profile].suggestions()
    return found
