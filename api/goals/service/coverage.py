"""Which goals partners are helping with, which they are not, and who could.

A goal is covered when at least one agreement aligned to it is active: stored
status `active` and not past its end date. Expired, terminated or draft
agreements do not cover; a district-wide agreement covers only the goals it is
aligned to. Counts are grouped in SQL; the gaps, their suggestions and the
agreements supporting no goal are bounded lists.
"""

import datetime as dt
import functools
import operator
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    String,
    Uuid,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import districts_in_scope, schools_in_scope
from api.access.goals import goals_visible
from api.access.partners import agreements_visible, partners_visible
from api.core.crud import get_record
from api.core.scope import Scope
from api.directory.models import District, School
from api.goals.models import Alignment, Goal
from api.goals.vocabulary import AREA_SERVICE_CATEGORIES, GoalStatus
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


@dataclass(frozen=True)
class CoverageFilters:
    school_year: str
    school_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None


def in_force(today: dt.date) -> ColumnElement[bool]:
    """`health.live` (with `date.min`: stored status `active`), written so that no index on the agreements' status and end date
    can drive the lookup: per goal, its few alignments lead to their agreements, where
    SQLite would otherwise walk every live agreement for each goal."""
    return case((Agreement.status == "active", Agreement.end_date), else_=None) >= today


def covered(today: dt.date) -> ColumnElement[bool]:
    """The goal has an active aligned agreement."""
    return exists(
        select(Alignment.goal_id)
        .join(Agreement, Agreement.id == Alignment.agreement_id)
        .where(Alignment.goal_id == Goal.id, in_force(today))
    )


async def check_place(session: AsyncSession, scope: Scope, filters: CoverageFilters) -> None:
    """A school or district outside the caller's scope is a 404, as anywhere."""
    if filters.school_id is not None:
        await get_record(session, School, filters.school_id, schools_in_scope(scope))
    if filters.district_id is not None:
        await get_record(session, District, filters.district_id, districts_in_scope(scope))


def goals_where(scope: Scope, filters: CoverageFilters) -> list[ColumnElement[bool]]:
    where = [goals_visible(scope), Goal.school_year == filters.school_year]
    if filters.school_id is not None:
        where.append(Goal.school_id == filters.school_id)
    if filters.district_id is not None:
        where.append(Goal.district_id == filters.district_id)
    return where


async def area_counts(
    session: AsyncSession, scope: Scope, filters: CoverageFilters, today: dt.date
) -> list[dict[str, Any]]:
    is_covered = case((covered(today), 1), else_=0)
    goals = (
        select(Goal.area, Goal.status, is_covered.label("covered"))
        .where(*goals_where(scope, filters))
        .subquery("year_goals")
    )
    active = goals.c.status == GoalStatus.active.value

    def count(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    stmt = (
        select(
            goals.c.area,
            func.count().label("goals"),
            count(active).label("active"),
            count(goals.c.covered == 1).label("covered"),
            count(and_(active, goals.c.covered == 0)).label("gaps"),
        )
        .group_by(goals.c.area)
        .order_by(goals.c.area)
    )
    return [
        {key: (int(value) if key != "area" else value) for key, value in row.items()}
        for row in (await session.execute(stmt)).mappings()
    ]


def totals_of(areas: Sequence[dict[str, Any]], covered_active: int) -> dict[str, Any]:
    active = sum(area["active"] for area in areas)
    return {
        "goals": sum(area["goals"] for area in areas),
        "active": active,
        "covered": sum(area["covered"] for area in areas),
        "gaps": sum(area["gaps"] for area in areas),
        "coverage": round(covered_active / active, 4) if active else None,
    }


async def gaps(
    session: AsyncSession, scope: Scope, filters: CoverageFilters, today: dt.date, limit: int
) -> list[dict[str, Any]]:
    stmt = (
        select(
            Goal.id.label("goal_id"),
            Goal.title,
            Goal.area,
            Goal.priority,
            Goal.school_id,
            Goal.district_id,
            Goal.asked_services,
            School.level,
            School.locale_type,
        )
        .outerjoin(School, School.id == Goal.school_id)
        .where(
            *goals_where(scope, filters),
            Goal.status == GoalStatus.active.value,
            ~covered(today),
        )
        .order_by(case((Goal.priority.is_(None), 1), else_=0), Goal.priority, Goal.title, Goal.id)
        .limit(limit)
    )
    return [dict(row) for row in (await session.execute(stmt)).mappings()]


def _wanted(gap: dict[str, Any]) -> dict[str, bool]:
    """The categories that would help a gap, each marked when the school asked for it."""
    wanted = dict.fromkeys(AREA_SERVICE_CATEGORIES.get(gap["area"], ()), False)
    return wanted | dict.fromkeys(gap["asked_services"] or (), True)


def _rows(name: str, rows: list[dict[str, Any]], types: dict[str, Any]) -> Any:
    """Literal rows as a named common table expression."""
    selects = [
        select(*(literal(row[column], type_).label(column) for column, type_ in types.items()))
        for row in rows
    ]
    return union_all(*selects).cte(name)


def _nearby(gap_rows: Sequence[dict[str, Any]], places: Any, today: dt.date) -> Any:
    """Partners with a live agreement at a school of the gap's level and locale.

    The partners at each level and locale are found once, over the live agreements,
    then matched to the gaps; walking each gap's similar schools would read thousands.
    """
    levels = sorted({gap["level"] for gap in gap_rows if gap["level"]})
    locales = sorted({gap["locale_type"] for gap in gap_rows if gap["locale_type"]})
    working = (
        select(School.level, School.locale_type, Agreement.partner_id)
        .join(AgreementSchool, AgreementSchool.school_id == School.id)
        .join(Agreement, Agreement.id == AgreementSchool.agreement_id)
        .where(live(today), School.level.in_(levels), School.locale_type.in_(locales))
        .distinct()
        .subquery("working")
    )
    return (
        select(
            places.c.goal_id,
            working.c.partner_id,
            literal(0).label("works_in_district"),
            literal(1).label("works_at_similar_schools"),
        )
        .select_from(places)
        .join(
            working,
            and_(working.c.level == places.c.level, working.c.locale_type == places.c.locale_type),
        )
    )


def _present(gap_rows: Sequence[dict[str, Any]], places: Any, today: dt.date) -> Any:
    """Per gap, the partners already working in its district or at schools like its own."""
    in_district = (
        select(
            places.c.goal_id,
            Agreement.partner_id,
            literal(1).label("works_in_district"),
            literal(0).label("works_at_similar_schools"),
        )
        .select_from(places)
        .join(Agreement, and_(Agreement.district_id == places.c.district_id, in_force(today)))
    )
    either = union_all(in_district, _nearby(gap_rows, places, today)).subquery("either")
    return (
        select(
            either.c.goal_id,
            either.c.partner_id,
            func.max(either.c.works_in_district).label("works_in_district"),
            func.max(either.c.works_at_similar_schools).label("works_at_similar_schools"),
        )
        .group_by(either.c.goal_id, either.c.partner_id)
        .subquery("present")
    )


def _suggestions_statement(
    scope: Scope, gap_rows: Sequence[dict[str, Any]], today: dt.date, per_gap: int
) -> Select[Any]:
    wants = _rows(
        "wants",
        [
            {"goal_id": gap["goal_id"], "category": category, "asked": asked}
            for gap in gap_rows
            for category, asked in _wanted(gap).items()
        ],
        {"goal_id": Uuid, "category": String, "asked": Boolean},
    )
    places = _rows(
        "places",
        list(gap_rows),
        {"goal_id": Uuid, "district_id": Uuid, "level": String, "locale_type": String},
    )
    present = _present(gap_rows, places, today)

    # Which wanted (and which asked) categories each nearby partner's agreements offer:
    # joined and grouped as sets, so each database hashes them once.
    offered = (
        select(
            present.c.goal_id,
            present.c.partner_id,
            func.max(case((wants.c.asked, 1), else_=0)).label("asked"),
            func.max(case((wants.c.asked, 0), else_=1)).label("for_area"),
        )
        .join(Agreement, Agreement.partner_id == present.c.partner_id)
        .join(AgreementService, AgreementService.agreement_id == Agreement.id)
        .join(
            wants,
            and_(
                wants.c.goal_id == present.c.goal_id,
                wants.c.category == AgreementService.category,
            ),
        )
        .where(in_force(dt.date.min))
        .group_by(present.c.goal_id, present.c.partner_id)
        .subquery("offered")
    )

    # Focus areas are a JSON list of category names: a quoted name is one element.
    focus = exists(
        select(wants.c.category).where(
            wants.c.goal_id == present.c.goal_id,
            cast(Partner.focus_areas, String).like("%" + '"' + wants.c.category + '"' + "%"),
        )
    )
    flagged = (
        select(
            present,
            Partner.name,
            func.coalesce(offered.c.asked, 0).label("offers_asked_service"),
            func.coalesce(offered.c.for_area, 0).label("offers_service_for_area"),
            case((focus, 1), else_=0).label("focus_area_fits"),
        )
        .join(Partner, Partner.id == present.c.partner_id)
        .outerjoin(
            offered,
            and_(
                offered.c.goal_id == present.c.goal_id,
                offered.c.partner_id == present.c.partner_id,
            ),
        )
        .where(partners_visible(scope), Partner.status != "inactive")
        # Computed once: the score, the rank and the filter each read the flags.
        .cte("flagged")
        .prefix_with("MATERIALIZED")
    )
    score: ColumnElement[int] = functools.reduce(
        operator.add, (flagged.c[reason] * points for reason, points in REASON_POINTS.items())
    )
    fits = or_(
        flagged.c.offers_asked_service == 1,
        flagged.c.offers_service_for_area == 1,
        flagged.c.focus_area_fits == 1,
    )
    ranked = (
        select(
            flagged,
            score.label("score"),
            func.row_number()
            .over(
                partition_by=flagged.c.goal_id,
                order_by=(score.desc(), flagged.c.name, flagged.c.partner_id),
            )
            .label("rank"),
        )
        .where(fits)
        .subquery("ranked")
    )
    return select(ranked).where(ranked.c.rank <= per_gap).order_by(ranked.c.goal_id, ranked.c.rank)


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
    stmt = _suggestions_statement(scope, gap_rows, today, per_gap)
    for row in (await session.execute(stmt)).mappings():
        found[_uuid(row["goal_id"])].append(
            {
                "partner_id": row["partner_id"],
                "name": row["name"],
                "score": int(row["score"]),
                "reasons": [reason for reason in REASON_POINTS if row[reason]],
            }
        )
    return found


def _public(gap: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in gap.items() if key not in ("level", "locale_type")}


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _agreements_where(
    scope: Scope, filters: CoverageFilters, today: dt.date
) -> list[ColumnElement[bool]]:
    supports_a_goal = exists(
        select(Alignment.goal_id)
        .join(Goal, Goal.id == Alignment.goal_id)
        .where(Alignment.agreement_id == Agreement.id, Goal.school_year == filters.school_year)
    )
    where = [agreements_visible(scope), live(today), ~supports_a_goal]
    if filters.school_id is not None:
        school_district = select(School.district_id).where(School.id == filters.school_id)
        where.append(
            or_(
                exists(
                    select(AgreementSchool.school_id).where(
                        AgreementSchool.agreement_id == Agreement.id,
                        AgreementSchool.school_id == filters.school_id,
                    )
                ),
                and_(
                    Agreement.district_wide.is_(True),
                    Agreement.district_id.in_(school_district.scalar_subquery()),
                ),
            )
        )
    if filters.district_id is not None:
        where.append(Agreement.district_id == filters.district_id)
    return where


async def unaligned_agreements(
    session: AsyncSession, scope: Scope, filters: CoverageFilters, today: dt.date, limit: int
) -> tuple[list[dict[str, Any]], int]:
    where = _agreements_where(scope, filters, today)
    total = await session.scalar(select(func.count()).select_from(Agreement).where(*where))
    stmt = (
        select(
            Agreement.id.label("agreement_id"),
            Agreement.title,
            Agreement.partner_id,
            Partner.name.label("partner_name"),
            Agreement.end_date,
        )
        .join(Partner, Partner.id == Agreement.partner_id)
        .where(*where)
        .order_by(Agreement.end_date, Agreement.title, Agreement.id)
        .limit(limit)
    )
    return [dict(row) for row in (await session.execute(stmt)).mappings()], int(total or 0)


async def alignment_metrics(
    session: AsyncSession,
    scope: Scope,
    filters: CoverageFilters,
    today: dt.date,
    limit: int,
    per_gap: int,
) -> dict[str, Any]:
    await check_place(session, scope, filters)
    areas = await area_counts(session, scope, filters, today)
    covered_active = sum(area["active"] - area["gaps"] for area in areas)
    gap_rows = await gaps(session, scope, filters, today, limit)
    suggestions = await suggest_partners(session, scope, gap_rows, today, per_gap)
    agreements, agreement_count = await unaligned_agreements(session, scope, filters, today, limit)
    return {
        "as_of": today,
        "school_year": filters.school_year,
        "totals": totals_of(areas, covered_active),
        "areas": areas,
        "gaps": [
            _public(gap) | {"suggested_partners": suggestions[gap["goal_id"]]} for gap in gap_rows
        ],
        "unaligned_agreements": agreements,
        "unaligned_agreement_count": agreement_count,
    }
